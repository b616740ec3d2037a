"""One exporter for every export, shaped like pretix's base/exporter.py.

An export is a class: its identifier, title, the roles that may run it, the visibility query and filterset whose
rows it takes (the list page's own, SYS-SCOPE), typed columns, its rows as an iterator and optional footer rows.
Classes register themselves with `@register`; the apps' `exports` modules are imported when Django starts.
One writer renders every .xlsx: amounts and counts are numbers, dates are date cells, datetimes are in
Asia/Shanghai, and text is always text: a name typed as `=HYPERLINK(…)` can never run as a formula. Sheet titles
and download file names are built safely from whatever a user typed (RFC 6266).
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property, partial
from typing import ClassVar
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .documents import chinese_date, chinese_datetime, render_pdf
from .money import format_yuan
from .paging import ordered

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT, NUMBER, MONEY, DATE, DATETIME = "text", "number", "money", "date", "datetime"
FORMATS = {NUMBER: "0", MONEY: '"¥"#,##0.00', DATE: "yyyy-mm-dd", DATETIME: "yyyy-mm-dd hh:mm"}
# Text starting with one of these is a formula (or becomes one when edited) in Excel, WPS and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class Column:
    label: str
    width: int | None = None
    kind: str = TEXT


text, number = partial(Column, kind=TEXT), partial(Column, kind=NUMBER)
money = partial(Column, kind=MONEY, width=16)
day, moment = partial(Column, kind=DATE, width=12), partial(Column, kind=DATETIME, width=17)


# --- the exporter classes ---------------------------------------------------------------------------


class Exporter:
    """One export. Built for a user and the query string of the page it exports (a dict of lists, so a
    background job can store it): `__init__` refuses a user without the roles, `setup()` finds the objects
    the export is about (raising Http404 for what the user may not see)."""

    identifier: ClassVar[str]
    title: ClassVar[str]
    roles: ClassVar[Sequence[str]] = ()  # empty: anybody with a role
    denied: ClassVar[str] = ""
    columns: ClassVar[Sequence[Column]]
    pdf_template: ClassVar[str | None] = None  # a PDF of the same rows, rendered from this template

    def __init__(self, user, params: dict | QueryDict | None = None):
        self.user = user
        self.params = params if isinstance(params, QueryDict) else query_dict(params)
        if not user.roles or (self.roles and not user.has_role(*self.roles)):
            raise PermissionDenied(self.denied or f"您的角色无权导出{self.title}")
        self.setup()

    def setup(self) -> None:
        pass

    def param(self, key: str, default: str = "") -> str:
        return self.params.get(key, default)

    def object_id(self, key: str = "pk") -> int:
        """The id of the record the export is about; anything else is a record nobody may see."""
        value = self.param(key)
        if not (value.isascii() and value.isdigit()):
            raise Http404("记录不存在或无权查看")
        return int(value)

    def count(self) -> int:
        raise NotImplementedError

    def rows(self) -> Iterable[Sequence]:
        raise NotImplementedError

    def footer(self) -> Iterable[Sequence]:
        return ()

    def heading(self) -> str:
        """The first line of the sheet (and of the PDF)."""
        return self.title

    def filename(self) -> str:
        """The download's name without its extension; made safe by `content_disposition`."""
        return self.heading()

    def context(self) -> dict:
        """More context for the PDF template."""
        return {}


class ListExporter(Exporter):
    """The rows of a list page: its visibility query, narrowed by its filterset with the page's query string."""

    filterset_class: ClassVar[type]
    bind_empty: ClassVar[bool] = False  # the page binds its filterset even to an empty query string

    def visible(self):
        raise NotImplementedError

    def queryset(self):
        data = self.params if (self.params or self.bind_empty) else None
        return ordered(self.filterset_class(data, queryset=self.visible()))

    def count(self) -> int:
        return self.queryset().count()

    def rows(self) -> Iterator[Sequence]:
        for n, obj in enumerate(self.queryset().iterator(chunk_size=500), 1):
            yield self.row(obj, n)

    def row(self, obj, n: int) -> Sequence:
        raise NotImplementedError


class TableExporter(Exporter):
    """A report computed whole (a ledger, a payment sheet): `table()` returns (rows, footer)."""

    def table(self) -> tuple[list, list]:
        raise NotImplementedError

    @cached_property
    def made(self) -> tuple[list, list]:
        return self.table()

    def count(self) -> int:
        return len(self.made[0])

    def rows(self) -> list:
        return self.made[0]

    def footer(self) -> list:
        return self.made[1]


REGISTRY: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    if REGISTRY.get(cls.identifier, cls) is not cls:
        raise ValueError(f"两个导出使用同一标识 {cls.identifier}")
    REGISTRY[cls.identifier] = cls
    return cls


def query_dict(params: dict | None) -> QueryDict:
    """A job's stored query string (a dict of lists) back into a QueryDict."""
    query = QueryDict(mutable=True)
    for key, values in (params or {}).items():
        query.setlist(key, [str(v) for v in (values if isinstance(values, list | tuple) else [values])])
    return query


def params_of(query: QueryDict, **more) -> dict[str, list[str]]:
    """A request's query string plus the URL's own arguments, as a dict of lists a job can store."""
    params = {key: query.getlist(key) for key in query}
    params.update({key: [str(value)] for key, value in more.items()})
    return params


