"""Documents fit for an office (issue 11): every registered export, opened as the office opens it.

Each workbook (openpyxl): the merged title row, the union and period line with 制表日期, the frozen header row,
columns as wide as their Chinese headers, landscape A4 fit to one page wide with the header row repeated and
第&P页/共&N页 in the footer, a 合计 row under amounts, and 制表/审核/负责人 on payment and ledger documents. A
plain import layout (finance software, the bank) has its header in row 1 and nothing else.
Each PDF (pdftotext, poppler): its title, 制表日期, 第1页/共N页 and its totals."""

import io
import shutil
import subprocess
from types import SimpleNamespace
from uuid import uuid4

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from jinan_union import exporter as ex
from tests import sheets
from tests.core.test_exporter import CASES, data, documents  # noqa: F401 (data is the fixture)


def pdf_text(content: bytes) -> str:
    """The PDF's text as poppler's pdftotext reads it (pypdf where poppler is not installed)."""
    if shutil.which("pdftotext"):
        result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
        return result.stdout.decode()
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def squeezed(text: str) -> str:
    """Without spaces and line ends: a title wrapped over two lines still reads as one."""
    return "".join(text.split())


def pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def exporter_for(identifier, d):
    username, params = CASES[identifier]
    user = d["world"].users[username]
    return ex.REGISTRY[identifier](user, {key: [str(value)] for key, value in params(d).items()})


def workbook_of(exporter):
    buffer = io.BytesIO()
    ex.write_xlsx(buffer, exporter)
    return buffer.getvalue()


@pytest.mark.rule("SYS-MONEY")
@pytest.mark.rule("SYS-LANG")
@pytest.mark.parametrize("identifier", sorted(CASES))
def test_every_export_workbook_is_laid_out_for_the_office(data, identifier):  # noqa: F811
    exporter = exporter_for(identifier, data)
    content = workbook_of(exporter)
    read = sheets.read(content)
    sheet = load_workbook(io.BytesIO(content)).active
    columns = exporter.columns
    assert read.header == tuple(c.label for c in columns)
    assert sheet.freeze_panes == f"A{read.header_row + 1}"  # the header row stays in view
    assert read.rows, f"{identifier} wrote no rows"
    for index, column in enumerate(columns, 1):  # a Chinese header fits its column (a CJK character is 2)
        width = sheet.column_dimensions[chr(64 + index)].width
        assert width >= min(ex.text_width(column.label), ex.MAX_WIDTH), (identifier, column.label, width)
    if not exporter.office_layout:  # for software: the header in row 1, nothing above or below the table
        assert (read.header_row, read.above, read.signatures) == (1, [], [])
        assert not sheet.merged_cells.ranges
        return
    assert read.title == ex.clean_text(exporter.heading())
    assert f"A1:{chr(64 + len(columns))}1" in {str(r) for r in sheet.merged_cells.ranges}
    assert f"制表日期：{exporter.made_on()}" in read.scope
    assert all(f"{label}：" in read.scope for label, _ in exporter.scope_items())
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${read.header_row}:${read.header_row}"  # repeated on every page
    assert sheet.oddFooter.center.text == "第&P页/共&N页"
    if any(c.kind == ex.MONEY for c in columns):
        assert any(isinstance(v, str) and "合计" in v for row in read.rows for v in row), identifier
    if exporter.signatures:
        assert [v for v in read.signatures[0] if v] == list(ex.SIGNATURES)
    else:
        assert read.signatures == []


@pytest.mark.rule("SYS-MONEY")
@pytest.mark.rule("SYS-LANG")
@pytest.mark.parametrize("identifier", sorted(i for i, cls in ex.REGISTRY.items() if cls.pdf_template))
def test_every_export_pdf_has_title_date_totals_and_page_numbers(data, identifier):  # noqa: F811
    exporter = exporter_for(identifier, data)
    content = ex.render_export_pdf(exporter)
    text = squeezed(pdf_text(content))
    assert squeezed(exporter.title) in text, identifier
    assert f"制表日期：{exporter.made_on()}" in text
    total = pages(content)
    assert f"第1页/共{total}页" in text and f"第{total}页/共{total}页" in text
    if any(c.kind == ex.MONEY for c in exporter.columns) or exporter.footer():
        assert "合计" in text, identifier
    if exporter.signatures:
        assert all(label in text for label in ex.SIGNATURES)


# What each document that is not an export's table prints besides its title (a seal or signature line, totals).
DOCUMENT_MARKS = {
    "studios:application-pdf": ["济南市劳模和工匠人才创新工作室申报表", "所在单位工会（盖章）", "填表日期"],
    "studios:batch-annex": ["创新工作室”名单", "合计", "济南市总工会（盖章）"],
    "hazards:report-pdf": ["职工排查安全生产隐患奖励申请表", "单位（盖章）", "工会（盖章）"],
    "hazards:application-summary-pdf": ["职工排查安全生产事故隐患汇总表", "合计", "填报人：", "（盖章）"],
    "hazards:payment-pdf": ["职工排查安全生产事故隐患奖励发放表", "合计", "制表：", "审核：", "负责人：",
                            "财务部门（盖章）"],
    "funding:grant-statement": ["资助资金使用情况", "支出合计", "结余", "制表：", "负责人："],
    "funding:transfer-document": ["创新工作室资助资金拨付凭单", "金额（大写）", "制表：", "（盖章）"],
    "funding:spending-document": ["创新工作室资助资金支出凭单", "金额（大写）", "制表：", "领款人：", "（盖章）"],
    "funding:journal": ["序时账", "合计", "制表："],
    "funding:ledger": ["总分类账", "本期发生额合计", "制表："],
    "funding:trial-balance": ["科目余额表", "合计", "制表："],
    "funding:entry-detail": ["记账凭证", "合计（大写）", "附件", "制单：", "审核：", "记账："],
}


@pytest.mark.rule("SYS-LANG")
def test_every_pdf_document_prints_page_numbers_date_and_its_seal_or_signatures(data, client_for):  # noqa: F811
    from django.urls import resolve

    seen = set()
    # The uploaded file's link is left out below: it is not a document we print.
    for username, url, extension in documents({**data, "attachment": SimpleNamespace(uuid=uuid4())}):
        name = resolve(url.split("?")[0]).view_name
        if extension != "pdf" or name.startswith("attachment"):  # an uploaded file, not a document we print
            continue
        response = client_for(username).get(url)
        assert response.status_code == 200, url
        seen.add(name)
        text = squeezed(pdf_text(response.content))
        total = pages(response.content)
        assert f"第1页/共{total}页" in text, url
        assert "制表日期：" in text, url
        for mark in DOCUMENT_MARKS[name]:
            assert squeezed(mark) in text, (url, mark)
    assert seen == set(DOCUMENT_MARKS)


def test_the_import_layout_is_listed_beside_the_journal(data, client_for):  # noqa: F811
    union = data["union"]
    page = client_for("auditor").get(reverse("funding:journal", args=[union.pk])).content.decode()
    assert reverse("export-start", args=["funding-journal-import"]) + f"?union={union.pk}" in page
    assert reverse("export-start", args=["funding-journal"]) + f"?union={union.pk}" in page
