"""Documents: PDF with embedded Chinese text, .xlsx that reopens with Chinese and exact Decimal amounts."""

import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from jinan_union import exporter as ex
from jinan_union.documents import chinese_date, render_pdf
from tests import sheets


@pytest.mark.rule("SYS-LANG")
def test_pdf_contains_the_chinese_text():
    context = {"title": "济南市示范性劳模和工匠人才创新工作室", "subtitle": "伍万元整"}
    pdf = render_pdf("documents/base_pdf.html", context)
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert "济南市示范性劳模和工匠人才创新工作室" in text
    assert "伍万元整" in text
    fonts = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts  # the CJK font is embedded, not referenced
    assert "{#" not in text and "Every PDF" not in text  # the template's own comment is not printed
    # One face for everything, the foot's 第1页/共1页 and its date included (the page box is outside <body>: it fell
    # back to DejaVu Serif for the digits and the Japanese face for 第页共).
    faces = {str(f.get_object()["/BaseFont"]).split("+", 1)[-1] for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert faces and all(face.replace("-", "").startswith("NotoSansCJKSC") for face in faces), faces


def test_no_template_comment_spans_lines():
    """Django's {# … #} is one line only: over two lines it is printed (it was, on top of every PDF's first page).
    Longer comments use {% comment %}."""
    from django.conf import settings

    spread = [f"{path.relative_to(settings.BASE_DIR)}:{n}"
              for path in sorted((settings.BASE_DIR / "templates").rglob("*.html"))
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if line.count("{#") > line.count("#}")]
    assert spread == []


@pytest.mark.rule("SYS-MONEY")
def table(title, columns, rows, footer=()):
    """An exporter of fixed rows, as the apps' exporters are seen by the writer."""
    return type("Fixed", (ex.TableExporter,), {
        "title": title, "columns": columns, "__init__": lambda self: None, "table": lambda self: (rows, footer),
    })()


def test_xlsx_reopens_with_chinese_and_amounts():
    buffer = io.BytesIO()
    ex.write_xlsx(buffer, table("奖励发放表", [ex.text("单位"), ex.money("金额")],
                                [["中建八局济南分公司", Decimal("8000.00")]], [["合计", Decimal("8000.00")]]))
    read = sheets.read(buffer.getvalue())
    assert read.sheet.title == "奖励发放表"
    assert (read.title, read.header, read.rows) == (
        "奖励发放表", ("单位", "金额"), [("中建八局济南分公司", 8000), ("合计", 8000)])
    assert read.sheet.cell(read.header_row + 1, 2).number_format == '"¥"#,##0.00'


def test_xlsx_refuses_floats():
    with pytest.raises(TypeError):
        ex.write_xlsx(io.BytesIO(), table("x", [ex.money("金额")], [[0.1]]))


@pytest.mark.rule("SYS-LANG")
def test_chinese_date():
    assert chinese_date(date(2026, 9, 30)) == "2026年9月30日"
