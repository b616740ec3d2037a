"""STU-SPOTCHECK (S§17): a studio flagged 待摘牌 may be kept named (保留) by the meeting, recorded like a de-listing
(the reason it was flagged, what was found, the meeting, the document) through move(); the flag and the
rectification end, the decision stands in the studio's history and decisions list (docs/decisions/studios.md)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.rules import standing, standing_decision
from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from jinan_union.workflow import confirmation, move
from studios import services
from studios.enums import DecisionKind, StudioStatus
from studios.models import Studio, StudioDecision

from .test_revoke import _check, _data, _named

pytestmark = pytest.mark.rule("STU-SPOTCHECK")
TODAY = timezone.localdate


def _pending(world, studio=None):
    """A rectification whose deadline passed without a re-check, flagged by the daily command."""
    studio = _check(world, studio or _named(world), False, deadline=TODAY() + timedelta(days=5),
                    on=TODAY() - timedelta(days=9))
    Studio.objects.filter(pk=studio.pk).update(rectification_deadline=TODAY() - timedelta(days=1))
    services.flag_overdue()
    studio = Studio.objects.get(pk=studio.pk)
    assert studio.status == StudioStatus.DELIST_PENDING
    return studio


def _keep(**extra):
    return _data("overdue", findings="已完成整改，会议研究决定保留", document_number="济工发〔2026〕40号") | extra


def test_the_meeting_keeps_an_overdue_studio_named(world):
    studio = _pending(world)
    decision = services.studio_keep(studio=studio, by=world.users["secretary"], data=_keep())
    studio.refresh_from_db()
    assert decision.kind == DecisionKind.KEEP and decision.document_number == "济工发〔2026〕40号"
    assert (studio.status, studio.rectification_deadline, studio.delisted_reason) == (
        StudioStatus.MUNICIPAL_NAMED, None, "")
    last = list(history_of(studio))[-1]
    assert (last.action, last.from_state, last.to_state) == ("保留", "待摘牌", "市级命名")
    assert "济工发〔2026〕40号" in last.comment and "主席办公会" in last.comment
    # FUN-FREEZE: the grant is no longer frozen once the studio is kept.
    status = standing(status=studio.status, rectification_deadline=studio.rectification_deadline, today=TODAY())
    assert standing_decision(studio_status=status).allowed


def test_keeping_is_refused_without_its_record_or_outside_pending(world):
    secretary = world.users["secretary"]
    named = _named(world)
    with pytest.raises(DomainError) as refused:
        services.studio_keep(studio=named, by=secretary, data=_keep())
    assert "不是待摘牌" in refused.value.message
    studio = _pending(world, named)
    with pytest.raises(DomainError) as refused:
        services.studio_keep(studio=studio, by=world.users["reviewer"], data=_keep())
    assert refused.value.forbidden
    with pytest.raises(DomainError) as refused:
        services.studio_keep(studio=studio, by=secretary, data=_keep(document_number=""))
    assert refused.value.field == "document_number"
    with pytest.raises(DomainError) as refused:
        services.studio_keep(studio=studio, by=secretary, data=_keep(reason="fraud"))
    assert refused.value.field == "reason"
    with pytest.raises(DomainError) as refused:  # move() alone does not keep: the decision comes first
        move(studio, "keep", by=secretary, comment="会议决定保留")
    assert "保留决定" in refused.value.message
    assert StudioDecision.objects.count() == 0
    assert Studio.objects.get(pk=studio.pk).status == StudioStatus.DELIST_PENDING


def test_a_kept_studio_flagged_again_needs_a_new_decision_and_can_still_be_delisted(world):
    secretary = world.users["secretary"]
    studio = _pending(world)
    services.studio_keep(studio=studio, by=secretary, data=_keep())
    studio = _pending(world, Studio.objects.get(pk=studio.pk))
    with pytest.raises(DomainError) as refused:  # the earlier 保留 answered the earlier flag
        move(studio, "keep", by=secretary, comment="会议决定保留")
    assert "保留决定" in refused.value.message
    services.studio_decide(studio=studio, by=secretary, data=_data("overdue", document_number="济工发〔2026〕41号"))
    assert Studio.objects.get(pk=studio.pk).status == StudioStatus.DELISTED
    assert list(StudioDecision.objects.order_by("pk").values_list("kind", flat=True)) == ["keep", "delist"]


@pytest.mark.rule("SYS-CONFIRM")
def test_the_keep_page_asks_records_and_lists_the_decision(client_for, world):
    studio = _pending(world)
    client = client_for("secretary")
    detail_url = reverse("studios:studio-detail", args=[studio.pk])
    url = reverse("studios:studio-keep", args=[studio.pk])
    assert url in client.get(detail_url).content.decode()
    page = client.get(url).content.decode()
    assert confirmation(studio, "keep") in page and "第十七条" in page
    form = {f"decision-{k}": v for k, v in _keep(minutes_number="").items() if k != "notice_number"}
    page = client.post(url, form).content.decode()
    assert "请填写会议纪要编号" in page or "这个字段是必填项" in page
    assert "已完成整改，会议研究决定保留" in page  # nothing typed is lost
    form["decision-minutes_number"] = "主席办公会纪要〔2026〕9号"
    assert client.post(url, form).status_code == 302
    detail = client.get(detail_url).content.decode()
    assert 'data-testid="studio-decisions"' in detail and "保留" in detail and "济工发〔2026〕40号" in detail
    assert url not in detail  # kept: no longer 待摘牌
