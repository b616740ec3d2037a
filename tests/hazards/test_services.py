"""The workflow services: submit guards, the round deadline, verification, HAZ-FIRST merging, payout."""

from datetime import datetime
from decimal import Decimal

import pytest

from hazards import services
from hazards.enums import ApplicationState, ReportState, RoundState
from hazards.models import HazardReport, Round
from hazards.selectors import duplicate_proposals, open_duplicate_proposals
from jinan_union.audit import history_of
from jinan_union.errors import DomainError

from .factories import AFTER_DEADLINE, IN_TIME, LATE, SH, report, submit


@pytest.mark.rule("HAZ-REPORT")
def test_draft_without_photo_is_saved_but_not_completed(world):
    lixia = world.users["lixia"]
    draft = HazardReport(location="二号车间")
    services.report_save(report=draft, by=lixia)
    assert draft.union == world.system_unions["历下区总工会"]
    with pytest.raises(DomainError) as refused:
        services.report_complete(report=draft, by=lixia)
    fields = list(refused.value.fields)
    assert "photos" in fields and "expert_scan" in fields and "finder_name" in fields
    draft.refresh_from_db()
    assert draft.status == ReportState.DRAFT


@pytest.mark.rule("HAZ-EXCLUDE")
def test_safety_manager_report_cannot_be_completed(world):
    item = report(world, state="draft", is_safety_manager=True)
    with pytest.raises(DomainError) as refused:
        services.report_complete(report=item, by=world.users["lixia"])
    assert list(refused.value.fields) == ["is_safety_manager"]


@pytest.mark.rule("HAZ-RECTIFIED")
def test_unrectified_report_cannot_be_completed(world):
    item = report(world, state="draft", rectification="")
    with pytest.raises(DomainError) as refused:
        services.report_complete(report=item, by=world.users["lixia"])
    assert list(refused.value.fields) == ["rectification"]


@pytest.mark.rule("SYS-AUDIT")
def test_every_move_is_recorded(world):
    item = report(world, state="verified")
    actions = [e.action for e in history_of(item)]
    assert actions == ["新建隐患报告", "填报完成", "加入申报", "随申报报送", "核实通过"]


@pytest.mark.rule("HAZ-ROUND")
def test_submission_at_2359_on_30_september_is_in_the_round(world):
    item = report(world)
    [application] = submit(world, [item], now=datetime(2026, 9, 30, 23, 59, tzinfo=SH))
    assert application.round.year == 2026
    assert application.status == ApplicationState.SUBMITTED


@pytest.mark.rule("HAZ-ROUND")
def test_submission_at_midnight_1_october_goes_to_next_round_with_message(world):
    item = report(world)
    lixia = world.users["lixia"]
    application = services.application_for(
        union=item.union, round_=services.round_for_year(2026), by=lixia
    )
    services.application_add_report(application=application, report=item, by=lixia)
    submitted, notice = services.application_submit(application=application, by=lixia, now=LATE)
    assert submitted.round.year == 2027
    assert notice == "2026年度隐患奖励已于2026年9月30日截止报送（《奖励办法》第九条），本次报送已转入2027年度。"
    item.refresh_from_db()
    assert item.status == ReportState.SUBMITTED
    assert item.application.round.year == 2027


@pytest.mark.rule("HAZ-ROUND")
def test_late_submission_joins_existing_next_year_draft(world):
    first, second = report(world, location="甲"), report(world, location="乙")
    lixia = world.users["lixia"]
    old = services.application_for(union=first.union, round_=services.round_for_year(2026), by=lixia)
    new = services.application_for(union=first.union, round_=services.round_for_year(2027), by=lixia)
    services.application_add_report(application=old, report=first, by=lixia)
    services.application_add_report(application=new, report=second, by=lixia)
    submitted, _ = services.application_submit(application=old, by=lixia, now=LATE)
    assert submitted.pk == new.pk
    assert sorted(submitted.reports.values_list("pk", flat=True)) == [first.pk, second.pk]


