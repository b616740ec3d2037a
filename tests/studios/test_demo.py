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
    assert sum(cards[t] for t in ("创新工作室申报：待审核", "创新工作室申报：已考察、待推荐")) == 2
    assert cards["整改中的工作室（待复查）"] == 1


def test_demo_named_applications_were_submitted_and_inspected_before_the_meeting(world):
    hooks.seed_demo(world)
    named = Application.objects.filter(state=ApplicationState.NAMED).select_related("naming_batch")
    assert named.count() == 6
    for app in named:
        batch = app.naming_batch
        assert app.year == batch.year
        assert app.submitted_on < batch.meeting_date < batch.named_on
        assert [i.inspected_on < batch.meeting_date for i in app.inspections.all()] == [True]
        assert [h.awarded_on <= app.submitted_on for h in app.current_honours()] == [True]


def test_demo_recommended_and_named_applications_have_every_checklist_item_marked_met(world):
    from studios.enums import checklist_items

    hooks.seed_demo(world)
    for app in Application.objects.filter(state__in=[ApplicationState.RECOMMENDED, ApplicationState.NAMED]):
        marks = {m.item: m.met for m in app.marks.all()}
        assert marks == {code: True for code, _, _ in checklist_items(app.category)}
