"""The grant journey in the browser: a studio is named, finance records the four transfers, the entries
appear in the municipal, system and grassroots unions' books, the grassroots clerk spends on equipment
(accepted) and on meals (refused with the reason), and the auditor downloads the trial balance as .xlsx."""

import re

import pytest
from playwright.sync_api import expect

from funding.hooks import on_studio_named
from tests import sheets
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
    for step in ("市总工会拨付系统工会", "系统工会收到资助资金", "系统工会拨付基层工会", "基层工会收到资助资金"):
        page.get_by_role("link", name=f"记录：{step}").click()
        page.get_by_label("银行回单号").fill("HD20260501")
        page.get_by_role("button", name="确认记账").click()
        page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
        expect(page.get_by_text(re.compile("已记账："))).to_be_visible()
    expect(page.get_by_test_id("grant-stage")).to_have_text("基层工会已收到")

    # --- the four entries in the three unions' books ---------------------------------------------
    page.goto(f"{base}/funding/books/{world.municipal.pk}/journal/")
    expect(page.get_by_test_id("journal")).to_contain_text("50602 补助下级支出—专项补助")
    lixia = world.system_unions["历下区总工会"].pk
    langchao = world.units["山东浪潮通用软件有限公司"].grassroots_union.pk
    page.goto(f"{base}/funding/books/{lixia}/journal/")
    journal = page.get_by_test_id("journal")
    expect(journal).to_contain_text("102 银行存款")
    expect(journal).to_contain_text("40302 上级补助收入—专项补助")
    expect(journal).to_contain_text("50304 业务支出—专项业务费")
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
    read = sheets.read(download.path())
    assert read.rows[-1][0] == "合计"
    assert read.rows[-1][4] == read.rows[-1][5] == 68600
    assert read.signatures  # 制表/审核/负责人 under a ledger document


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
    read = sheets.read(download_info.value.path())
    assert read.header == ("日期", "凭证号", "摘要", "科目编号", "科目名称", "借方", "贷方")
    assert [r[3] for r in read.rows] == ["102", "231", "231", "102", None]  # and the 合计 row



@pytest.mark.rule("FUN-FREEZE")
@pytest.mark.rule("STU-REVOKE")
def test_a_revoked_studios_unspent_money_is_recovered_on_the_grant_page(login, page, live_server, world):
    from tests.funding.test_freeze import _revoke

    base = live_server.url
    grant = fund_fully(world, make_grant(world, name=STUDIO))
    spend_with_invoice(world, grant, "2000.00")
    _revoke(world, grant.studio)

    login("finance")
    page.goto(f"{base}/funding/grants/{grant.pk}/")
    expect(page.get_by_test_id("recoveries")).to_contain_text("¥48,000.00")
    for step in ("基层工会退回结余资金", "系统工会收回资助资金", "系统工会上缴市总工会", "市总工会收回资助资金"):
        page.get_by_role("link", name=f"记录：{step}").click()
        expect(page.get_by_test_id("posting-amount")).to_have_text("¥48,000.00")
        page.get_by_label("银行回单号").fill("TH20260601")
        page.get_by_role("button", name="确认记账").click()
        page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
        expect(page.get_by_text(re.compile("已记账："))).to_be_visible()
    expect(page.get_by_test_id("grant-stage")).to_have_text("已追回")
    expect(page.get_by_test_id("whereabouts")).to_contain_text("结余资金已退回市总工会")
    for union in (world.municipal, grant.system_union, grant.grassroots_union):
        page.goto(f"{base}/funding/books/{union.pk}/trial-balance/")
        expect(page.get_by_test_id("tb-balanced")).to_be_visible()