@pytest.mark.rule("HAZ-GRADE")
def test_reassessed_grade_counts_and_history_keeps_both(world):
    item = report(world, state="submitted", deaths=3)  # experts: 三级
    verified = services.report_verify(
        report=item, by=world.users["reviewer"], reassessed_grade=2, note="复核专家组意见"
    )
    assert verified.effective_grade == 2
    assert verified.expert_grade == 3
    assert verified.reward_amount == Decimal("5000.00")
    entry = [e for e in history_of(item) if e.action == "复核定级"][0]
    assert (entry.from_state, entry.to_state) == ("三级", "二级")


@pytest.mark.rule("HAZ-GRADE")
def test_expert_grade_different_from_computed_is_flagged(world):
    item = report(world, deaths=3, expert_grade=2)
    assert item.computed_grade == 3
    assert item.grade_differs is True


def test_reject_needs_reason(world):
    item = report(world, state="submitted")
    with pytest.raises(DomainError):
        services.report_reject(report=item, by=world.users["reviewer"], reason=" ")


def three_reports_of_one_hazard(world):
    early = report(world, union="济南市建筑业产业工会", finder="王五",
                   reported_at=datetime(2026, 2, 1, 8, tzinfo=SH))
    middle = report(world, union="历下区总工会", finder="张三",
                    reported_at=datetime(2026, 3, 2, 9, tzinfo=SH), description="塔吊基础螺栓松动")
    late = report(world, union="历下区总工会", finder="李四",
                  reported_at=datetime(2026, 4, 2, 9, tzinfo=SH), location="3号塔吊基础")
    submit(world, [early, middle, late])
    return early, middle, late


@pytest.mark.rule("HAZ-FIRST")
def test_duplicates_are_proposed_across_unions_ranked(world):
    early, middle, late = three_reports_of_one_hazard(world)
    other = report(world, location="食堂燃气管道", description="燃气软管老化")
    submit(world, [other], year=2027)
    proposals = duplicate_proposals(middle)
    assert [p.other.pk for p in proposals] == [early.pk, late.pk]
    assert len(open_duplicate_proposals()) == 3


@pytest.mark.rule("HAZ-FIRST")
def test_merged_group_pays_only_the_earliest_finder(world):
    early, middle, late = three_reports_of_one_hazard(world)
    reviewer = world.users["reviewer"]
    group = services.group_confirm(reports=[middle, late, early], by=reviewer, comment="同一塔吊")
    for item in (early, middle, late):
        services.report_verify(report=item, by=reviewer)
    rewards = {r.finder_name: (r.reward_amount, r.reward_note) for r in group.reports.all()}
    assert rewards == {
        "王五": (Decimal("3000.00"), ""),
        "张三": (Decimal("0.00"), "同一隐患只奖励第一发现人（《奖励办法》第十条）：第一发现人为王五"),
        "李四": (Decimal("0.00"), "同一隐患只奖励第一发现人（《奖励办法》第十条）：第一发现人为王五"),
    }
    middle.refresh_from_db()
    assert duplicate_proposals(middle) == []


@pytest.mark.rule("HAZ-FIRST")
def test_undo_merge_restores_rewards_and_is_recorded(world):
    early, middle, late = three_reports_of_one_hazard(world)
    reviewer = world.users["reviewer"]
    group = services.group_confirm(reports=[early, middle], by=reviewer)
    services.report_verify(report=middle, by=reviewer)
    middle.refresh_from_db()
    assert middle.reward_amount == Decimal("0.00")
    services.group_undo(group=group, by=reviewer, comment="误合并")
    middle.refresh_from_db()
    assert middle.reward_amount == Decimal("3000.00")
    assert middle.duplicate_group is None
    assert [e.action for e in history_of(group)] == ["确认重复隐患", "撤销合并"]


@pytest.mark.rule("HAZ-FIRST")
def test_dismissed_proposal_is_not_proposed_again(world):
    early, middle, late = three_reports_of_one_hazard(world)
    services.proposal_dismiss(report=middle, other=late, by=world.users["reviewer"])
    assert [p.other.pk for p in duplicate_proposals(middle)] == [early.pk]


