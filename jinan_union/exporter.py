"""One exporter for every export, shaped like pretix's base/exporter.py.

An export is a class: its identifier, title, the roles that may run it, the visibility query and filterset whose
rows it takes (the list page's own, SYS-SCOPE), typed columns, its rows as an iterator and optional footer rows.
Classes register themselves with `@register`; the apps' `exports` modules are imported when Django starts.
One writer renders every .xlsx: amounts and counts are numbers, dates are date cells, datetimes are in
Asia/Shanghai, and text is always text: a name typed as `=HYPERLINK(…)` can never run as a formula. Sheet titles
and download file names are built safely from whatever a user typed (RFC 6266).
"""

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property, partial
from itertools import chain, islice, product
from typing import ClassVar
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .documents import chinese_date, chinese_datetime, html_to_pdf, render_pdf
from .money import format_yuan
from .paging import ordered

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
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
    # A long PDF is rendered in parts (render_export_pdf): its template shows the title only where `continued` is
    # false, its totals and signatures only where `continues` is false.
    pdf_in_parts: ClassVar[bool] = False
    # The office layout (title, union and period, 制表日期, 合计, print settings); False: a plain table for software
    # to import (header in row 1, nothing else), as finance software and banks read them.
    office_layout: ClassVar[bool] = True
    # A payment or ledger document: a 制表/审核/负责人 line under the table, on paper and in the workbook.
    signatures: ClassVar[bool] = False

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

    def scope_items(self) -> list[tuple[str, str]]:
        """The document's union and period, as (label, value) pairs printed under its title."""
        org = getattr(getattr(self, "user", None), "organisation", None)
        pairs = [("单位", str(org) if org else "济南市总工会")]
        year = getattr(self, "params", {}).get("year", "")
        if year:
            pairs.append(("年度", f"{year}年"))
        return pairs

    def scope_line(self) -> str:
        """单位：历下区总工会　期间：2026年1月1日至2026年12月31日　制表日期：2026年12月1日."""
        return "　".join(f"{label}：{value}" for label, value in [*self.scope_items(), ("制表日期", self.made_on())])

    def made_on(self) -> str:
        """制表日期, as the document prints it."""
        return made_on()

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


def _typed(value, kind: str, bold: bool = False) -> tuple[object, bool]:
    """A cell's value for its column's kind, and whether it is text. A value of the wrong type for its column is a
    programming error, refused."""
    if value is None or value == "":
        return None, False
    if isinstance(value, float):
        raise TypeError("金额不得使用浮点数")
    if kind == TEXT or isinstance(value, str):
        if kind != TEXT and not bold:
            raise TypeError(f"{kind} 列的值不能是文字：{value!r}")
        return clean_text(value), True
    if kind in (NUMBER, MONEY):
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise TypeError(f"{kind} 列的值必须是数字：{value!r}")
        return value, False
    if kind == DATETIME:
        if not isinstance(value, datetime):
            raise TypeError(f"时间列的值必须是 datetime：{value!r}")
        return (timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value), False
    if kind == DATE:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise TypeError(f"日期列的值必须是 date：{value!r}")
    return value, False


def _cell(sheet, value, kind: str, bold: bool = False) -> WriteOnlyCell:
    """One typed cell of its own (the title, the union and period line, the header)."""
    value, is_text = _typed(value, kind, bold)
    cell = WriteOnlyCell(sheet, value)
    if is_text:
        # Always a string, never a formula, and kept as text when someone edits the cell.
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif kind in FORMATS:
        cell.number_format = FORMATS[kind]
    if bold:
        cell.font = Font(bold=True)
    return cell


def made_on() -> str:
    """制表日期: today in Asia/Shanghai."""
    return chinese_date(timezone.localdate())


def text_width(text: str) -> int:
    """The width of a text in a sheet's character units: a CJK (wide) character counts as 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def too_wide(text: str, limit: float) -> bool:
    """Whether a text is wider than its column (then it wraps); its length alone answers most texts."""
    if 2 * len(text) <= limit:
        return False
    return len(text) > limit or text_width(text) > limit


def _shown_width(value, kind: str) -> int:
    if value is None or value == "":
        return 0
    if kind == MONEY and isinstance(value, int | Decimal):
        return len(f"¥{value:,.2f}")
    if kind == DATE and not isinstance(value, str):
        return 10
    if kind == DATETIME and not isinstance(value, str):
        return 16
    return max(text_width(line) for line in str(value).split("\n"))


WIDTH_SAMPLE = 200  # rows looked at for the column widths; the sheet's columns are written before its rows
MAX_WIDTH = 50


def column_widths(columns: Sequence[Column], rows: Sequence[Sequence]) -> list[int]:
    """Widths that fit the header and the sampled values (a CJK character counts as 2), at most MAX_WIDTH, or
    the column's own width when it names one and its texts are longer (they wrap)."""
    widths = []
    for index, column in enumerate(columns):
        fit = max([text_width(column.label), *(_shown_width(r[index], column.kind) for r in rows if index < len(r))])
        cap = column.width if column.width and column.width >= text_width(column.label) else MAX_WIDTH
        widths.append(max(6, min(fit + 2, max(cap, 8))))
    return widths


