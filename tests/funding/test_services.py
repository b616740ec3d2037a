import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from funding import chart, services
from funding.enums import GrantStage, TransferStep
from funding.hooks import on_studio_named
from funding.models import Account, Grant, JournalEntry, MatchingFund
from funding.selectors import fund_statement, grant_custody_balance, trial_balance
from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from studios.enums import StudioStatus

from .factories import DAY, fund_fully, make_grant, make_studio, spend

BANK, SUBSIDY, CUSTODY = "102 银行存款", "40302 上级补助收入—专项补助", "231 代管经费"
SPECIAL_EXPENSE = "50304 业务支出—专项业务费"


def lines_of(entry):
    """Each line as the books print it: the account's code and full name, debit, credit."""
    return [(str(line.account), line.debit, line.credit) for line in entry.lines.select_related("account__parent")]


@pytest.mark.rule("FUN-GRANT")
def test_naming_a_studio_creates_one_grant_of_fifty_thousand(world):
    studio = make_studio(world)
    grant = on_studio_named(studio=studio, by=world.users["secretary"])
    assert grant.amount == Decimal("50000.00")
    assert grant.stage == GrantStage.AWAITING
    assert grant.grassroots_union == world.units["山东浪潮通用软件有限公司"].grassroots_union
    assert [e.action for e in history_of(grant)] == ["资助立项"]


@pytest.mark.rule("FUN-GRANT")
def test_naming_twice_leaves_one_grant(world):
    studio = make_studio(world)
    first = on_studio_named(studio=studio, by=world.users["secretary"])
    second = on_studio_named(studio=studio, by=world.users["secretary"])
    assert second.pk == first.pk
    assert Grant.objects.filter(studio=studio).count() == 1


@pytest.mark.rule("FUN-GRANT")
def test_second_grant_is_refused_with_the_article(world):
    grant = make_grant(world)
    with pytest.raises(DomainError) as refused:
        services.grant_create(studio=grant.studio, by=world.users["finance"])
    assert refused.value.reason == (
        "该工作室已获得资助，资助实行一次性资助、一次性发放，不得重复资助。"
        "（《管理办法》第十二条）"
    )


@pytest.mark.rule("FUN-GRANT")
def test_studio_not_named_at_municipal_level_gets_no_grant(world):
    studio = make_studio(world, status=StudioStatus.SYSTEM_NAMED)
    with pytest.raises(DomainError):
        services.grant_create(studio=studio, by=world.users["finance"])
    assert Grant.objects.count() == 0


@pytest.mark.rule("FUN-POSTING")
def test_three_transfers_post_in_three_books(world):
    grant = fund_fully(world, make_grant(world))
    lixia = world.system_unions["历下区总工会"]
    langchao = world.units["山东浪潮通用软件有限公司"].grassroots_union
    amount = Decimal("50000.00")
    system_entries = list(JournalEntry.objects.filter(union=lixia).order_by("number"))
    grassroots_entries = list(JournalEntry.objects.filter(union=langchao))
    assert [lines_of(e) for e in system_entries] == [
        [(BANK, amount, 0), (SUBSIDY, 0, amount)],
        [(SPECIAL_EXPENSE, amount, 0), (BANK, 0, amount)],  # the corrected code of 业务支出—专项业务费
    ]
    assert [lines_of(e) for e in grassroots_entries] == [[(BANK, amount, 0), (CUSTODY, 0, amount)]]
    assert [e.number for e in system_entries] == [1, 2]
    assert grant.stage == GrantStage.RECEIVED
    assert grant_custody_balance(grant) == amount


@pytest.mark.rule("FUN-POSTING")
def test_a_step_is_recorded_only_once(world):
    grant = make_grant(world)
    services.transfer_record(grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY, by=world.users["finance"])
    with pytest.raises(DomainError) as refused:
        services.transfer_record(grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY, by=world.users["finance"])
    assert refused.value.reason.startswith("“系统工会收到资助资金”已经记账，不得重复记账。")
    assert JournalEntry.objects.count() == 2  # the municipal union's payout, and this one


@pytest.mark.rule("FUN-POSTING")
def test_steps_are_recorded_in_order(world):
    grant = make_grant(world)
    with pytest.raises(DomainError) as refused:
        services.transfer_record(grant=grant, step=TransferStep.GRASSROOTS_RECEIVES, on=DAY, by=world.users["finance"])
    assert refused.value.reason.startswith("请先记录“系统工会拨付基层工会”。")


@pytest.mark.rule("FUN-POSTING")
def test_delisted_studio_gets_no_further_transfer(world):
    grant = make_grant(world)
    services.transfer_record(grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY, by=world.users["finance"])
    grant.studio.status = StudioStatus.DELISTED
    grant.studio.save()
    with pytest.raises(DomainError) as refused:
        services.transfer_record(grant=grant, step=TransferStep.SYSTEM_PASSES_ON, on=DAY, by=world.users["finance"])
    assert refused.value.reason.startswith("该工作室已摘牌")


