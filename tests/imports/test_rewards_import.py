"""SYS-IMPORT with HAZ-FIRST: a reward paid before the system becomes a paid report of its year's round, so
that the duplicate search finds it across the years and the same hazard is not rewarded twice."""

from datetime import datetime
from decimal import Decimal

import pytest

from hazards.enums import ReportState, RoundState
from hazards.models import HazardReport, Round
from hazards.selectors import duplicate_proposals
from hazards.services import group_confirm
from hazards.workflows import decide
from imports import services
from imports.enums import BatchState
from jinan_union.audit import history_of
from tests.hazards.factories import report

from .factories import filled, reward_row

pytestmark = pytest.mark.rule("SYS-IMPORT")

PAST = dict(存在隐患单位="济南城建集团有限公司", 隐患部位="三号塔吊基础", 隐患描述="塔吊基础螺栓松动，有倾覆危险")


def imported(world, rows):
    reviewer = world.users["reviewer"]
    batch = services.batch_create(kind="rewards", upload=filled("rewards", reviewer, rows), by=reviewer)
    return services.batch_import(batch=batch, by=reviewer)


@pytest.mark.rule("HAZ-FIRST")
def test_the_duplicate_search_sees_an_imported_past_reward(world):
    older = reward_row(3, 评选年度=2022, 发放日期=datetime(2022, 12, 1), 发现日期=None,
                       向单位报告时间=datetime(2022, 5, 1, 8))
    batch = imported(world, [reward_row(1, **PAST), reward_row(2), older])
    past = HazardReport.objects.get(location="三号塔吊基础")
    assert (past.status, past.paid_round.year, past.reward_amount) == (ReportState.PAID, 2023, Decimal("2000.00"))
    assert past.paid_round.status == RoundState.PAID
    assert Round.objects.get(year=2023).total_paid == Decimal("4000.00")
    assert [e.action for e in history_of(past)] == ["补录往年已发放奖励"]
    assert [e.action for e in history_of(past.paid_round)] == ["补录往年结算"]
    assert batch.records.count() == 5  # three reports, two rounds

    new = report(world, unit="济南城建集团有限公司")  # the same hazard, reported in 2026
    proposals = duplicate_proposals(new)
    assert [p.other.pk for p in proposals][:1] == [past.pk]
    assert proposals[0].likely

    group_confirm(reports=[new, past], by=world.users["reviewer"])
    new.refresh_from_db()
    assert decide(new).reason == "同一隐患已在2023年度奖励，不再重复奖励（《奖励办法》第十条）"

    # The imported report is now part of a duplicate group: the import can no longer be undone.
    from jinan_union.errors import DomainError

    with pytest.raises(DomainError, match="不能整批撤销.*已并入重复隐患组"):
        services.batch_undo(batch=batch, by=world.users["reviewer"], reason="填错")
    batch.refresh_from_db()
    assert batch.status == BatchState.IMPORTED


def test_rewards_are_checked_row_by_row_and_undone_whole(world):
    reviewer = world.users["reviewer"]
    rows = [reward_row(1), reward_row(2, 评选年度=2026), reward_row(3, 填报工会="不存在的工会"),
            reward_row(4, 奖励金额="两千元"), reward_row(5, 隐患等级="五级"), reward_row(1)]
    run = services.dry_run(kind="rewards", upload=filled("rewards", reviewer, rows), by=reviewer)
    found = [(p.row, p.column) for p in run.problems]
    assert found == [(3, "评选年度"), (3, "发放日期"), (4, "填报工会"), (5, "奖励金额"), (6, "隐患等级"),
                     (7, "隐患部位")]
    messages = {(p.row, p.column): p.message for p in run.problems}
    assert messages[(5, "奖励金额")] == "“两千元”不是金额，请只填数字（元），如 50000 或 1234.50。"
    assert messages[(7, "隐患部位")] == "同一单位、同一部位、同一报告时间的隐患与第2行重复。"

    batch = imported(world, [reward_row(1), reward_row(2)])
    # A year already in the system (here: imported) cannot be imported again.
    again = services.dry_run(kind="rewards", upload=filled("rewards", reviewer, [reward_row(7)]), by=reviewer)
    assert "2023年度已有评选记录" in again.problems[0].message
    services.batch_undo(batch=batch, by=reviewer, reason="年度填错")
    assert HazardReport.objects.count() == 0 and Round.objects.count() == 0
    assert services.dry_run(kind="rewards", upload=filled("rewards", reviewer, [reward_row(7)]), by=reviewer).clean
