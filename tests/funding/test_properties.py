"""FUN-POSTING / FUN-USE as properties: whatever sequence of grants, transfers, spendings and
reversals is attempted, every union's trial balance balances and no custody balance goes negative."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funding import services
from funding.enums import SpendingCategory, TransferStep
from funding.models import Grant, JournalEntry
from funding.selectors import custody_balance, grant_custody_balance, trial_balance
from jinan_union.errors import DomainError
from jinan_union.models import Organisation

from .factories import DAY, clerk_of, make_studio

UNITS = ["山东浪潮通用软件有限公司", "济南历下控股集团有限公司", "济南市中区热力有限公司"]

operations = st.lists(
    st.one_of(
        st.tuples(st.just("grant"), st.integers(0, 3)),
        st.tuples(st.just("transfer"), st.integers(0, 3), st.sampled_from(TransferStep.values)),
        st.tuples(
            st.just("spend"),
            st.integers(0, 3),
            st.sampled_from(SpendingCategory.values),
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("60000"), places=2),
        ),
        st.tuples(st.just("reverse"), st.integers(0, 30)),
    ),
    max_size=25,
)


class Rollback(Exception):
    pass


@pytest.mark.rule("FUN-POSTING")
@pytest.mark.rule("FUN-USE")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_random_sequences_keep_every_book_balanced(world, ops):
    finance = world.users["finance"]
    try:
        with transaction.atomic():
            studios = [make_studio(world, unit=UNITS[i % 3], name=f"性质工作室{i}") for i in range(4)]
            for op in ops:
                try:
                    if op[0] == "grant":
                        services.grant_create(studio=studios[op[1]], by=finance)
                    elif op[0] == "transfer":
                        grant = Grant.objects.filter(studio=studios[op[1]]).first()
                        if grant:
                            services.transfer_record(grant=grant, step=op[2], on=DAY, by=finance)
                    elif op[0] == "spend":
                        grant = Grant.objects.filter(studio=studios[op[1]]).first()
                        if grant:
                            services.spending_record(
                                grant=grant,
                                category=op[2],
                                on=DAY,
                                amount=op[3],
                                payee="某公司",
                                by=clerk_of(world, grant),
                            )
                    else:
                        entries = list(JournalEntry.objects.order_by("pk"))
                        if entries:
                            services.reverse_entry(entry=entries[op[1] % len(entries)], by=finance, reason="性质测试")
                except DomainError:
                    pass
            for union in Organisation.objects.filter(kind__in=("system", "grassroots")):
                tb = trial_balance(union)
                assert tb.totals.debit == tb.totals.credit
                assert tb.totals.closing_debit == tb.totals.closing_credit
                assert custody_balance(union) >= 0
            for grant in Grant.objects.all():
                assert Decimal("0") <= grant_custody_balance(grant) <= grant.amount
            raise Rollback
    except Rollback:
        pass