@pytest.mark.rule("HAZ-FIRST")
def test_hazard_rewarded_in_earlier_round_is_not_rewarded_again(world):
    reviewer, finance = world.users["reviewer"], world.users["finance"]
    first = report(world, union="济南市建筑业产业工会", finder="王五", reported_at=datetime(2025, 5, 1, tzinfo=SH))
    submit(world, [first], year=2025, now=datetime(2025, 9, 1, tzinfo=SH))
    services.report_verify(report=first, by=reviewer)
    services.round_close(round_=Round.objects.get(year=2025), by=finance, now=datetime(2025, 10, 8, tzinfo=SH))
    again = report(world, union="历下区总工会", finder="张三", reported_at=datetime(2026, 3, 1, tzinfo=SH))
    submit(world, [again])
    assert [p.other.pk for p in duplicate_proposals(again)] == [first.pk]
    services.group_confirm(reports=[again, first], by=reviewer)
    verified = services.report_verify(report=again, by=reviewer)
    assert verified.reward_amount == Decimal("0.00")
    assert verified.reward_note == "同一隐患已在2025年度奖励，不再重复奖励（《奖励办法》第十条）"


@pytest.mark.rule("HAZ-ROUND")
def test_round_cannot_close_before_deadline_or_with_unverified_reports(world):
    item = report(world, state="submitted")
    round_ = item.application.round
    finance = world.users["finance"]
    with pytest.raises(DomainError, match="截止"):
        services.round_close(round_=round_, by=finance, now=IN_TIME)
    with pytest.raises(DomainError, match="未核实"):
        services.round_close(round_=round_, by=finance, now=AFTER_DEADLINE)


@pytest.mark.rule("HAZ-ROUND")
def test_round_close_pays_rewards_once(world):
    reviewer, finance = world.users["reviewer"], world.users["finance"]
    rewarded = report(world, deaths=10, location="甲")
    grade_four = report(world, deaths=0, location="乙")
    submit(world, [rewarded, grade_four])
    for item in (rewarded, grade_four):
        services.report_verify(report=item, by=reviewer)
    round_ = services.round_close(round_=rewarded.application.round, by=finance, now=AFTER_DEADLINE)
    assert round_.status == RoundState.PAID
    assert round_.total_paid == Decimal("5000.00")
    states = {r.location: (r.status, r.reward_amount) for r in HazardReport.objects.all()}
    assert states == {
        "甲": (ReportState.PAID, Decimal("5000.00")),
        "乙": (ReportState.VERIFIED, Decimal("0.00")),
    }
    with pytest.raises(DomainError, match="不能重复发放"):
        services.round_close(round_=round_, by=finance, now=AFTER_DEADLINE)



@pytest.mark.rule("SYS-MONEY")
def test_payout_history_shows_money_as_yuan_with_separators(world):
    reviewer, finance = world.users["reviewer"], world.users["finance"]
    first, second = report(world, deaths=30, location="甲"), report(world, deaths=10, location="乙")
    submit(world, [first, second])
    for item in (first, second):
        services.report_verify(report=item, by=reviewer)
    round_ = services.round_close(round_=first.application.round, by=finance, now=AFTER_DEADLINE)
    assert [e.comment for e in history_of(round_)] == ["发放总额 ¥13,000.00"]
    assert history_of(first).get(action="奖励发放").comment == "2026年度奖励 ¥8,000.00"

def test_submitted_report_cannot_be_edited(world):
    item = report(world, state="submitted")
    with pytest.raises(DomainError):
        services.report_save(report=item, by=world.users["lixia"])


@pytest.mark.rule("HAZ-FIRST")
def test_group_undo_with_a_paid_member_is_refused_with_the_reason(world):
    reviewer, finance = world.users["reviewer"], world.users["finance"]
    first = report(world, union="济南市建筑业产业工会", finder="王五", reported_at=datetime(2025, 5, 1, tzinfo=SH))
    submit(world, [first], year=2025, now=datetime(2025, 9, 1, tzinfo=SH))
    services.report_verify(report=first, by=reviewer)
    services.round_close(round_=Round.objects.get(year=2025), by=finance, now=datetime(2025, 10, 8, tzinfo=SH))
    again = report(world, finder="张三", reported_at=datetime(2026, 3, 1, tzinfo=SH))
    submit(world, [again])
    group = services.group_confirm(reports=[again, first], by=reviewer)
    with pytest.raises(DomainError) as refused:
        services.group_undo(group=group, by=reviewer)
    assert refused.value.message == f"组内 #{first.pk} 已在2025年度发放奖励，不能撤销合并（《奖励办法》第十条）。"
