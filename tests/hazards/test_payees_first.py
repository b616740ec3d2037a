"""HAZ-FIRST decided for the hazard (the duplicate group): one grade, the earliest finder among all members,
and the reviewer's recorded exception when that finder cannot be rewarded."""

from datetime import datetime
from decimal import Decimal

import pytest

from hazards import services
from jinan_union.audit import history_of
from jinan_union.errors import DomainError

from .factories import SH, report, submit

pytestmark = pytest.mark.rule("HAZ-FIRST")


def _group(world):
    """Three reports of one hazard: the earliest (个人 张三) graded 三级, later ones 二级 by their experts."""
    first = report(world, finder="张三", deaths=3, reported_at=datetime(2026, 3, 1, 9, tzinfo=SH))
    second = report(world, union="济南市建筑业产业工会", finder="李四", deaths=10, location="3号塔吊基础",
                    reported_at=datetime(2026, 3, 5, 9, tzinfo=SH), experts="王工（高级工程师）")
    third = report(world, union="市中区总工会", finder="赵六", deaths=3, location="三号塔吊 基础",
                   reported_at=datetime(2026, 4, 1, 9, tzinfo=SH))
    submit(world, [first, second, third])
    group = services.group_confirm(reports=[first, second, third], by=world.users["reviewer"])
    return group, first, second, third


def _fresh(*items):
    for item in items:
        item.refresh_from_db()
    return items


def test_earliest_finder_paid_at_the_groups_highest_verified_grade_whatever_else_was_decided(world):
    group, first, second, third = _group(world)
    reviewer = world.users["reviewer"]
    services.report_verify(report=second, by=reviewer)
    services.report_reject(report=third, by=reviewer, reason="材料不全")
    services.report_verify(report=first, by=reviewer)
    first, second, third = _fresh(first, second, third)
    # The group's grade is the highest verified one (二级 by 王工's assessment of #second), paid to 张三.
    assert first.reward_amount == Decimal("5000.00")
    assert second.reward_amount == Decimal("0.00") and "第一发现人为张三" in second.reward_note
    # Rejecting a later member changes nothing for the first finder.
    assert third.reward_amount == Decimal("0.00")


def test_first_finder_who_cannot_be_rewarded_blocks_until_the_reviewer_names_an_exception(world):
    group, first, second, third = _group(world)
    reviewer = world.users["reviewer"]
    services.report_reject(report=first, by=reviewer, reason="发现人系专职安全员")
    services.report_verify(report=second, by=reviewer)
    services.report_verify(report=third, by=reviewer)
    first, second, third = _fresh(first, second, third)
    assert second.reward_amount == Decimal("0.00")
    assert "第一发现人为张三" in second.reward_note and "发现人系专职安全员" in second.reward_note
    with pytest.raises(DomainError) as refused:
        services.group_name_exception(group=group, report=second, by=reviewer, reason=" ")
    assert refused.value.field == "reason"
    with pytest.raises(DomainError) as refused:
        services.group_name_exception(group=group, report=first, by=reviewer, reason="第一发现人")
    assert refused.value.field == "exception_report"
    with pytest.raises(DomainError) as refused:
        services.group_name_exception(group=group, report=second, by=world.users["finance"], reason="例外")
    assert refused.value.forbidden
    services.group_name_exception(group=group, report=second, by=reviewer,
                                  reason="第一发现人不符合奖励条件，李四独立发现并及时报告")
    first, second, third = _fresh(first, second, third)
    assert second.reward_amount == Decimal("5000.00") and second.reward_note == ""
    assert third.reward_amount == Decimal("0.00") and "指定例外获奖人为#" in third.reward_note
    entry = list(history_of(group))[-1]
    assert entry.action == "指定例外获奖人" and "李四独立发现" in entry.comment and entry.actor == reviewer


def test_no_exception_while_the_first_finder_can_be_rewarded(world):
    group, first, second, third = _group(world)
    reviewer = world.users["reviewer"]
    for item in (first, second):
        services.report_verify(report=item, by=reviewer)
    with pytest.raises(DomainError) as refused:
        services.group_name_exception(group=group, report=second, by=reviewer, reason="李四更早发现")
    assert "原则上只奖励第一发现人" in refused.value.text
