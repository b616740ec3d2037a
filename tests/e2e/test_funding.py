"""The grant journey in the browser: a studio is named, finance records the three transfers, the three
entries appear in the three books, the grassroots clerk spends on equipment (accepted) and on meals
(refused with the reason), and the auditor downloads the trial balance as .xlsx."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from funding.hooks import on_studio_named
from tests.conftest import make_pdf
from tests.funding.factories import fund_fully, make_grant, make_studio, spend_with_invoice

pytestmark = pytest.mark.e2e

STUDIO = "浪潮智能制造创新工作室"


def invoice():
    return {"name": "发票.pdf", "mimeType": "application/pdf", "buffer": make_pdf("invoice")}


@pytest.mark.rule("FUN-GRANT")
@pytest.mark.rule("FUN-POSTING")
@pytest.mark.rule("FUN-USE")
@pytest.mark.rule("FUN-AUDIT")
def test_grant_journey(login, page, live_server, world):
    base = live_server.url
    grant = on_studio_named(studio=make_studio(world, name=STUDIO), by=world.users["secretary"])

    # --- finance records the three transfers ----------------------------------------------------
    login("finance")
    page.goto(f"{base}/funding/")
    page.get_by_role("link", name=STUDIO).click()
    for step in ("系统工会收到资助资金", "系统工会拨付基层工会", "基层工会收到资助资金"):
        page.get_by_role("link", name=f"记录：{step}").click()
        page.get_by_label("银行回单号").fill("HD20260501")
        page.get_by_role("button", name="确认记账").click()
        page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
        expect(page.get_by_text(re.compile("已记账："))).to_be_visible()
    expect(page.get_by_test_id("grant-stage")).to_have_text("基层工会已收到")

    # --- the three entries in the three books ---------------------------------------------------
    lixia = world.system_unions["历下区总工会"].pk
    langchao = world.units["山东浪潮通用软件有限公司"].grassroots_union.pk
    page.goto(f"{base}/funding/books/{lixia}/journal/")
    journal = page.get_by_test_id("journal")
    expect(journal).to_contain_text("102 银行存款")
    expect(journal).to_contain_text("40302 上级补助收入—专项补助")
    expect(journal).to_contain_text("50303 业务支出—专项业务费")
    expect(journal.get_by_role("link", name=re.compile("记-"))).to_have_count(2)
    page.goto(f"{base}/funding/books/{langchao}/journal/")
    expect(page.get_by_test_id("journal")).to_contain_text("231 代管经费")
    expect(page.get_by_test_id("journal").get_by_role("link", name=re.compile("记-"))).to_have_count(1)

    # --- the grassroots clerk spends ------------------------------------------------------------
    login("langchao")
    page.goto(f"{base}/funding/grants/{grant.pk}/")
    page.get_by_role("link", name="登记支出").click()
    page.get_by_label("支出类别").select_option(label="设备购置")
    page.get_by_label("金额（元）").fill("18600.00")
    page.get_by_label("收款单位/人").fill("济南精测仪器有限公司")
    page.set_input_files("input[name=invoice]", invoice())
    page.get_by_role("button", name="登记支出").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(page.get_by_test_id("remaining")).to_have_text("¥31,400.00")

    page.get_by_role("link", name="登记支出").click()
    page.get_by_label("支出类别").select_option(label="食宿安排")
    page.get_by_label("金额（元）").fill("800.00")
    page.get_by_label("收款单位/人").fill("某酒店")
    page.set_input_files("input[name=invoice]", invoice())
    page.get_by_role("button", name="登记支出").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(page.get_by_text(re.compile("资助资金不得用于“食宿安排”.*第十二条"))).to_be_visible()
    expect(page.get_by_text("已上传：发票.pdf")).to_be_visible()

    # --- the auditor downloads the trial balance --------------------------------------------------
    login("auditor")
    page.goto(f"{base}/funding/books/{langchao}/trial-balance/")
    expect(page.get_by_test_id("tb-balanced")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="导出 .xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(open(download.path(), "rb").read())).active.values)
    assert rows[-1][0] == "合计"
    assert rows[-1][4] == rows[-1][5] == 68600


@pytest.mark.rule("FUN-AUDIT")
@pytest.mark.rule("SYS-FILES")
def test_auditor_reads_the_statement_chart_opens_the_invoice_and_exports_the_journal(login, page, live_server, world):
    grant = fund_fully(world, make_grant(world, name=STUDIO))
    spend_with_invoice(world, grant, "18600.00", name="精测仪器发票.pdf", payee="济南精测仪器有限公司")

    base = live_server.url
    login("auditor")
    page.goto(f"{base}/funding/grants/{grant.pk}/")
    chart = page.get_by_test_id("bar-chart")
    expect(chart).to_contain_text("设备购置")
    expect(chart).to_contain_text("¥31,400.00")
    page.screenshot(path="/tmp/funding-grant-detail.png", full_page=True)
    with page.expect_popup() as popup_info:
        page.get_by_role("link", name="精测仪器发票.pdf").click()
    assert popup_info.value.url.endswith("?inline=1")

    page.goto(f"{base}/funding/")
    expect(page.get_by_test_id("bar-chart")).to_contain_text("历下区总工会 已支出")
    page.screenshot(path="/tmp/funding-grant-list.png", full_page=True)

    langchao = grant.grassroots_union.pk
    page.goto(f"{base}/funding/books/{langchao}/journal/?date_from=2026-05-01")
    page.get_by_test_id("export-background").click()
    expect(page.get_by_test_id("export-status")).to_contain_text("已完成")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 Excel 文件").click()
    rows = list(load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read())).active.values)
    assert rows[1] == ("日期", "凭证号", "摘要", "科目编号", "科目名称", "借方", "贷方")
    assert [r[3] for r in rows[2:]] == ["102", "231", "231", "102"]
