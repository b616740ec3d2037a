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
    assert len(reports) == 11
