"""FUN-FREEZE / STU-REVOKE (S§10, S§17): a de-listed or revoked studio's unspent money comes back to the
municipal union step by step, each step a voucher in its union's books, every union's books balancing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from funding import chart, services
from funding.enums import GrantStage, RecoveryStep
from funding.models import JournalEntry, Recovery
from funding.rules import recovery_plan
from funding.selectors import fund_statement, grant_custody_balance, trial_balance
from funding.selectors import recovery_plan as plan_of
from jinan_union.audit import history_of
from jinan_union.errors import DomainError

from .factories import DAY, fund_fully, make_grant, spend
from .test_freeze import _revoke

G, S, R, M = (
    RecoveryStep.GRASSROOTS_RETURNS, RecoveryStep.SYSTEM_GETS_BACK, RecoveryStep.SYSTEM_RETURNS,
    RecoveryStep.MUNICIPAL_GETS_BACK,
)


def recover(world, grant, step, user="finance", on=DAY):
    return services.recovery_record(grant=grant, step=step, on=on, by=world.users[user])


def net(union, key):
    """The closing balance of one account (by key) in a union's books (debit or credit side, whichever it is on)."""
    for row in trial_balance(union).rows:
        if row.account.key == key:
            return row.closing_debit + row.closing_credit
    return Decimal("0.00")


@pytest.mark.rule("FUN-FREEZE")
@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (GrantStage.AWAITING, []),
        (GrantStage.PAID_OUT, [(M, Decimal("50000.00"))]),
        (GrantStage.AT_SYSTEM, [(R, Decimal("50000.00")), (M, Decimal("50000.00"))]),
        (GrantStage.PASSED_ON, [(S, Decimal("50000.00")), (R, Decimal("50000.00")), (M, Decimal("50000.00"))]),
        (GrantStage.RECEIVED, [(G, Decimal("48800.00")), (S, Decimal("48800.00")), (R, Decimal("48800.00")),
                               (M, Decimal("48800.00"))]),
    ],
)
def test_the_plan_brings_back_what_is_left_from_where_the_money_got_to(stage, expected):
    plan = recovery_plan(stage=stage, amount=Decimal("50000.00"), custody_balance=Decimal("48800.00"))
    assert plan == expected


@pytest.mark.rule("FUN-FREEZE")
def test_once_returned_the_plan_keeps_the_returned_amount():
    plan = recovery_plan(
        stage=GrantStage.RECEIVED, amount=Decimal("50000.00"), custody_balance=Decimal("0.00"),
        returned=Decimal("48800.00"),
    )
    assert [a for _, a in plan] == [Decimal("48800.00")] * 4


@pytest.mark.rule("FUN-FREEZE")
def test_all_spent_leaves_nothing_to_recover():
    assert recovery_plan(stage=GrantStage.RECEIVED, amount=Decimal("50000.00"), custody_balance=Decimal("0")) == []


@pytest.mark.rule("FUN-FREEZE")
@pytest.mark.rule("STU-REVOKE")
def test_a_revoked_studios_unspent_money_comes_back_and_every_book_balances(world):
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "1200.00")
    _revoke(world, grant.studio)
    grassroots, system, municipal = grant.grassroots_union, grant.system_union, grant.system_union.parent
    assert [a for _, a in plan_of(grant)] == [Decimal("48800.00")] * 4

    recover(world, grant, G, user="lixia_finance")
    recover(world, grant, S, user="lixia_finance")
    recover(world, grant, R, user="lixia_finance")
    with pytest.raises(DomainError):
        recover(world, grant, M, user="lixia_finance")  # the municipal union's books are not theirs
    recover(world, grant, M, user="finance")

    grant.refresh_from_db()
    assert grant.stage == GrantStage.RECOVERED
    assert grant_custody_balance(grant) == Decimal("0.00")
    statement = fund_statement(grant)
    assert (statement.received, statement.spent, statement.remaining, statement.returned) == (
        Decimal("50000.00"), Decimal("1200.00"), Decimal("0.00"), Decimal("48800.00"),
    )
    for union in (grassroots, system, municipal):
        assert trial_balance(union).balances
    # The system union's books: income 50,000 less 48,800 returned; expense 50,000 less 48,800 got back.
    assert net(system, chart.SPECIAL_SUBSIDY) == Decimal("1200.00")
    assert net(system, chart.SPECIAL_BUSINESS_EXPENSE) == Decimal("1200.00")
    assert net(system, chart.BANK) == Decimal("0.00")
    # The municipal union paid 50,000 out and booked 48,800 back: its grants to lower unions are what was spent.
    assert net(municipal, chart.SPECIAL_GRANT_TO_LOWER) == Decimal("1200.00")
    entries = JournalEntry.objects.filter(grant=grant, recovery__isnull=False).order_by("pk")
    assert [(e.union, e.amount) for e in entries] == [
        (grassroots, Decimal("48800.00")), (system, Decimal("48800.00")), (system, Decimal("48800.00")),
        (municipal, Decimal("48800.00")),
    ]
    actions = [e.action for e in history_of(grant)]
    assert actions.count("追回记账") == 3 and "已追回" in [e.to_state for e in history_of(grant)]


