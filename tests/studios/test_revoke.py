"""STU-SPOTCHECK / STU-REVOKE (S§10, S§17): 摘牌 and 撤销命名 are recorded decisions like a naming."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from studios import services
from studios.enums import DecisionKind, StudioStatus
from studios.models import Studio, StudioDecision

from .factories import make_studio

TODAY = timezone.localdate


def _named(world):
    studio = make_studio(world)
    Studio.objects.filter(pk=studio.pk).update(status=StudioStatus.MUNICIPAL_NAMED, naming_year=2025)
    return Studio.objects.get(pk=studio.pk)


def _check(world, studio, passed, **extra):
    services.spotcheck_record(studio=Studio.objects.get(pk=studio.pk), by=world.users["reviewer"], data=dict(
        checked_on=extra.pop("on", TODAY()), passed=passed, findings="台帐记录不全", **extra))
    return Studio.objects.get(pk=studio.pk)


def _data(reason, **extra):
    return dict(reason=reason, findings="整改复查仍不达标", meeting_type="chairman_office",
                meeting_date=TODAY() - timedelta(days=2), minutes_number="主席办公会纪要〔2026〕9号",
                document_number="济工发〔2026〕31号", decided_on=TODAY()) | {"notice_number": "", **extra}


@pytest.mark.rule("STU-SPOTCHECK")
def test_a_failed_recheck_is_delisted_by_the_recorded_decision(world):
    studio = _check(world, _named(world), False, deadline=TODAY() + timedelta(days=30))
    studio = _check(world, studio, False)
    assert studio.status == StudioStatus.DELIST_PENDING
    decision = services.studio_decide(studio=studio, by=world.users["secretary"], data=_data("failed_recheck"))
    studio.refresh_from_db()
    assert decision.kind == DecisionKind.DELIST
    assert (studio.status, studio.delisted_on) == (StudioStatus.DELISTED, TODAY())
    last = list(history_of(studio))[-1]
    assert last.action == "摘牌" and "济工发〔2026〕31号" in last.comment and "主席办公会" in last.comment


@pytest.mark.rule("STU-SPOTCHECK")
def test_an_overdue_rectification_is_delisted_only_once_the_deadline_passed(world):
    studio = _check(world, _named(world), False, deadline=TODAY() + timedelta(days=5), on=TODAY() - timedelta(days=9))
    secretary = world.users["secretary"]
    with pytest.raises(DomainError) as refused:
        services.studio_decide(studio=studio, by=secretary, data=_data("overdue"))
    assert refused.value.field == "reason" and "尚未届满" in refused.value.message
    with pytest.raises(DomainError) as refused:
        services.studio_decide(studio=studio, by=secretary, data=_data("failed_recheck"))
    assert "没有不达标的整改复查记录" in refused.value.message
    Studio.objects.filter(pk=studio.pk).update(rectification_deadline=TODAY() - timedelta(days=1))
    services.studio_decide(studio=studio, by=secretary, data=_data("overdue"))
    assert Studio.objects.get(pk=studio.pk).status == StudioStatus.DELISTED
    assert StudioDecision.objects.count() == 1
    with pytest.raises(DomainError):
        services.studio_decide(studio=studio, by=secretary, data=_data("overdue"))


@pytest.mark.rule("STU-REVOKE")
def test_fraud_after_naming_revokes_the_title_with_the_criticism_notice(world):
    studio = _named(world)
    secretary = world.users["secretary"]
    with pytest.raises(DomainError) as refused:
        services.studio_decide(studio=studio, by=secretary, data=_data("fraud"))
    assert refused.value.field == "notice_number" and "第十条" in refused.value.message
    data = _data("fraud", notice_number="济工通〔2026〕5号", findings="专利证书伪造")
    decision = services.studio_decide(studio=studio, by=secretary, data=data)
    studio.refresh_from_db()
    assert decision.kind == DecisionKind.REVOKE and studio.status == StudioStatus.REVOKED
    actions = [e.action for e in history_of(studio)]
    assert actions[-2:] == ["撤销命名", "通报批评"]
    assert studio.delisted_reason == "弄虚作假：专利证书伪造"


@pytest.mark.rule("STU-REVOKE")
def test_only_the_secretary_records_the_decision_and_dates_are_checked(world):
    studio = _named(world)
    with pytest.raises(DomainError) as refused:
        services.studio_decide(studio=studio, by=world.users["reviewer"], data=_data("fraud", notice_number="x"))
    assert refused.value.forbidden
    with pytest.raises(DomainError) as refused:
        services.studio_decide(studio=studio, by=world.users["secretary"],
                               data=_data("fraud", notice_number="x") | {"decided_on": TODAY() - timedelta(days=5)})
    assert refused.value.field == "decided_on"
    assert Studio.objects.get(pk=studio.pk).status == StudioStatus.MUNICIPAL_NAMED


@pytest.mark.rule("STU-REVOKE")
def test_the_decision_page_records_it_and_keeps_what_was_typed_on_error(client_for, world):
    studio = _named(world)
    url = reverse("studios:studio-decision", args=[studio.pk])
    client = client_for("secretary")
    detail = client.get(reverse("studios:studio-detail", args=[studio.pk])).content.decode()
    assert url in detail
    form = {f"decision-{k}": v for k, v in _data("fraud").items()}
    page = client.post(url, form).content.decode()
    assert "请填写通报批评文号" in page and "济工发〔2026〕31号" in page
    form["decision-notice_number"] = "济工通〔2026〕5号"
    assert client.post(url, form).status_code == 302
    assert Studio.objects.get(pk=studio.pk).status == StudioStatus.REVOKED
    assert url not in client.get(reverse("studios:studio-detail", args=[studio.pk])).content.decode()
