"""The yearly call and expert scoring in the browser: the reviewer opens the call, assigns experts (a
conflicted one is refused), two experts score without seeing each other first, the ranking feeds the batch."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jinan_union.enums import Role
from jinan_union.models import User
from jinan_union.workflow import move
from studios.models import Application
from tests.conftest import PASSWORD
from tests.studios.factories import batch_with_meeting, ready_application

pytestmark = pytest.mark.e2e


def score(page, values, comment):
    form = page.get_by_test_id("score-form")
    for name, value in values.items():
        form.locator(f"input[name={name}]").fill(value)
    form.locator("textarea[name=comment]").fill(comment)
    page.get_by_role("button", name="提交评分").click()
    expect(page.get_by_text("评分已提交。")).to_be_visible()


@pytest.mark.rule("STU-CALL")
@pytest.mark.rule("STU-SCORE")
def test_call_opens_two_experts_score_a_conflicted_one_is_refused_and_the_ranking_feeds_the_batch(
        login, page, live_server, world):
    today = timezone.localdate()
    base = live_server.url

    # --- reviewer: the year's call ---------------------------------------------------------------------------
    login("reviewer")
    page.goto(f"{base}/studios/calls/new/")
    page.get_by_label("申报年度").fill(str(today.year))
    page.get_by_label("通知标题").fill(f"关于开展{today.year}年度市级示范性创新工作室申报工作的通知")
    page.get_by_label("申报开始日期").fill((today - timedelta(days=10)).isoformat())
    page.get_by_label("申报截止日期").fill((today - timedelta(days=20)).isoformat())
    page.get_by_label("通知正文").fill("各系统工会：请于截止日期前提交。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("申报截止日期不能早于申报开始日期。")).to_be_visible()  # beside the field, kept
    expect(page.get_by_label("通知正文")).to_have_value("各系统工会：请于截止日期前提交。")
    page.get_by_label("申报截止日期").fill((today + timedelta(days=20)).isoformat())
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("申报通知已发布。")).to_be_visible()
    expect(page.get_by_test_id("call-window")).to_contain_text("受理中")

    app = move(ready_application(world), "submit", by=world.users["lixia"])
    assert Application.objects.get(pk=app.pk).call.year == today.year
    second = User.objects.create(username="expert2", full_name="韩专家（交通）", roles=[Role.EXPERT],
                                 organisation=world.system_unions["济南市交通运输局工会"])
    second.set_password(PASSWORD)
    second.save()

    # --- reviewer: assign experts; the one of the applicant's own union is refused ---------------------------
    page.goto(f"{base}/studios/applications/{app.pk}/experts/")
    page.get_by_label("评审专家").select_option(label="林专家（历下区总工会）（历下区总工会）")
    page.get_by_role("button", name="分配并通知专家").click()
    expect(page.get_by_test_id("assign-form")).to_contain_text("应当回避")
    for label in ("高专家（高新区工会）（济南高新技术产业开发区工会）", "韩专家（交通）（济南市交通运输局工会）"):
        page.get_by_label("评审专家").select_option(label=label)
        page.get_by_role("button", name="分配并通知专家").click()
        expect(page.get_by_text("并已通知本人")).to_be_visible()
    expect(page.get_by_test_id("assignments").locator("tbody tr")).to_have_count(2)

    # --- two experts score; the second sees nothing of the first until scoring ------------------------------
    login("expert")
    page.goto(f"{base}/studios/expert/")
    page.get_by_role("link", name=app.studio.name).click()
    expect(page.get_by_test_id("scores-hidden")).to_be_visible()
    score(page, {"basics": "26", "category": "27", "results": "20", "promotion": "12"}, "六有齐全，成果效益明显。")
    login("expert2")
    page.goto(f"{base}/studios/expert/")
    page.get_by_role("link", name=app.studio.name).click()
    expect(page.get_by_test_id("scores-hidden")).to_be_visible()
    expect(page.get_by_text("六有齐全")).to_have_count(0)
    form = page.get_by_test_id("score-form")
    form.locator("input[name=basics]").fill("31")
    form.locator("textarea[name=comment]").fill("场所较小。")
    page.get_by_role("button", name="提交评分").click()
    expect(page.get_by_text("得分须在0至30分之间。")).to_be_visible()
    expect(form.locator("textarea[name=comment]")).to_have_value("场所较小。")
    score(page, {"basics": "24", "category": "25", "results": "18", "promotion": "10"}, "场所较小。")
    expect(page.get_by_test_id("scores")).to_contain_text("六有齐全")  # now both
    expect(page.get_by_test_id("score-final")).to_contain_text("不能修改")

    # --- the ranking on the call and beside the quota of the batch --------------------------------------------
    login("reviewer")
    page.goto(f"{base}/studios/calls/{app.call_id}/")
    row = page.get_by_test_id("ranking").locator("tbody tr").first
    expect(row).to_contain_text(app.studio.name)
    expect(row).to_contain_text("81.00")  # (85 + 77) / 2
    expect(row).to_contain_text("2/2")
    batch = batch_with_meeting(world, year=today.year)
    login("secretary")
    page.goto(f"{base}/studios/batches/{batch.pk}/")
    expect(page.get_by_text(re.compile(r"专家评审排名（名额10家"))).to_be_visible()
    expect(page.get_by_test_id("ranking")).to_contain_text("81.00")
