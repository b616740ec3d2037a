"""The studio journey in the browser: the clerk registers and drafts, fails a check, fixes it, submits;
the reviewer returns it; the clerk resubmits; the reviewer inspects and recommends; the secretary
approves and names; the studio shows as named with its plaque; the 11th naming of the year is refused."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from studios.models import PLAQUE_TITLE
from tests.conftest import make_pdf, make_png
from tests.studios.factories import make_studio, named_directly, recommended_application

pytestmark = pytest.mark.e2e

STUDIO = "浪潮数据中心运维创新工作室"


def pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": make_pdf(name)}


@pytest.mark.rule("STU-FLOW")
@pytest.mark.rule("STU-QUOTA")
def test_studio_journey_from_draft_to_named(login, page, live_server, world):
    today = timezone.localdate()
    named_directly(world, 9, today.year)  # ours will be the 10th of the year
    other = recommended_application(world, make_studio(world, name="浪潮第二创新工作室"))  # and this the 11th
    base = live_server.url

    # --- clerk: register the studio, draft the application -------------------------------------------------
    login("lixia")
    page.goto(f"{base}/studios/new/")
    page.get_by_label("工作室名称").fill(STUDIO)
    page.get_by_label("所在单位").select_option(label="山东浪潮通用软件有限公司")
    page.get_by_label("类别").select_option(label="技术创新型")
    page.get_by_label("领衔人").fill("刘建国")
    page.get_by_label("系统工会命名日期").fill("2022-05-10")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name=re.compile(STUDIO))).to_be_visible()
    page.get_by_role("button", name="申报市级命名").click()

    for label in ("有场所", "有制度", "有团队", "有活动", "有经费", "有成果"):
        page.get_by_label(f"{label}（《管理办法》第四条）").fill(f"{label}：情况属实")
    page.get_by_role("button", name="保存并继续").click()
    expect(page.get_by_text("已保存草稿。")).to_be_visible()

    page.get_by_label("领衔人资格", exact=True).select_option(label="劳动模范")
    page.get_by_label("荣誉级别").select_option(label="市级")
    page.set_input_files("input[name=evidence]", pdf("劳模证书.pdf"))
    page.get_by_role("button", name="保存并继续").click()

    old = today - timedelta(days=365 * 3)
    honour = page.get_by_test_id("honour-form")
    honour.get_by_label("类型").select_option(label="国家发明专利")
    honour.get_by_label("级别").select_option(label="国家级")
    honour.get_by_label("名称").fill("一种机房散热装置")
    honour.get_by_label("获得日期").fill(old.isoformat())
    honour.get_by_role("button", name="添加").click()
    expect(page.get_by_test_id("honours")).to_contain_text("一种机房散热装置")
    page.get_by_role("button", name="保存并继续").click()

    for i in range(1, 7):
        page.set_input_files(f"input[name^=m{i}_]", pdf(f"材料{i}.pdf"))
    page.get_by_role("button", name="保存并继续").click()

    # --- the check fails with its article; the clerk fixes the award and submits -------------------------------
    expect(page.get_by_test_id("checks")).to_contain_text("《管理办法》第七条第（一）项：申报前2年内")
    expect(page.get_by_test_id("submit-blocked")).to_be_visible()
    page.get_by_test_id("steps").get_by_role("link", name="三、类别条件").click()
    page.get_by_role("button", name="删除").click()
    honour = page.get_by_test_id("honour-form")
    honour.get_by_label("类型").select_option(label="国家发明专利")
    honour.get_by_label("级别").select_option(label="国家级")
    honour.get_by_label("名称").fill("一种机房散热装置")
    honour.get_by_label("获得日期").fill((today - timedelta(days=100)).isoformat())
    honour.get_by_role("button", name="添加").click()
    page.get_by_test_id("steps").get_by_role("link", name="五、提交前检查").click()
    page.get_by_test_id("submit").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(page.get_by_test_id("app-state")).to_have_text("已提交·生产保护部审核中")
    app_url = page.url

    # --- reviewer returns it ----------------------------------------------------------------------------
    login("reviewer")
    page.goto(app_url)
    page.get_by_label("意见/原因").fill("请补充效益证明的盖章件")
    page.get_by_role("button", name="退回修改").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(page.get_by_test_id("app-state")).to_have_text("退回修改")

    # --- clerk resubmits ---------------------------------------------------------------------------------
    login("lixia")
    page.goto(app_url)
    expect(page.get_by_test_id("return-reason")).to_contain_text("请补充效益证明的盖章件")
    page.get_by_role("link", name="修改申报").click()
    page.get_by_test_id("steps").get_by_role("link", name="四、申报材料").click()
    page.set_input_files("input[name^=m6_]", pdf("效益证明（盖章）.pdf"))
    page.get_by_role("button", name="保存并继续").click()
    page.get_by_test_id("submit").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(page.get_by_test_id("history")).to_contain_text("第2轮提交")

    # --- reviewer marks the checklist, inspects, recommends --------------------------------------------------
    login("reviewer")
    page.goto(app_url)
    for select in page.get_by_test_id("checklist").locator("select").all():
        select.select_option("1")
    page.get_by_role("button", name="保存检查项").click()
    expect(page.get_by_text("检查项已保存。")).to_be_visible()
    page.get_by_role("link", name="记录考察").click()
    page.get_by_label("考察人员").fill("王审核、刘干事")
    page.get_by_label("考察情况").fill("场所、制度、台帐齐全。")
    page.set_input_files("input[name=photo]", {"name": "现场.png", "mimeType": "image/png", "buffer": make_png()})
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the inspection record cannot be taken back
    expect(page.get_by_test_id("app-state")).to_have_text("已考察")
    page.get_by_label("意见/原因").fill("同意推荐")
    page.get_by_role("button", name="推荐命名").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(page.get_by_test_id("app-state")).to_have_text("已推荐")

    # --- secretary: batch, meeting, approve (10th), refuse the 11th, name ------------------------------------
    login("secretary")
    page.goto(f"{base}/studios/batches/new/")
    page.get_by_label("批次名称").fill(f"{today.year}年度命名")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="列入本批次").click()
    meeting = page.get_by_test_id("meeting-form")
    meeting.get_by_label("会议类型").select_option(label="党组会")
    meeting.get_by_label("会议日期").fill(today.isoformat())
    meeting.get_by_label("会议纪要编号").fill("党组会纪要〔2026〕12号")
    meeting.get_by_role("button", name="保存会议记录").click()
    rows = page.get_by_test_id("batch-applications")
    rows.locator("tr", has_text=STUDIO).get_by_role("button", name="审定通过").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(rows.locator("tr", has_text=STUDIO)).to_contain_text("会议审定通过")
    rows.locator("tr", has_text=other.studio.name).get_by_role("button", name="审定通过").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_text("已达每年10家的上限，不能再审定或命名第11家")).to_be_visible()
    naming = page.get_by_test_id("naming-form")
    naming.get_by_label("命名发文文号").fill("济工发〔2026〕30号")
    naming.get_by_role("button", name="发文命名").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(page.get_by_text("已发文命名1家创新工作室")).to_be_visible()

    # --- the studio shows as named with its plaque ---------------------------------------------------------
    login("lixia")
    page.goto(f"{base}/studios/?status=municipal_named")
    page.get_by_role("link", name=STUDIO).click()
    expect(page.get_by_test_id("studio-status")).to_have_text("市级命名")
    expect(page.get_by_test_id("plaque")).to_contain_text(PLAQUE_TITLE)
    expect(page.get_by_test_id("plaque")).to_contain_text("济工发〔2026〕30号")