class Totals:
    """The 合计 row of an export that lists amounts: the sums of its money columns, counted as the rows pass
    (SYS-MONEY: Decimal). An exporter whose footer already has its 合计 keeps it."""

    def __init__(self, exporter: Exporter):
        self.exporter = exporter
        self.money = [i for i, c in enumerate(exporter.columns) if c.kind == MONEY]
        self.sums = {i: Decimal("0.00") for i in self.money}

    def counting(self, rows: Iterable[Sequence]) -> Iterator[Sequence]:
        for row in rows:
            for i in self.money:
                if i < len(row) and isinstance(row[i], int | Decimal) and not isinstance(row[i], bool):
                    self.sums[i] += row[i]
            yield row

    def footer(self) -> list:
        footer = list(self.exporter.footer())
        has_total = any(isinstance(v, str) and "合计" in v for row in footer for v in row)
        if not self.exporter.office_layout or not self.money or has_total:
            return footer
        row = [None] * len(self.exporter.columns)
        row[0] = "合计"
        for i, total in self.sums.items():
            row[i] = total
        return [*footer, row]


SIGNATURES = ("制表：", "审核：", "负责人：")
THIN = Side(style="thin")
RULED = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)  # the table's cells, ruled as on paper
WRAP = Alignment(wrap_text=True, vertical="top")  # a text longer than its column