@pytest.mark.rule("FUN-FREEZE")
def test_recovery_only_for_a_frozen_studio_and_in_order(world):
    grant = fund_fully(world, make_grant(world))
    with pytest.raises(DomainError) as refused:
        recover(world, grant, G)
    assert "只有已摘牌或已撤销命名的工作室" in refused.value.text
    _revoke(world, grant.studio)
    with pytest.raises(DomainError) as refused:
        recover(world, grant, S)
    assert "请先记录“基层工会退回结余资金”" in refused.value.text
    recover(world, grant, G)
    with pytest.raises(DomainError) as refused:
        recover(world, grant, G)
    assert "已经记账" in refused.value.text
    assert Recovery.objects.count() == 1


@pytest.mark.rule("FUN-FREEZE")
def test_money_still_at_the_system_union_goes_straight_back(world):
    grant = make_grant(world)
    services.transfer_record(grant=grant, step="system_receives", on=DAY, by=world.users["finance"])
    _revoke(world, grant.studio)
    with pytest.raises(DomainError) as refused:
        recover(world, grant, G)
    assert "不经过" in refused.value.text
    recover(world, grant, R)
    recover(world, grant, M)
    grant.refresh_from_db()
    assert grant.stage == GrantStage.RECOVERED
    assert net(grant.system_union, chart.SPECIAL_SUBSIDY) == Decimal("0.00")
    assert net(grant.system_union.parent, chart.SPECIAL_GRANT_TO_LOWER) == Decimal("0.00")
    assert trial_balance(grant.system_union).balances


@pytest.mark.rule("FUN-FREEZE")
def test_only_the_books_finance_records_a_step(world):
    grant = fund_fully(world, make_grant(world))
    _revoke(world, grant.studio)
    for user in ("auditor", "reviewer", "lixia"):
        with pytest.raises(DomainError):
            recover(world, grant, G, user=user)
    assert Recovery.objects.count() == 0
    recover(world, grant, G, user="langchao")  # the grassroots union's own finance returns its balance
    with pytest.raises(DomainError) as refused:
        recover(world, grant, S, user="langchao")  # but does not write in the system union's books
    assert "您无权记录资金追回" in refused.value.text
    assert Recovery.objects.count() == 1


@pytest.mark.rule("FUN-FREEZE")
def test_reversing_the_return_takes_the_grant_back_and_blocks_earlier_reversals(world):
    grant = fund_fully(world, make_grant(world))
    _revoke(world, grant.studio)
    first = recover(world, grant, G)
    recover(world, grant, S)
    recover(world, grant, R)
    last = recover(world, grant, M)
    finance = world.users["finance"]
    with pytest.raises(DomainError) as refused:
        services.reverse_entry(entry=first.entry, by=finance, reason="日期错")
    assert "后续追回环节" in refused.value.text
    transfer_entry = grant.transfers.get(step="grassroots_receives").entry
    with pytest.raises(DomainError) as refused:
        services.reverse_entry(entry=transfer_entry, by=finance, reason="错")
    assert "已在追回" in refused.value.text
    services.reverse_entry(entry=last.entry, by=finance, reason="收回日期错")
    grant.refresh_from_db()
    assert grant.stage == GrantStage.RECEIVED
    recover(world, grant, M)
    grant.refresh_from_db()
    assert grant.stage == GrantStage.RECOVERED
    assert trial_balance(grant.system_union).balances


@pytest.mark.rule("FUN-FREEZE")
@pytest.mark.rule("STU-REVOKE")
def test_finance_records_the_return_on_the_grant_page(world, client_for):
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "1000.00")
    _revoke(world, grant.studio)
    client = client_for("lixia_finance")
    page = client.get(reverse("funding:grant-detail", args=[grant.pk])).content.decode()
    assert "结余资金追回" in page and "¥49,000.00" in page and "记录：基层工会退回结余资金" in page
    url = reverse("funding:recovery-record", args=[grant.pk, G.value])
    form = client.get(url).content.decode()
    assert "借 231 代管经费，贷 102 银行存款" in form and "¥49,000.00" in form
    bad = client.post(url, {"on": "2001-13-01", "reference": "HD1"})
    assert bad.status_code == 200 and Recovery.objects.count() == 0
    response = client.post(url, {"on": DAY.isoformat(), "reference": "HD1"})
    assert response.status_code == 302
    assert Recovery.objects.get().amount == Decimal("49000.00")
    page = client.get(reverse("funding:grant-detail", args=[grant.pk])).content.decode()
    assert "记录：系统工会收回资助资金" in page


@pytest.mark.rule("FUN-FREEZE")
@pytest.mark.rule("FUN-POSTING")
def test_a_step_out_and_a_step_back_run_through_one_mechanism(world, client_for):
    """One service (services.record_step) and one page (views.step_record) for both ways, each with its own
    posting table; a step that cannot be recorded now shows its reason instead of a form, either way."""
    assert services.TRANSFER.postings is not services.RECOVERY.postings
    grant = fund_fully(world, make_grant(world))
    client = client_for("lixia_finance")
    back = client.get(reverse("funding:recovery-record", args=[grant.pk, G.value])).content.decode()
    assert 'data-testid="transfer-refusal"' in back and "只有已摘牌或已撤销命名的工作室" in back
    again = reverse("funding:transfer-record", args=[grant.pk, "system_passes_on"])
    out = client.get(again).content.decode()
    assert 'data-testid="transfer-refusal"' in out and "已经记账" in out
    assert client.post(again, {"on": DAY.isoformat()}).status_code == 200
    _revoke(world, grant.studio)
    recovery = services.record_step(services.RECOVERY, grant=grant, step=G, on=DAY, by=world.users["lixia_finance"])
    assert recovery.entry.union == grant.grassroots_union and recovery.entry.cause == recovery
