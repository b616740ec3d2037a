"""HAZ-ROUND: a report still unverified when the round closes is moved to the next round by the reviewer,
with a reason, and the rest of the round is paid."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hazards import services
from hazards.enums import ReportState, RoundState
from hazards.selectors import round_reports
from jinan_union.audit import history_of
from jinan_union.errors import DomainError

from .factories import AFTER_DEADLINE, report, submit

pytestmark = pytest.mark.rule("HAZ-ROUND")


@pytest.fixture(autouse=True)
def _after_deadline(settings):
    settings.HAZARDS_NOW = AFTER_DEADLINE.isoformat()


def _two(world):
    done = report(world, location="三号塔吊基础", deaths=3)
    late = report(world, location="锅炉房", description="锅炉安全阀失效", deaths=10)
    submit(world, [done, late])
    done = services.report_verify(report=done, by=world.users["reviewer"])
    late.refresh_from_db()
    return done, late


def test_unverified_report_is_moved_on_and_the_round_pays_the_rest(world):
    done, late = _two(world)
    round_ = done.application.round
    finance, reviewer = world.users["finance"], world.users["reviewer"]
    with pytest.raises(DomainError) as refused:
        services.round_close(round_=round_, by=finance, now=AFTER_DEADLINE)
    assert "1 项隐患报告未核实" in refused.value.text
    with pytest.raises(DomainError) as refused:
        services.report_carry_over(report=late, by=reviewer, reason=" ")
    assert refused.value.field == "reason"
    with pytest.raises(DomainError) as refused:
        services.report_carry_over(report=late, by=finance, reason="等待专家复核")
    assert refused.value.forbidden
    services.report_carry_over(report=late, by=reviewer, reason="等待市总工会专家现场复核")
    late.refresh_from_db()
    assert late.status == ReportState.SUBMITTED and late.round.year == 2027 and late.application.round == round_
    entry = list(history_of(late))[-1]
    assert entry.action == "转入下一年度核实" and "2026年度转入2027年度" in entry.comment
    assert list(round_reports(round_)) == [done]
    services.round_close(round_=round_, by=finance, now=AFTER_DEADLINE)
    round_.refresh_from_db()
    assert (round_.status, round_.total_paid) == (RoundState.PAID, Decimal("3000.00"))
    assert list(round_reports(late.round)) == [late]  # verified and paid next year
    verified = services.report_verify(report=late, by=reviewer)
    assert verified.reward_amount == Decimal("5000.00")


def test_only_an_unverified_report_of_an_open_round_is_moved_on(world):
    done, late = _two(world)
    with pytest.raises(DomainError):
        services.report_carry_over(report=done, by=world.users["reviewer"], reason="已核实")
    services.report_carry_over(report=late, by=world.users["reviewer"], reason="补充材料")
    late.refresh_from_db()
    with pytest.raises(DomainError) as refused:  # 2027 is still taking submissions: not carried on again yet
        services.report_carry_over(report=late, by=world.users["reviewer"], reason="再次延后")
    assert "报送截止后" in refused.value.text


def test_reviewer_moves_it_on_from_the_verification_page(world, client_for):
    done, late = _two(world)
    url = reverse("hazards:report-verify", args=[late.pk])
    reviewer = client_for("reviewer")
    assert "转入下一年度核实" in reviewer.get(url).content.decode()
    page = reviewer.post(url, {"action": "carry_over", "reason": ""}).content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    assert reviewer.post(url, {"action": "carry_over", "reason": "等待专家复核"}).status_code == 302
    late.refresh_from_db()
    assert late.round.year == 2027
