"""Issue 11: the naming batch page shows its steps numbered (① 会议审定 → ② 决定 → ③ 发文命名) with the current one
marked, is read-only once named (nothing to press, and a forged POST is refused by the services), and its back link
returns to the batch list the user came from (a local `next`, checked with url_has_allowed_host_and_scheme)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from jinan_union.errors import DomainError
from studios import services
from studios.models import Application, NamingBatch

from .factories import batch_with_meeting, named_directly, recommended_application

pytestmark = pytest.mark.rule("STU-FLOW")


def _steps(html: str) -> list[str]:
    block = html.split('data-testid="batch-steps"', 1)[1].split("</ol>", 1)[0]
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li class=\"badge.*?</li>", block, re.S)]


def _body(html: str) -> str:
    """The page's own content (the navbar's logout form is not the batch's)."""
    return html.split('data-testid="batch-steps"', 1)[1]


def test_steps_are_numbered_and_the_current_one_is_marked(client_for, world):
    client = client_for("secretary")
    batch = services.batch_create(by=world.users["secretary"], year=2026, title="2026年度命名")
    html = client.get(reverse("studios:batch-detail", args=[batch.pk])).content.decode()
    assert _steps(html) == ["① 会议审定（当前）", "② 决定", "③ 发文命名"]
    assert html.count('aria-current="step"') == 1

    batch = batch_with_meeting(world)
    app = recommended_application(world)
    services.batch_add(batch=batch, applications=[app], by=world.users["secretary"])
    html = client.get(reverse("studios:batch-detail", args=[batch.pk])).content.decode()
    assert _steps(html) == ["① 会议审定 （已完成）", "② 决定（当前）", "③ 发文命名"]
    assert 'data-testid="naming-form"' in html and "审定通过" in html


def test_a_named_batch_is_read_only_and_a_forged_post_is_refused(client_for, world):
    named_directly(world, 2, 2026)
    batch = NamingBatch.objects.get(named_on__isnull=False)
    client = client_for("secretary")
    url = reverse("studios:batch-detail", args=[batch.pk])
    html = client.get(url).content.decode()
    assert _steps(html) == ["① 会议审定 （已完成）", "② 决定 （已完成）", "③ 发文命名 （已完成）"]
    assert 'data-testid="read-only"' in html and "页面只读" in html
    body = _body(html)
    assert "<form" not in body and "<button" not in body and 'type="submit"' not in body

    before = NamingBatch.objects.values().get(pk=batch.pk)
    for forged in ({"op": "meeting", "meeting-meeting_type": "chair_office", "meeting-meeting_date": "2026-01-02",
                    "meeting-minutes_number": "伪造"},
                   {"op": "name", "naming-document_number": "伪造〔2026〕9号", "naming-named_on": "2026-01-03"},
                   {"op": "add", "application": [a.pk for a in Application.objects.all()]}):
        page = client.post(url, forged, follow=True).content.decode()
        assert "该操作已完成，无需重复提交。（本批次已于" in page and "只读，不能再修改" in page, forged
    assert NamingBatch.objects.values().get(pk=batch.pk) == before
    # The services refuse it too, whoever calls them.
    with pytest.raises(DomainError, match="只读"):
        services.batch_record_meeting(batch=batch, by=world.users["secretary"], meeting_type="party_group",
                                      meeting_date=date(2026, 1, 2), minutes_number="伪造")
    with pytest.raises(DomainError, match="只读"):
        services.batch_name(batch=batch, by=world.users["secretary"], document_number="伪造", named_on=date(2026, 1, 3))
    # A named application's decision cannot be taken again by a forged action POST: the move refuses it.
    app = Application.objects.filter(naming_batch=batch).first()
    client.post(reverse("studios:application-action", args=[app.pk]), {"action": "decline", "reason": "伪造"})
    app.refresh_from_db()
    assert app.state == "named"


@pytest.mark.parametrize(("next_", "expected"), [
    ("/studios/batches/?page=2", "/studios/batches/?page=2"),
    ("https://evil.example/studios/batches/", "/studios/batches/"),
    ("//evil.example/studios/batches/", "/studios/batches/"),
    ("/hazards/", "/studios/batches/"),
    ("", "/studios/batches/"),
])
def test_the_back_link_returns_to_the_list_the_user_came_from(client_for, world, next_, expected):
    batch = batch_with_meeting(world)
    html = client_for("secretary").get(reverse("studios:batch-detail", args=[batch.pk]), {"next": next_}).content
    href = re.search(r'<a href="([^"]*)" data-testid="back-to-list"', html.decode()).group(1)
    assert href.replace("&amp;", "&") == expected


def test_the_referer_from_the_list_is_followed_and_the_list_links_carry_its_query(client_for, world):
    batch = batch_with_meeting(world)
    client = client_for("secretary")
    listing = client.get(reverse("studios:batch-list"), {"page": "1"}).content.decode()
    assert f"/studios/batches/{batch.pk}/?next=/studios/batches/%3Fpage%3D1" in listing
    html = client.get(reverse("studios:batch-detail", args=[batch.pk]),
                      HTTP_REFERER="http://testserver/studios/batches/?page=1").content.decode()
    assert '<a href="/studios/batches/?page=1" data-testid="back-to-list"' in html
    # After a POST the page keeps the way back.
    url = reverse("studios:batch-detail", args=[batch.pk]) + "?next=%2Fstudios%2Fbatches%2F%3Fpage%3D1"
    response = client.post(url, {"op": "meeting", "meeting-meeting_type": "party_group",
                                 "meeting-meeting_date": "2026-01-02", "meeting-minutes_number": "纪要2号"})
    assert response.status_code == 302 and "next=%2Fstudios%2Fbatches%2F%3Fpage%3D1" in response.url
