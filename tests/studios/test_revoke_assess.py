"""STU-ASSESS (S§17): a 不合格 yearly assessment starts a rectification; a missing one is flagged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from notifications.models import Notification
from studios import selectors, services
from studios.enums import StudioStatus
from studios.forms import AssessmentForm
from studios.models import Assessment, Studio

from .factories import make_studio

TODAY = timezone.localdate


def _named(world, **extra):
    studio = make_studio(world, **extra)
    Studio.objects.filter(pk=studio.pk).update(status=StudioStatus.MUNICIPAL_NAMED, naming_year=TODAY().year - 2)
    studio.refresh_from_db()
    return studio


def _assess(world, studio, conclusion, deadline=None, year=None):
    return services.assessment_record(studio=studio, by=world.users["langchao"], data=dict(
        year=year or TODAY().year - 1, score="55" if conclusion == "fail" else "90", conclusion=conclusion,
        comments="台帐不全", deadline=deadline))


@pytest.mark.rule("STU-ASSESS")
def test_a_failed_assessment_starts_a_rectification_with_its_deadline(world, django_capture_on_commit_callbacks):
    studio = _named(world)
    deadline = TODAY() + timedelta(days=60)
    with django_capture_on_commit_callbacks(execute=True):
        _assess(world, studio, "fail", deadline)
    studio.refresh_from_db()
    assert studio.status == StudioStatus.RECTIFYING
    assert studio.rectification_deadline == deadline
    assert list(history_of(studio))[-1].action == "年度考核不合格·限期整改"
    # The reviewer is asked to re-check it (SYS-NOTIFY); the re-check is the spot check's (STU-SPOTCHECK).
    assert Notification.objects.filter(recipient=world.users["reviewer"]).exists()
    services.spotcheck_record(studio=studio, by=world.users["reviewer"], data=dict(
        checked_on=TODAY(), passed=True, findings="整改到位"))
    studio.refresh_from_db()
    assert studio.status == StudioStatus.MUNICIPAL_NAMED and studio.rectification_deadline is None


@pytest.mark.rule("STU-ASSESS")
def test_a_failed_assessment_needs_a_deadline_after_today(world):
    studio = _named(world)
    for deadline, words in ((None, "必须设定整改期限"), (TODAY(), "须晚于今天")):
        with pytest.raises(DomainError) as refused:
            _assess(world, studio, "fail", deadline)
        assert words in refused.value.message and refused.value.field == "deadline"
    assert not Assessment.objects.exists()
    studio.refresh_from_db()
    assert studio.status == StudioStatus.MUNICIPAL_NAMED


@pytest.mark.rule("STU-ASSESS")
def test_a_passing_assessment_sets_no_deadline(world):
    studio = _named(world)
    with pytest.raises(DomainError):
        _assess(world, studio, "good", TODAY() + timedelta(days=9))
    _assess(world, studio, "good")
    studio.refresh_from_db()
    assert studio.status == StudioStatus.MUNICIPAL_NAMED


@pytest.mark.rule("STU-ASSESS")
def test_a_failed_assessment_during_a_rectification_keeps_its_deadline(world):
    studio = _named(world)
    first = TODAY() + timedelta(days=30)
    _assess(world, studio, "fail", first, year=TODAY().year - 1)
    _assess(world, studio, "fail", TODAY() + timedelta(days=90), year=TODAY().year)
    studio.refresh_from_db()
    assert studio.status == StudioStatus.RECTIFYING and studio.rectification_deadline == first
    assert "整改期限仍为" in list(history_of(studio))[-1].comment


@pytest.mark.rule("STU-ASSESS")
def test_the_form_asks_for_the_deadline_beside_the_field(db):
    form = AssessmentForm({"assess-year": TODAY().year, "assess-score": "50", "assess-conclusion": "fail"})
    assert not form.is_valid()
    assert "必须设定整改期限" in form.errors["deadline"][0]


@pytest.mark.rule("STU-ASSESS")
def test_the_assessment_page_starts_the_rectification(client_for, world):
    studio = _named(world)
    deadline = TODAY() + timedelta(days=45)
    response = client_for("langchao").post(reverse("studios:assessment-new", args=[studio.pk]), {
        "assess-year": TODAY().year - 1, "assess-score": "52", "assess-conclusion": "fail",
        "assess-comments": "未开展活动", "assess-deadline": deadline.isoformat()})
    assert response.status_code == 302
    studio.refresh_from_db()
    assert studio.status == StudioStatus.RECTIFYING and studio.rectification_deadline == deadline


@pytest.mark.rule("STU-ASSESS")
def test_a_studio_without_last_years_assessment_is_flagged_on_the_reviewers_list(client_for, world):
    missing = _named(world)
    assessed = _named(world, name="浪潮李华创新工作室")
    _assess(world, assessed, "good")
    new = _named(world, name="浪潮新命名创新工作室")
    Studio.objects.filter(pk=new.pk).update(naming_year=TODAY().year)  # named this year: nothing due yet
    flags = dict(selectors.with_assessment_flag(Studio.objects.all()).values_list("pk", "missing_assessment"))
    last = TODAY().year - 1
    assert flags[missing.pk] == last and flags[assessed.pk] is None and flags[new.pk] is None
    page = client_for("reviewer").get(reverse("studios:studio-list")).content.decode()
    assert page.count(f"缺{last}年度考核") == 1