@pytest.mark.rule("FUN-POSTING")
@pytest.mark.rule("STU-SPOTCHECK")
def test_studio_past_its_rectification_deadline_gets_no_transfer_even_before_any_page_delists_it(world):
    from datetime import timedelta

    from django.utils import timezone

    grant = make_grant(world)
    services.transfer_record(grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY, by=world.users["finance"])
    grant.studio.status = StudioStatus.RECTIFYING
    grant.studio.rectification_deadline = timezone.localdate() - timedelta(days=1)
    grant.studio.save()
    with pytest.raises(DomainError) as refused:
        services.transfer_record(grant=grant, step=TransferStep.SYSTEM_PASSES_ON, on=DAY, by=world.users["finance"])
    assert refused.value.reason.startswith("该工作室待摘牌")
    # The refusal judges the standing as of today; flagging the studio is the daily command's job, not a POST's.
    grant.studio.refresh_from_db()
    assert grant.studio.status == StudioStatus.RECTIFYING


@pytest.mark.rule("FUN-POSTING")
def test_unbalanced_entry_is_refused_by_the_service(world):
    union = world.system_unions["历下区总工会"]
    with pytest.raises(DomainError):
        services.post_entry(
            union=union,
            on=DAY,
            description="错",
            by=world.users["finance"],
            lines=[(chart.BANK, Decimal("10"), 0), (chart.CUSTODY, 0, Decimal("9"))],
        )
    assert JournalEntry.objects.count() == 0


@pytest.mark.rule("FUN-POSTING")
def test_reversal_restores_balances_and_allows_recording_again(world):
    grant = make_grant(world)
    transfer = services.transfer_record(
        grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY, by=world.users["finance"]
    )
    reversal = services.reverse_entry(entry=transfer.entry, by=world.users["finance"], reason="金额录错")
    assert reversal.reverses == transfer.entry
    assert lines_of(reversal) == [(BANK, 0, Decimal("50000.00")), (SUBSIDY, Decimal("50000.00"), 0)]
    grant.refresh_from_db()
    assert grant.stage == GrantStage.PAID_OUT
    tb = trial_balance(world.system_unions["历下区总工会"])
    assert (tb.totals.closing_debit, tb.totals.closing_credit) == (0, 0)
    services.transfer_record(grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY, by=world.users["finance"])
    with pytest.raises(DomainError):
        services.reverse_entry(entry=transfer.entry, by=world.users["finance"], reason="再冲")


@pytest.mark.rule("FUN-USE")
def test_equipment_spending_posts_custody_against_bank(world):
    grant = fund_fully(world, make_grant(world))
    spending = spend(world, grant, "12000.50")
    assert lines_of(spending.entry) == [(CUSTODY, Decimal("12000.50"), 0), (BANK, 0, Decimal("12000.50"))]
    assert grant_custody_balance(grant) == Decimal("37999.50")


@pytest.mark.rule("FUN-USE")
@pytest.mark.parametrize(
    "category,label", [("meals", "食宿安排"), ("reception", "人员接待"), ("welfare", "福利奖金"), ("other", "其他")]
)
def test_forbidden_category_is_refused_with_reason(world, category, label):
    grant = fund_fully(world, make_grant(world))
    with pytest.raises(DomainError) as refused:
        spend(world, grant, "100.00", category=category)
    assert refused.value.reason.startswith(f"资助资金不得用于“{label}”")
    assert refused.value.reason.endswith("（《管理办法》第十二条）")
    assert refused.value.field == "category"


@pytest.mark.rule("FUN-USE")
def test_spending_beyond_balance_is_refused(world):
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "49000.00")
    with pytest.raises(DomainError) as refused:
        spend(world, grant, "1000.01")
    assert refused.value.reason == (
        "支出金额 ¥1,000.01 超过资助资金余额 ¥1,000.00。（《管理办法》第十二条）"
    )


@pytest.mark.rule("FUN-USE")
def test_spending_before_money_arrives_is_refused(world):
    grant = make_grant(world)
    with pytest.raises(DomainError):
        spend(world, grant, "1.00")


@pytest.mark.rule("FUN-USE")
def test_receipt_cannot_be_reversed_once_spent(world):
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "1.00")
    receipt = grant.transfers.get(step=TransferStep.GRASSROOTS_RECEIVES).entry
    with pytest.raises(DomainError):
        services.reverse_entry(entry=receipt, by=world.users["finance"], reason="错")


@pytest.mark.rule("FUN-MATCH")
def test_matching_funds_stay_outside_the_grant_balance(world):
    grant = fund_fully(world, make_grant(world))
    services.matching_record(
        grant=grant, on=DAY, amount=Decimal("20000"), source="浪潮公司配套", by=world.users["langchao"]
    )
    statement = fund_statement(grant)
    assert (statement.remaining, statement.matching) == (Decimal("50000.00"), Decimal("20000.00"))
    assert MatchingFund.objects.count() == 1
    assert JournalEntry.objects.count() == 4  # the four steps of S§13, none for the matching funds


