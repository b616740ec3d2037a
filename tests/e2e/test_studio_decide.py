"""The life after naming in the browser (issue 12): the grassroots clerk records a failed annual assessment, which
starts a rectification; the deadline passes, the daily run flags the studio 待摘牌 and the secretary de-lists it
with the meeting and the document; another studio's fraud is found, the secretary revokes its title with the
criticism notice, and its grant is frozen for recovery on finance's grant page."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from studios.models import Studio
from tests.funding.factories import fund_fully, make_grant

pytestmark = pytest.mark.e2e


def _decide(page, *, reason, findings, notice=""):
    today = str(timezone.localdate())
    page.get_by_test_id("studio-decide").click()
    page.get_by_label("原因").select_option(label=reason)
    page.get_by_label("查实的情况").fill(findings)
    page.get_by_label("会议类型").select_option(label="党组会")
    page.get_by_label("会议日期").fill(today)
    page.get_by_label("会议纪要编号").fill("党组会纪要〔2026〕12号")
    page.get_by_label("发文文号").fill("济工发〔2026〕32号")
    page.get_by_label("发文日期").fill(today)
    if notice:
        page.get_by_label("通报批评文号").fill(notice)
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: 不能恢复


@pytest.mark.rule("STU-ASSESS")
@pytest.mark.rule("STU-SPOTCHECK")
def test_a_failed_assessment_starts_a_rectification_and_an_overdue_one_is_delisted(login, page, live_server, world):
    base = live_server.url
    studio = make_grant(world, name="浪潮考核创新工作室").studio
    login("langchao")
    page.goto(f"{base}/studios/{studio.pk}/assessment/")
    page.get_by_label("考核年度").fill(str(timezone.localdate().year - 1))
    page.get_by_label("得分").fill("52")
    page.get_by_label("结论").select_option(label="不合格")
    page.get_by_label("考核意见").fill("课题未按计划开展，台帐不全")
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("整改期限").fill(str(deadline))
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_text("年度考核已记录。")).to_be_visible()
    page.goto(f"{base}/studios/{studio.pk}/")
    expect(page.get_by_test_id("studio-status")).to_contain_text("整改中")

    # The deadline passes without a re-check: the daily run flags it for the meeting, nothing more.
    Studio.objects.filter(pk=studio.pk).update(rectification_deadline=timezone.localdate() - datetime.timedelta(days=1))
    call_command("daily")
    login("secretary")
    page.goto(f"{base}/studios/{studio.pk}/")
    expect(page.get_by_test_id("studio-status")).to_contain_text("待摘牌")
    _decide(page, reason="整改逾期未复查", findings="整改期满未申请复查")
    expect(page.get_by_test_id("studio-status")).to_have_text("已摘牌")
    expect(page.get_by_test_id("studio-decisions")).to_contain_text("济工发〔2026〕32号")


@pytest.mark.rule("STU-REVOKE")
@pytest.mark.rule("FUN-FREEZE")
def test_fraud_revokes_the_title_with_a_criticism_notice_and_freezes_the_grant(login, page, live_server, world):
    base = live_server.url
    grant = fund_fully(world, make_grant(world, name="浪潮撤销创新工作室"))
    login("secretary")
    page.goto(f"{base}/studios/{grant.studio_id}/")
    page.get_by_test_id("studio-decide").click()
    page.get_by_label("原因").select_option(label="弄虚作假")
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("confirm-ok").click()
    # The criticism notice is part of the decision (S§10): refused beside the field, what was chosen is kept.
    expect(page.get_by_text("须同时通报批评")).to_be_visible()
    expect(page.get_by_label("原因")).to_have_value("fraud")
    page.goto(f"{base}/studios/{grant.studio_id}/")
    _decide(page, reason="弄虚作假", findings="申报材料中的专利证书系伪造", notice="济工通〔2026〕5号")
    expect(page.get_by_test_id("studio-status")).to_have_text("已撤销命名")
    decisions = page.get_by_test_id("studio-decisions")
    expect(decisions).to_contain_text("济工发〔2026〕32号")
    expect(decisions).to_contain_text("济工通〔2026〕5号")

    login("finance")
    page.goto(f"{base}/funding/grants/{grant.pk}/")
    expect(page.get_by_test_id("recoveries")).to_contain_text("¥50,000.00")
    expect(page.get_by_role("link", name=re.compile("记录：基层工会退回结余资金"))).to_be_visible()