def signature_row(width: int) -> list[str | None]:
    """制表/审核/负责人 spread over the table's columns."""
    row = [None] * max(width, len(SIGNATURES))
    for n, label in enumerate(SIGNATURES):
        row[n * max(width, len(SIGNATURES)) // len(SIGNATURES)] = label
    return row


def _print_settings(sheet, header_row: int) -> None:
    """Landscape A4, fit to the page's width, the header row repeated on every page, 第N页/共M页 at the foot."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top, sheet.page_margins.bottom = 0.6, 0.7
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.oddFooter.center.text = "第&P页/共&N页"
    sheet.oddFooter.center.size = 9


def write_xlsx(target, exporter: Exporter, rows: Iterable[Sequence] | None = None) -> None:
    """Write the export as a one-sheet workbook in write-only mode, so that big exports stay small in memory.
    `rows` replaces the exporter's rows (a background job passes them through its progress counter).

    The office layout, for every export: a merged title row, the union and period with 制表日期, the frozen
    header row, columns as wide as their Chinese texts, landscape A4 fit to width with the header repeated and
    page numbers, a 合计 row under amounts and, on payment and ledger documents, 制表/审核/负责人. A plain export
    (`office_layout = False`) is the header and the rows only, for software to import."""
    columns = exporter.columns
    width = len(columns)
    last = get_column_letter(width)
    workbook = Workbook(write_only=True)
    heading = exporter.heading()
    sheet = workbook.create_sheet(title=sheet_title(heading))
    totals = Totals(exporter)
    body = iter(totals.counting(exporter.rows() if rows is None else rows))
    sample = list(islice(body, WIDTH_SAMPLE))  # the widths are written before the rows: look at the first ones
    for index, fit in enumerate(column_widths(columns, sample), 1):
        sheet.column_dimensions[get_column_letter(index)].width = fit
    header_row = 3 if exporter.office_layout else 1
    sheet.freeze_panes = f"A{header_row + 1}"
    if exporter.office_layout:
        _print_settings(sheet, header_row)
        title_cell = _cell(sheet, heading, TEXT)
        title_cell.font = Font(bold=True, size=16)
        title_cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.row_dimensions[1].height = 30
        sheet.append([title_cell])
        sheet.append([_cell(sheet, exporter.scope_line(), TEXT)])
        if width > 1:
            sheet.merged_cells.add(f"A1:{last}1")
            sheet.merged_cells.add(f"A2:{last}2")
    header = []
    for c in columns:
        cell = _cell(sheet, c.label, TEXT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = RULED
        header.append(cell)
    sheet.append(header)
    table = TableRows(sheet, columns, header_row + 1, ruled=exporter.office_layout)

    def lines() -> Iterator[bytes]:
        for row in chain(sample, body):
            yield table.row(row)
        for row in totals.footer():
            yield table.row([*row, *[None] * (width - len(row))], bold=True)  # a footer may end early ("3 项")
        if exporter.office_layout and exporter.signatures:
            yield table.row([])
            yield table.row(signature_row(width), plain=True)

    head = io.BytesIO()
    workbook.save(head)  # everything but the table's rows, which follow the header in the sheet's stream
    _with_rows(head, target, sheet.path.lstrip("/"), lines())


class TableRows:
    """The table's rows as the sheet's XML, written straight to the workbook's stream (issue 10): openpyxl's
    writer makes an object per cell and looks its style up each time, 3 ms a row; the 200,000-row list took
    minutes. The cells are the same: typed by `_typed` (text is inline text, never a formula; numbers, dates
    and datetimes are numbers in their column's format), each with the style made once for its kind."""

    def __init__(self, sheet, columns: Sequence[Column], first_row: int, ruled: bool):
        self.kinds = [c.kind for c in columns]
        self.letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
        self.limits = [sheet.column_dimensions[letter].width for letter in self.letters]
        self.epoch = sheet.parent.epoch
        self.number = first_row
        # Every style the table may use, registered before the workbook's styles are written.
        self.styles = {}
        for kind in {TEXT, *self.kinds}:
            for bold, wrap, quoted in product((False, True), repeat=3):
                probe = WriteOnlyCell(sheet)
                if kind in FORMATS and kind != TEXT:
                    probe.number_format = FORMATS[kind]
                if bold:
                    probe.font = Font(bold=True)
                if ruled:
                    probe.border = RULED
                if wrap:
                    probe.alignment = WRAP
                probe.quotePrefix = quoted  # a text starting with = + - @ stays text when edited
                self.styles[kind, bold, wrap, quoted] = probe.style_id

    def row(self, values: Sequence, bold: bool = False, plain: bool = False) -> bytes:
        """One row's XML; `plain`: cells without a style (the signature line under the table)."""
        n = self.number
        self.number += 1
        out = [f'<row r="{n}">']
        kinds, letters, limits = self.kinds, self.letters, self.limits
        if plain:  # text only, and it may be wider than the table (制表/审核/负责人 under two columns)
            kinds, letters = [TEXT] * len(values), [get_column_letter(i) for i in range(1, len(values) + 1)]
            limits = [MAX_WIDTH] * len(values)
        for value, kind, letter, limit in zip(values, kinds, letters, limits, strict=False):
            value, is_text = _typed(value, kind, bold)
            if is_text:
                value = value[:32767]  # a cell holds at most 32,767 characters
                quoted = value.startswith(FORMULA_STARTS)
                style = 0 if plain else self.styles[TEXT, bold, too_wide(value, limit), quoted]
                space = ' xml:space="preserve"' if value.strip() and value != value.strip() else ""
                out.append(f'<c r="{letter}{n}" s="{style}" t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>')
                continue
            style = 0 if plain else self.styles[kind, bold, False, False]
            if value is None:
                if style:
                    out.append(f'<c r="{letter}{n}" s="{style}"/>')
                continue
            if isinstance(value, date):
                value = to_excel(value, self.epoch)
            out.append(f'<c r="{letter}{n}" s="{style}" t="n"><v>{safe_string(value)}</v></c>')
        out.append("</row>")
        return "".join(out).encode()


def _with_rows(head: io.BytesIO, target, sheet_path: str, lines: Iterable[bytes], batch: int = 1000) -> None:
    """Copy the workbook `head` into `target`, its sheet with `lines` added at the end of its rows."""
    with zipfile.ZipFile(head) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != sheet_path:
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
                continue
            before, after = data.split(b"</sheetData>", 1)  # the sheet has its header row: never <sheetData/>
            # No ZIP64 (some Excel versions refuse it): a sheet's XML up to 2 GiB (200,000 report rows: 147 MB).
            with out.open(sheet_path, "w") as stream:
                stream.write(before)
                lines = iter(lines)
                while chunk := b"".join(islice(lines, batch)):
                    stream.write(chunk)
                stream.write(b"</sheetData>" + after)


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


PDF_PART_ROWS = 400  # rows of one part of a long PDF (settings.PDF_PART_ROWS): about 18 landscape pages
PDF_WORKERS = 2  # processes rendering the parts (settings.PDF_WORKERS); 1 renders them in this process


def render_export_pdf(exporter: Exporter, part_rows: int | None = None, workers: int | None = None,
                      progress: Callable[[int], None] | None = None) -> bytes:
    """The export's PDF: the same rows and the same 合计 as its workbook, under its title and the union, period
    and 制表日期 line; page numbers and the signature line come from documents/base_pdf.html.

    More rows than a part holds (`pdf_in_parts` exports): WeasyPrint keeps every page's boxes until it writes the
    file (about 4 MB a page), so the rows are rendered in parts, each written and freed (in `workers` processes),
    joined, and numbered 第N页/共M页 afterwards (join_pdf_parts). `progress` (a background job's) is told the rows
    laid out so far after each part; a PDF in one document has nothing to tell before it is done."""
    kinds = [c.kind for c in exporter.columns]
    totals = Totals(exporter)

    def shown(rows):
        return [[Shown(display(v, k), k) for v, k in zip([*row, *[None] * (len(kinds) - len(row))], kinds, strict=True)]
                for row in rows]

    rows = shown(totals.counting(exporter.rows()))
    footer = shown(totals.footer())
    context = {
        "export": exporter, "title": exporter.heading(), "headers": [c.label for c in exporter.columns],
        "kinds": kinds, "rows": rows, "footer": footer, "subtitle": exporter.scope_line(),
        **pdf_widths(exporter.columns, [[c.text for c in row] for row in [*rows, *footer]]),
        "today": exporter.made_on(), "made_on": exporter.made_on(),
        "signatures": SIGNATURES if exporter.signatures else (), **exporter.context(),
    }
    size = max(1, part_rows or getattr(settings, "PDF_PART_ROWS", PDF_PART_ROWS))
    if not exporter.pdf_in_parts or len(rows) <= size:
        return render_pdf(exporter.pdf_template, context)
    workers = workers or getattr(settings, "PDF_WORKERS", PDF_WORKERS)
    parts = -(-len(rows) // size)
    if workers > 1:  # as many parts for each process, of equal size: no process is left rendering alone
        parts = -(-parts // workers) * workers
        size = -(-len(rows) // parts)
    starts = range(0, len(rows), size)
    htmls = [render_to_string(exporter.pdf_template, {
        **context, "rows": rows[start:start + size], "continued": start > 0, "continues": start + size < len(rows),
        "numbered_later": True,
    }) for start in starts]
    on_part = (lambda parts: progress(min(parts * size, len(rows)))) if progress else None
    return join_pdf_parts(htmls, exporter.made_on(), workers, on_part=on_part)


def join_pdf_parts(htmls: Sequence[str], made_on: str, workers: int = 1,
                   on_part: Callable[[int], None] | None = None) -> bytes:
    """The parts' PDFs joined in order (pypdf), each page then stamped with 第N页/共M页 and 制表日期 from one light
    document of M pages that carries only those (documents/page_numbers.html, the same margins). `on_part` is told
    how many parts are joined so far."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    if workers > 1 and len(htmls) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: the parent may hold database connections and threads (the task worker).
        with ProcessPoolExecutor(min(workers, len(htmls)), mp_context=multiprocessing.get_context("spawn")) as pool:
            pdfs = pool.map(html_to_pdf, htmls)  # in order, each as soon as it and those before it are done
            for n, pdf in enumerate(pdfs, 1):
                writer.append(PdfReader(io.BytesIO(pdf)))
                if on_part:
                    on_part(n)
    else:
        for n, pdf in enumerate(map(html_to_pdf, htmls), 1):
            writer.append(PdfReader(io.BytesIO(pdf)))
            if on_part:
                on_part(n)
    box = writer.pages[0].mediabox
    numbers = PdfReader(io.BytesIO(render_pdf("documents/page_numbers.html", {
        "pages": range(len(writer.pages)), "landscape": box.width > box.height, "made_on": made_on,
    })))
    for page, numbered in zip(writer.pages, numbers.pages, strict=True):
        page.merge_page(numbered)
        page.compress_content_streams()  # merge_page leaves the page's content uncompressed (3 times the file)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


LANDSCAPE_UNITS = 160  # half-width characters a landscape A4 line holds at 9pt, the cells' padding left off


def pdf_widths(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> dict:
    """The PDF's column widths in per cent of the page: each column's share of the widths that fit its header
    and its texts (a CJK character counts as 2), so no name or number is squeezed to a character a line.
    An amount, count or date column gets at least its longest value (it never wraps)."""
    fits = []
    for index, column in enumerate(columns):
        longest = max([0, *(text_width(r[index]) for r in rows if index < len(r))])
        header = min(text_width(column.label), 12)  # a long header wraps onto two lines
        if column.kind == TEXT:
            fits.append(max(header, min(longest, 40), 4) + 2)
        else:
            fits.append(max(header, longest, 4) + 2)
    total = sum(fits) or 1
    # A wider table is set smaller, so that its amounts still fit their columns on one line.
    size = max(6.5, min(9.0, 9.0 * LANDSCAPE_UNITS / total))
    return {"widths": [f"{100 * fit / total:.2f}" for fit in fits], "font_size": f"{size:.1f}pt"}


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
