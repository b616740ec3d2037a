"""Documents: PDFs from templates (WeasyPrint, Chinese font embedded). Exports of rows (.xlsx, and their PDFs)
go through jinan_union.exporter."""

from datetime import date, datetime

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone


def chinese_date(value: date | datetime | None) -> str:
    """2026年9月30日 (SYS-LANG), in Asia/Shanghai for datetimes."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_datetime(value: datetime | None) -> str:
    """2026年9月30日 14:05, in Asia/Shanghai."""
    if value is None:
        return ""
    return f"{chinese_date(value)} {timezone.localtime(value):%H:%M}"


def render_pdf(template_name: str, context: dict) -> bytes:
    # 制表日期 at the foot of every page (documents/base_pdf.html), in Asia/Shanghai.
    return html_to_pdf(render_to_string(template_name, {"made_on": chinese_date(timezone.localdate()), **context}))


def html_to_pdf(html: str) -> bytes:
    """The PDF of a rendered document (also run in a worker process for a part of a long export)."""
    from weasyprint import HTML  # imported late: it loads Pango and fonts

    return HTML(string=html).write_pdf()


def pdf_response(template_name: str, context: dict, name: str) -> HttpResponse:
    """A document as a download; `name` may hold anything a user typed (a studio's, a union's name)."""
    from .exporter import content_disposition

    response = HttpResponse(render_pdf(template_name, context), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(name.removesuffix(".pdf"), "pdf")
    return response
