"""The hazard round journey in the browser (HAZ-FIRST, HAZ-EXCLUDE, HAZ-REWARD, HAZ-ROUND).

Clerks of two unions enter three reports of one hazard (the other union's reported earliest), a grade-4
report and one by a safety manager, and submit their applications with the summary sheet; the reviewer
merges the duplicates and verifies; finance closes the round; the payment sheet pays only the earliest
finder; a submission after the deadline goes to the next round.
"""

import pytest
from playwright.sync_api import expect

from hazards import services
from hazards.models import HazardReport
from tests.conftest import make_pdf, make_png
from tests.e2e.conftest import pick_unit
from tests.hazards.factories import report

pytestmark = [pytest.mark.e2e, pytest.mark.rule("HAZ-FIRST")]

PNG = {"name": "现场.png", "mimeType": "image/png", "buffer": make_png()}
PDF = {"name": "专家报告.pdf", "mimeType": "application/pdf", "buffer": make_pdf()}


def fill_report(page, *, finder, location, reported, deaths="3", safety_manager=False,
                finder_unit="济南历下控股集团有限公司"):
    page.get_by_label("发现人（个人姓名或集体名称）", exact=True).fill(finder)
    page.get_by_label("发现人所在单位", exact=True).select_option(label=finder_unit)
    if safety_manager:
        page.get_by_label("发现人是专职安全管理人员", exact=True).check()
    pick_unit(page, "济南城建集团有限公司")
    page.get_by_label("隐患单位地址", exact=True).fill("济南市历下区经十路14588号")
    page.get_by_label("隐患部位", exact=True).fill(location)
    page.get_by_label("隐患描述", exact=True).fill("塔吊基础地脚螺栓松动，存在倾覆风险")
    page.get_by_label("可能造成死亡人数", exact=True).fill(deaths)
    page.get_by_label("可能造成重伤人数（含急性工业中毒）", exact=True).fill("0")
    page.get_by_label("可能造成直接经济损失（元）", exact=True).fill("0")
    page.get_by_label("发现日期", exact=True).fill(reported[:10])
    page.get_by_label("向单位报告时间", exact=True).fill(reported)
    page.get_by_label("整改情况", exact=True).select_option(label="整改完成")
    page.get_by_label("整改（防范措施）日期", exact=True).fill("2026-05-10")
    page.get_by_label("评估专家（姓名、资质）", exact=True).fill("刘建国（注册安全工程师）")
    page.get_by_label("专家评定等级", exact=True).select_option(label="三级" if deaths == "3" else "四级")
    page.get_by_label("隐患影像资料（照片或视频）", exact=True).set_input_files([PNG])
    page.get_by_label("专家签字认可的《事故隐患报告》扫描件", exact=True).set_input_files([PDF])


def test_round_journey_pays_only_the_earliest_finder(login, page, live_server, world, settings):
    settings.HAZARDS_NOW = "2026-09-20T10:00:00+08:00"
    url = live_server.url
    # Another union's clerk (建筑业产业工会) enters the same hazard, reported first, and submits it.
    login("jianzhu")
    page.goto(f"{url}/hazards/new/")
    fill_report(page, finder="王五", location="三号塔吊基础", reported="2026-02-01T08:00",
                finder_unit="中建八局济南分公司")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("待申报")
    page.goto(f"{url}/hazards/applications/current/")
    page.get_by_role("button", name="加入申报").click()
    page.get_by_role("button", name="连同汇总表报送市总工会").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(page.get_by_test_id("application-status")).to_have_text("已报送")

    # The 历下 clerk enters two reports of the same hazard, a grade-4 one, and a safety manager's find.
    login("lixia")
    for finder, location, reported, deaths in [
        ("张三", "三号塔吊基础", "2026-03-02T09:00", "3"),
        ("李四", "3号塔吊基础", "2026-04-02T09:00", "3"),
        ("赵六", "围挡门卫室", "2026-03-05T09:00", "0"),
    ]:
        page.goto(f"{url}/hazards/new/")
        fill_report(page, finder=finder, location=location, reported=reported, deaths=deaths)
        page.get_by_role("button", name="提交").click()
        expect(page.get_by_test_id("report-status")).to_contain_text("待申报")

    page.goto(f"{url}/hazards/new/")
    fill_report(page, finder="钱安全", location="塔吊司机室", reported="2026-03-06T09:00", safety_manager=True)
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("企业专职安全管理人员排查出的事故隐患不在奖励范围之内，不能申报。（《奖励办法》第三条）")).to_be_visible()

    # The clerk puts the ready reports into this year's application and submits it with the summary sheet.
    page.goto(f"{url}/hazards/applications/current/")
    page.get_by_role("button", name="加入申报").click()
    expect(page.get_by_test_id("application-reports")).to_contain_text("李四")
    expect(page.get_by_role("link", name="汇总表 Excel")).to_be_visible()
    page.get_by_role("button", name="连同汇总表报送市总工会").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(page.get_by_test_id("application-status")).to_have_text("已报送")

    # The reviewer merges the duplicates proposed across unions, then verifies every report.
    login("reviewer")
    page.goto(f"{url}/hazards/duplicates/")
    while page.get_by_role("button", name="确认为同一隐患").count():
        page.get_by_role("button", name="确认为同一隐患").first.click()
        page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
        page.goto(f"{url}/hazards/duplicates/")
    submitted = HazardReport.objects.filter(status="submitted").order_by("pk")
    assert submitted.count() == 4
    for item in submitted:
        page.goto(f"{url}/hazards/{item.pk}/verify/")
        page.get_by_role("button", name="核实通过").click()
        expect(page.get_by_test_id("report-status")).to_contain_text("已核实")
    page.goto(f"{url}/hazards/{HazardReport.objects.get(finder_name='张三').pk}/")
    expect(page.get_by_test_id("reward")).to_contain_text("同一隐患只奖励第一发现人（《奖励办法》第十条）：第一发现人为王五")

    # 市中区 has a draft application for 2026 that it submits too late.
    late = report(world, union="市中区总工会", unit="济南二七机车配件厂", finder="孙七", location="行车轨道")
    shizhong = world.users["shizhong"]
    draft = services.application_for(union=late.union, round_=services.round_for_year(2026), by=shizhong)
    services.application_add_report(application=draft, report=late, by=shizhong)

    # After 30 September finance closes the round: only the earliest finder is paid.
    settings.HAZARDS_NOW = "2026-10-08T09:00:00+08:00"
    login("finance")
    page.goto(f"{url}/hazards/rounds/")
    page.get_by_role("link", name="2026年度").click()
    page.get_by_test_id("close-round").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(page.get_by_test_id("round-status")).to_have_text("已结算发放")
    table = page.get_by_test_id("payment-table")
    expect(table).to_contain_text("王五")
    for unpaid in ("张三", "李四", "赵六", "钱安全"):
        expect(table).not_to_contain_text(unpaid)
    expect(page.get_by_test_id("payment-total")).to_have_text("¥3,000.00")
    expect(table).to_contain_text("叁仟元整")

    # A submission after the deadline goes to the next year's round, with a clear message.
    login("shizhong")
    page.goto(f"{url}/hazards/applications/{draft.pk}/")
    page.get_by_role("button", name="连同汇总表报送市总工会").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(page.get_by_role("alert").filter(has_text="截止报送")).to_contain_text(
        "2026年度隐患奖励已于2026年9月30日截止报送（《奖励办法》第九条），本次报送已转入2027年度。"
    )
    expect(page.get_by_role("heading", name="市中区总工会 · 2027年度申报")).to_be_visible()
