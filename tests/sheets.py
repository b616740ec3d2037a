"""Reading an exported workbook in tests: the header row is the one above the frozen pane (row 3 in the office
layout under the title and the union/period line, row 1 in a plain import layout), so tests never count rows."""

import io
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_from_string

from jinan_union.exporter import SIGNATURES


@dataclass
class Sheet:
    sheet: object  # the openpyxl worksheet
    above: list[tuple]  # the rows above the header: title, then the union/period/制表日期 line
    header: tuple
    rows: list[tuple]  # the rows under the header, footer rows included, without blank and signature lines
    signatures: list[tuple]

    @property
    def title(self):
        return self.above[0][0] if self.above else None

    @property
    def scope(self):
        return self.above[1][0] if len(self.above) > 1 else None

    @property
    def header_row(self) -> int:
        return len(self.above) + 1


def header_row(sheet) -> int:
    return coordinate_from_string(sheet.freeze_panes)[1] - 1


def content_of(source) -> bytes:
    if isinstance(source, bytes):
        return source
    if hasattr(source, "streaming_content"):
        return b"".join(source.streaming_content) if source.streaming else source.content
    if hasattr(source, "content"):
        return source.content
    with open(source, "rb") as handle:  # a path
        return handle.read()


def read(source) -> Sheet:
    """An export (bytes, a response or a path) as its parts."""
    sheet = load_workbook(io.BytesIO(content_of(source))).active
    values = list(sheet.values)
    h = header_row(sheet)
    under = [r for r in values[h:] if any(v not in (None, "") for v in r)]
    signed = [r for r in under if r[0] == SIGNATURES[0]]
    rows = [r for r in under if r[0] != SIGNATURES[0]]
    return Sheet(sheet, values[: h - 1], values[h - 1], rows, signed)
