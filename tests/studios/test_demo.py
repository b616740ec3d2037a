from studios import hooks
from studios.enums import ApplicationState, StudioStatus
from studios.models import Application, Studio


def test_seed_demo_has_studios_in_every_state_and_is_idempotent(world):
    hooks.seed_demo(world)
    count = Studio.objects.count()
    hooks.seed_demo(world)
    assert Studio.objects.count() == count
    assert set(Studio.objects.values_list("status", flat=True)) == set(StudioStatus.values)
    assert set(Application.objects.values_list("state", flat=True)) == set(ApplicationState.values) - {
        ApplicationState.APPROVED
    }


def test_home_cards_tell_the_reviewer_what_waits(world):
    hooks.seed_demo(world)
    cards = {c.title: c.count for c in hooks.home_cards(world.users["reviewer"])}
    assert cards == {"创新工作室申报：待审核/待推荐": 2, "整改中的工作室（待复查）": 1}
