"""Forms: what the clerk, the reviewer and the secretary enter is refused beside the field, in Chinese."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from studios.enums import StudioStatus
from studios.forms import (
    AssessmentForm,
    BatchForm,
    FraudForm,
    HonourForm,
    InspectionForm,
    LedgerForm,
    MeetingForm,
    NamingForm,
    SpotCheckForm,
)
from studios.models import Studio

from .factories import named_directly

TODAY = timezone.localdate


def _tomorrow() -> str:
    return f"{TODAY() + timedelta(days=1):%Y-%m-%d}"


def _today() -> str:
    return f"{TODAY():%Y-%m-%d}"


# Each form with a date of something that has happened, the data around it, and the date field's name.
HAPPENED = [
    (HonourForm, "honour-", {"kind": "invention_patent", "level": "national", "title": "专利"}, "awarded_on",
     "获得日期不能晚于今天。"),
    (InspectionForm, "", {"people": "王审核", "findings": "良好"}, "inspected_on", "考察日期不能晚于今天。"),
    (FraudForm, "", {"notice_number": "济工通〔2026〕1号", "findings": "伪造"}, "issued_on", "通报日期不能晚于今天。"),
    (MeetingForm, "meeting-", {"meeting_type": "party_group", "minutes_number": "纪要1号"}, "meeting_date",
     "会议日期不能晚于今天。"),
    (NamingForm, "naming-", {"document_number": "济工发〔2026〕1号"}, "named_on", "发文日期不能晚于今天。"),
    (LedgerForm, "", {"kind": "project", "title": "攻关"}, "happened_on", "台帐日期不能晚于今天。"),
    (SpotCheckForm, "", {"passed": "1", "findings": "达标"}, "checked_on", "抽查日期不能晚于今天。"),
]


@pytest.mark.rule("SYS-ERR")
@pytest.mark.parametrize(("form_class", "prefix", "data", "field", "message"), HAPPENED,
                         ids=[h[0].__name__ for h in HAPPENED])
def test_a_date_of_something_that_happened_cannot_be_tomorrow(db, form_class, prefix, data, field, message):
    form = form_class({**{prefix + k: v for k, v in data.items()}, prefix + field: _tomorrow()})
    assert form.is_valid() is False
    assert form.errors[field] == [message]


@pytest.mark.parametrize(("form_class", "prefix", "data", "field", "message"), HAPPENED,
                         ids=[h[0].__name__ for h in HAPPENED])
def test_a_date_of_something_that_happened_may_be_today(db, form_class, prefix, data, field, message):
    form = form_class({**{prefix + k: v for k, v in data.items()}, prefix + field: _today()})
    assert form.is_valid() is True, form.errors


def test_an_assessment_of_next_year_is_refused(db):
    form = AssessmentForm({"assess-year": TODAY().year + 1, "assess-score": "90", "assess-conclusion": "excellent"})
    assert form.is_valid() is False
    assert form.errors["year"] == [f"考核年度不能晚于{TODAY().year}年。"]


def test_an_assessment_of_this_year_is_accepted(db):
    form = AssessmentForm({"assess-year": TODAY().year, "assess-score": "90", "assess-conclusion": "excellent"})
    assert form.is_valid() is True, form.errors


@pytest.mark.parametrize("year", [2019, 1999])
def test_a_naming_batch_before_the_regulation_took_effect_is_refused(db, year):
    form = BatchForm({"year": year, "title": "批次"})
    assert form.is_valid() is False
    assert form.errors["year"] == ["命名年度应在2020年（本办法2020年4月27日施行，《管理办法》第二十四条）之后。"]


def test_a_naming_batch_two_years_ahead_is_refused(db):
    form = BatchForm({"year": TODAY().year + 2, "title": "批次"})
    assert form.is_valid() is False
    assert form.errors["year"] == [f"命名年度不能晚于{TODAY().year + 1}年。"]


@pytest.mark.parametrize("offset", [0, 1])
def test_a_naming_batch_of_this_or_next_year_is_accepted(db, offset):
    form = BatchForm({"year": TODAY().year + offset, "title": "批次"})
    assert form.is_valid() is True, form.errors


@pytest.mark.rule("STU-SPOTCHECK")
def test_a_spot_check_dated_in_the_future_leaves_the_studio_named(client_for, world):
    studio = named_directly(world, 1, TODAY().year - 1)[0]
    response = client_for("reviewer").post(reverse("studios:spotcheck-new", args=[studio.pk]), {
        "checked_on": "2030-01-01", "passed": "0", "findings": "台帐不全", "deadline": "2030-02-01",
    })
    assert response.status_code == 200
    assert "抽查日期不能晚于今天。" in response.content.decode()
    assert Studio.objects.get(pk=studio.pk).status == StudioStatus.MUNICIPAL_NAMED