# --- .xlsx: the one writer ----------------------------------------------------------------------------


def clean_text(value) -> str:
    """A text cell's value: characters a workbook cannot hold removed, line ends as the workbook keeps them."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")


def _cell(sheet, value, kind: str, bold: bool = False) -> WriteOnlyCell:
    """One typed cell. A value of the wrong type for its column is a programming error, refused."""
    cell = WriteOnlyCell(sheet)
    if value is None or value == "":
        cell.value = None
    elif isinstance(value, float):
        raise TypeError("金额不得使用浮点数")
    elif kind == TEXT or isinstance(value, str):
        if kind != TEXT and not bold:
            raise TypeError(f"{kind} 列的值不能是文字：{value!r}")
        value = clean_text(value)
        cell.value = value
        # Always a string, never a formula, and kept as text when someone edits the cell.
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif kind in (NUMBER, MONEY):
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise TypeError(f"{kind} 列的值必须是数字：{value!r}")
        cell.value = value
    elif kind == DATETIME:
        if not isinstance(value, datetime):
            raise TypeError(f"时间列的值必须是 datetime：{value!r}")
        cell.value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    elif kind == DATE:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise TypeError(f"日期列的值必须是 date：{value!r}")
        cell.value = value
    if kind in FORMATS and cell.data_type != "s":
        cell.number_format = FORMATS[kind]
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(target, exporter: Exporter, rows: Iterable[Sequence] | None = None) -> None:
    """Write the export as a one-sheet workbook in write-only mode, so that big exports stay small in memory.
    `rows` replaces the exporter's rows (a background job passes them through its progress counter)."""
    columns = exporter.columns
    workbook = Workbook(write_only=True)
    heading = exporter.heading()
    sheet = workbook.create_sheet(title=sheet_title(heading))
    for index, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width or max(10, len(column.label) * 2 + 4)
    title_cell = _cell(sheet, heading, TEXT)
    title_cell.font = Font(bold=True, size=14)
    sheet.append([title_cell])
    sheet.append([_cell(sheet, c.label, TEXT, bold=True) for c in columns])
    try:
        for row in exporter.rows() if rows is None else rows:
            sheet.append([_cell(sheet, v, c.kind) for v, c in zip(row, columns, strict=True)])
        for row in exporter.footer():
            row = [*row, *[None] * (len(columns) - len(row))]  # a footer may end early ("合计", "3 项")
            sheet.append([_cell(sheet, v, c.kind, bold=True) for v, c in zip(row, columns, strict=True)])
    except BaseException:
        sheet.close()  # end the sheet's stream now, not when the garbage collector finds it half-written
        raise
    workbook.save(target)


# --- PDF: the same rows through a template ----------------------------------------------------------------


def display(value, kind: str) -> str:
    """A cell as a document shows it: ¥50,000.00, 2026年9月30日 (SYS-MONEY, SYS-LANG)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if kind == MONEY and isinstance(value, Decimal | int):
        return format_yuan(value)
    if kind == DATE:
        return chinese_date(value)
    if kind == DATETIME:
        return chinese_datetime(value)
    return str(value)


@dataclass(frozen=True)
class Shown:
    """A cell of a PDF table: its text, and its column's kind (a template right-aligns money)."""

    text: str
    kind: str

    def __str__(self) -> str:
        return self.text


def render_export_pdf(exporter: Exporter) -> bytes:
    kinds = [c.kind for c in exporter.columns]

    def shown(rows):
        return [[Shown(display(v, k), k) for v, k in zip([*row, *[None] * (len(kinds) - len(row))], kinds, strict=True)]
                for row in rows]

    return render_pdf(exporter.pdf_template, {
        "export": exporter, "title": exporter.heading(), "headers": [c.label for c in exporter.columns],
        "rows": shown(exporter.rows()), "footer": shown(exporter.footer()), **exporter.context(),
    })


# --- safe names ---------------------------------------------------------------------------------------------

SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
# Forbidden in Excel's and Windows' file names, or breaking a header.
FILE_FORBIDDEN = re.compile(r'[/\\:?*\[\]";<>|\x00-\x1f\x7f]')
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def sheet_title(name: str) -> str:
    """A sheet title Excel accepts: none of : \\ / ? * [ ], no apostrophe at either end, at most 31 characters."""
    title = " ".join(SHEET_FORBIDDEN.sub(" ", str(name)).split()).strip("'")[:31].strip().strip("'")
    return title if title and title.lower() != "history" else "Sheet1"


def safe_filename(name: str, extension: str) -> str:
    """A file name Excel, Windows and every browser accept, from any user-typed name."""
    stem = " ".join(FILE_FORBIDDEN.sub("_", str(name)).split()).strip(" .")[:120].rstrip(" .")
    if not stem or stem.split(".")[0].upper() in WINDOWS_RESERVED:
        stem = f"_{stem}" if stem else "download"
    return f"{stem}.{extension}"


def content_disposition(name: str, extension: str, inline: bool = False) -> str:
    """RFC 6266: an ASCII fallback in `filename`, the real name as UTF-8 in `filename*`."""
    filename = safe_filename(name, extension)
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = FILE_FORBIDDEN.sub("_", ascii_name).replace("%", "_")
    if not ascii_name.removesuffix(f".{extension}").strip(" ._-"):
        ascii_name = f"download.{extension}"
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
