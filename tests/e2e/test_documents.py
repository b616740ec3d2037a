"""Books a finance office accepts, in the browser: the auditor opens a posting, prints its 记账凭证 (a PDF with the
lines, the totals in capitals, 附件N张 and 制单/审核/记账), and exports the journal in the plain layout finance
software imports (header in row 1, one row per line) beside the office journal; a long payment sheet's PDF comes
from a background job."""

import pytest
from playwright.sync_api import expect

from tests import sheets
from tests.core.test_document_layout import pdf_text, squeezed
from tests.core.test_exporter import data  # noqa: F401 (the fixture: a paid round of two rewarded reports)
from tests.funding.factories import fund_fully, make_grant, spend_with_invoice

pytestmark = pytest.mark.e2e


@pytest.mark.rule("FUN-POSTING")
def test_auditor_prints_a_voucher_and_exports_the_journal_for_finance_software(login, page, live_server, world):
    grant = fund_fully(world, make_grant(world))
    spending = spend_with_invoice(world, grant, "18600.00", name="精测仪器发票.pdf", payee="济南精测仪器有限公司")
    base = live_server.url
    login("auditor")
    page.goto(f"{base}/funding/entries/{spending.entry_id}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="打印凭证").click()
    with open(download_info.value.path(), "rb") as handle:
        text = squeezed(pdf_text(handle.read()))
    for mark in ["记账凭证", spending.entry.voucher_label, "合计（大写）：壹万捌仟陆佰元整", "附件1张",
                 "制单：", "审核：", "记账：", "第1页/共1页"]:
        assert mark in text, mark

    union = grant.grassroots_union.pk
    page.goto(f"{base}/funding/books/{union}/journal/?date_from=&date_to=")  # the whole life, not this month
    page.get_by_test_id("export-import").click()
    expect(page.get_by_test_id("export-status")).to_contain_text("已完成")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 Excel 文件").click()
    read = sheets.read(download_info.value.path())
    assert read.header_row == 1
    assert read.header == ("日期", "凭证号", "科目编号", "科目名称", "摘要", "借方金额", "贷方金额")
    assert [r[2] for r in read.rows] == ["102", "231", "231", "102"]


@pytest.mark.rule("SYS-LANG")
def test_finance_gets_a_long_payment_sheet_pdf_from_the_background(login, page, live_server, data, settings):  # noqa: F811
    """A payment sheet longer than EXPORT_INLINE_PDF_ROWS: the round's PDF link offers the background job, its
    progress page says it makes a PDF and hands the file over when it is done (issue 10)."""
    settings.EXPORT_INLINE_PDF_ROWS = 1
    login("finance")
    page.goto(f"{live_server.url}/hazards/rounds/{data['round'].pk}/")
    page.get_by_role("link", name="奖励发放表 PDF").click()
    expect(page.get_by_test_id("export-start")).to_contain_text("开始导出（PDF）")
    with page.expect_download() as download_info:  # the finished job's file is fetched once, by the page
        page.get_by_role("button", name="开始导出（PDF）").click()
    expect(page.get_by_test_id("export-format")).to_have_text("PDF")
    expect(page.get_by_role("link", name="下载 PDF 文件")).to_be_visible()
    assert download_info.value.suggested_filename == "奖励发放表-2026-全市.pdf"
    with open(download_info.value.path(), "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert "职工排查安全生产事故隐患奖励发放表" in squeezed(pdf_text(content))
