"""seed_demo adds reports of every grade and state, including a duplicate group."""

import pytest

from hazards.enums import ReportState
from hazards.hooks import seed_demo
from hazards.models import DuplicateGroup, HazardReport


@pytest.mark.rule("HAZ-FIRST")
def test_seed_demo_covers_every_grade_and_state_and_a_duplicate_group(world):
    seed_demo(world)
    seed_demo(world)  # idempotent
    reports = list(HazardReport.objects.all())
    assert {r.effective_grade for r in reports} == {1, 2, 3, 4}
    assert {r.status for r in reports} == set(ReportState.values)
    assert DuplicateGroup.objects.filter(dissolved_at__isnull=True, reports__isnull=False).distinct().count() == 1
    assert len(reports) == 12  # 11 of the city's scheme, 1 of 历下区总工会's own (below)


@pytest.mark.rule("HAZ-SCHEME")
def test_seed_demo_sets_up_a_district_scheme_whose_round_flags_the_citys_paid_crane(world):
    from hazards.models import Scheme
    from hazards.selectors import paid_elsewhere

    seed_demo(world)
    seed_demo(world)  # idempotent
    scheme = Scheme.objects.get(is_city=False)
    assert scheme.union.name == "历下区总工会" and scheme.amount_3 == 1000
    own = list(HazardReport.objects.filter(scheme=scheme))
    assert len(own) == 1 and own[0].status == ReportState.SUBMITTED
    assert paid_elsewhere(own)[own[0].pk][0].other.status == ReportState.PAID