@pytest.mark.rule("FUN-AUDIT")
def test_fund_statement_shows_received_spent_by_category_and_remaining(world):
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "3000.00", "equipment")
    spend(world, grant, "500.00", "training")
    s = spend(world, grant, "100.00", "training")
    services.reverse_entry(entry=s.entry, by=world.users["langchao"], reason="重复录入")
    statement = fund_statement(grant)
    assert statement.received == Decimal("50000.00")
    assert statement.spent_by_category == [("设备购置", Decimal("3000.00")), ("培训学习", Decimal("500.00"))]
    assert statement.remaining == Decimal("46500.00")


@pytest.mark.rule("FUN-AUDIT")
def test_finding_is_answered_then_closed(world):
    grant = make_grant(world)
    finding = services.finding_raise(grant=grant, text="请补充发票", by=world.users["auditor"])
    services.finding_answer(finding=finding, answer="已补充", by=world.users["finance"])
    finding = services.finding_conclude(finding=finding, accept=True, by=world.users["auditor"])
    assert finding.status == "closed"
    assert [e.action for e in history_of(finding)] == ["提出审查意见", "答复审查意见", "关闭审查意见"]


def test_chart_is_created_lazily_for_a_new_union(world):
    from jinan_union.models import Organisation

    union = Organisation.objects.create(name="新建工会", kind="system", system_kind="district", parent=world.municipal)
    assert Account.objects.filter(union=union).count() == 0
    accounts = services.ensure_chart(union)
    assert accounts[chart.SPECIAL_SUBSIDY].full_name == "上级补助收入—专项补助"
    assert Account.objects.filter(union=union).count() == len(chart.CHART)


# --- dates: the books never show money spent or passed on before it arrived -------------------------


@pytest.mark.rule("FUN-USE")
def test_spending_dated_before_the_grassroots_union_received_the_money_is_refused(world):
    grant = fund_fully(world, make_grant(world))
    with pytest.raises(DomainError) as refused:
        services.spending_record(
            grant=grant,
            category="equipment",
            on=DAY - datetime.timedelta(days=1),
            amount=Decimal("100.00"),
            payee="济南仪器公司",
            by=world.users["langchao"],
        )
    assert refused.value.reason == "支出日期不能早于基层工会收到资助资金的日期（2026年5月1日）。"
    assert refused.value.field == "on"
    assert grant.spendings.count() == 0
    tb = trial_balance(grant.grassroots_union, None, DAY - datetime.timedelta(days=1))
    assert (tb.totals.closing_debit, tb.totals.closing_credit) == (0, 0)


@pytest.mark.rule("FUN-USE")
def test_spending_dated_in_the_future_is_refused(world):
    grant = fund_fully(world, make_grant(world))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        services.spending_record(
            grant=grant,
            category="equipment",
            on=tomorrow,
            amount=Decimal("100.00"),
            payee="济南仪器公司",
            by=world.users["langchao"],
        )
    today = timezone.localdate()
    assert refused.value.reason == f"日期不能晚于今天（{today.year}年{today.month}月{today.day}日）。"
    assert refused.value.field == "on"


@pytest.mark.rule("FUN-POSTING")
def test_transfer_dated_before_the_step_before_it_is_refused(world):
    grant = make_grant(world)
    finance = world.users["finance"]
    services.transfer_record(grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY, by=finance)
    with pytest.raises(DomainError) as refused:
        services.transfer_record(
            grant=grant, step=TransferStep.SYSTEM_PASSES_ON, on=DAY - datetime.timedelta(days=3), by=finance
        )
    assert refused.value.reason == "日期不能早于“系统工会收到资助资金”的日期（2026年5月1日）。"
    assert refused.value.field == "on"
    # The same day is fine: the money can arrive and be passed on at once.
    services.transfer_record(grant=grant, step=TransferStep.SYSTEM_PASSES_ON, on=DAY, by=finance)


@pytest.mark.rule("FUN-POSTING")
def test_transfer_dated_in_the_future_is_refused(world):
    grant = make_grant(world, paid_out=False)
    with pytest.raises(DomainError) as refused:
        services.transfer_record(
            grant=grant,
            step=TransferStep.MUNICIPAL_PAYS,
            on=timezone.localdate() + datetime.timedelta(days=30),
            by=world.users["finance"],
        )
    assert refused.value.field == "on"
    assert refused.value.reason.startswith("日期不能晚于今天")
    assert grant.transfers.count() == 0


@pytest.mark.rule("FUN-POSTING")
def test_reversal_dated_before_the_entry_it_reverses_is_refused(world):
    grant = fund_fully(world, make_grant(world))
    spending = spend(world, grant, "100.00")
    with pytest.raises(DomainError) as refused:
        services.reverse_entry(
            entry=spending.entry, by=world.users["finance"], reason="录错", on=DAY - datetime.timedelta(days=1)
        )
    assert refused.value.reason == "冲销日期不能早于原凭证日期（2026年5月1日）。"
    assert refused.value.field == "on"
