"""Documents: PDFs from templates (WeasyPrint, Chinese font embedded) and .xlsx from rows (openpyxl)."""

import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# Amounts stay numbers (they add up in Excel/WPS) and show as ¥50,000.00 (SYS-MONEY).
YUAN_FORMAT = '"¥"#,##0.00'
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chinese_date(value: date | datetime | None) -> str:
    """2026年9月30日 (SYS-LANG), in Asia/Shanghai for datetimes."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango and fonts

    html = render_to_string(template_name, context)
    return HTML(string=html).write_pdf()


def attachment_header(filename: str, inline: bool = False) -> str:
    disposition = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def pdf_response(template_name: str, context: dict, filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(template_name, context), content_type="application/pdf")
    response["Content-Disposition"] = attachment_header(filename)
    return response


def _cell(sheet, value, bold: bool = False):
    if isinstance(value, float):
        raise TypeError("金额不得使用浮点数")
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal):
        cell.number_format = YUAN_FORMAT
    elif isinstance(value, datetime):
        cell.value = timezone.localtime(value).replace(tzinfo=None)
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(
    target,
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    footer: Iterable[Sequence] = (),
    widths: Sequence[int] | None = None,
) -> None:
    """Write a one-sheet workbook in write-only mode, so that big exports stay small in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, width in enumerate(widths or [max(10, len(h) * 2 + 4) for h in headers]):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    title_cell = WriteOnlyCell(sheet, value=title)
    title_cell.font = Font(bold=True, size=14)
    title_cell.alignment = Alignment(horizontal="left")
    sheet.append([title_cell])
    sheet.append([_cell(sheet, h, bold=True) for h in headers])
    try:
        for row in rows:
            sheet.append([_cell(sheet, v) for v in row])
        for row in footer:
            sheet.append([_cell(sheet, v, bold=True) for v in row])
    except BaseException:
        sheet.close()  # end the sheet's stream now, not when the garbage collector finds it half-written
        raise
    workbook.save(target)


def xlsx_response(filename: str, **kwargs) -> FileResponse:
    """Stream a workbook from a temporary file (write-only mode needs a file, not a socket)."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(handle, **kwargs)
    handle.seek(0)
    response = FileResponse(handle, content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment_header(filename)
    return response
