"""SYS-NOTIFY: the bell, 我的消息 and its POSTs; a user sees only their own messages (SYS-SCOPE)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Notification, Preference

pytestmark = pytest.mark.rule("SYS-NOTIFY")

INBOX = reverse("notifications:inbox")


def send(user, n=1, prefix="消息", link="/studios/"):
    return [services.notify([user], key=f"{prefix}{i}", title=f"{prefix}{i}", body="正文", link=link)[0]
            for i in range(n)]


def unread(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def test_the_bell_shows_the_unread_count_on_every_page(world, client_for):
    lixia = world.users["lixia"]
    client = client_for("lixia")
    assert 'data-testid="bell-count"' not in client.get(reverse("home")).content.decode()
    send(lixia, 3)
    send(world.users["shizhong"], 2)
    page = client.get(reverse("home")).content.decode()
    assert '<span class="badge rounded-pill text-bg-warning" data-testid="bell-count">3</span>' in page
    assert "我的消息，3条未读" in page


def test_the_home_page_card_counts_the_unread_messages_the_list_it_opens_shows(world, client_for):
    send(world.users["lixia"], 2)
    client = client_for("lixia")
    home = client.get(reverse("home"))
    [card] = [c for c in home.context["cards"] if c.title == "未读消息"]
    assert (card.count, card.url) == (2, f"{INBOX}?show=unread")
    listed = client.get(card.url)
    assert listed.context["page_obj"].count == 2


def test_the_inbox_lists_only_the_users_own_messages_unread_first(world, client_for):
    lixia = world.users["lixia"]
    first, second, third = send(lixia, 3)
    send(world.users["shizhong"], 1, prefix="别人的消息")
    services.mark_read(notification=third, by=lixia)
    page = client_for("lixia").get(INBOX)
    assert [n.title for n in page.context["page_obj"]] == ["消息1", "消息0", "消息2"]
    assert "别人的消息" not in page.content.decode()
    assert "共3条，未读2条" in page.content.decode()


def test_a_get_changes_nothing(world, client_for):
    lixia = world.users["lixia"]
    [note] = send(lixia)
    client = client_for("lixia")
    for url in (INBOX, reverse("notifications:read", args=[note.pk]), reverse("notifications:open", args=[note.pk]),
                reverse("notifications:read-all"), reverse("notifications:preference")):
        client.get(url)
    assert unread(lixia) == 1
    assert Preference.objects.count() == 0
    assert client.get(reverse("notifications:read", args=[note.pk])).status_code == 405


def test_marking_one_read_by_post(world, client_for):
    lixia = world.users["lixia"]
    note, other = send(lixia, 2)
    response = client_for("lixia").post(reverse("notifications:read", args=[note.pk]), {"next": f"{INBOX}?page=1"})
    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}?page=1"
    note.refresh_from_db()
    other.refresh_from_db()
    assert (note.is_read, other.is_read) == (True, False)


def test_opening_a_message_marks_it_read_and_goes_to_the_record(world, client_for):
    lixia = world.users["lixia"]
    [note] = send(lixia, link="/studios/applications/7/")
    response = client_for("lixia").post(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == "/studios/applications/7/"
    assert unread(lixia) == 0


def test_a_link_to_another_site_is_never_followed(world, client_for):
    [note] = send(world.users["lixia"], link="https://evil.example/")
    response = client_for("lixia").post(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == INBOX


def test_marking_all_read_by_post_touches_only_the_users_own(world, client_for):
    lixia, shizhong = world.users["lixia"], world.users["shizhong"]
    send(lixia, 3)
    send(shizhong, 2)
    client_for("lixia").post(reverse("notifications:read-all"))
    assert (unread(lixia), unread(shizhong)) == (0, 2)


def test_another_users_message_answers_404_and_stays_unread(world, client_for):
    [note] = send(world.users["shizhong"])
    client = client_for("lixia")
    assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 404
    assert client.post(reverse("notifications:open", args=[note.pk])).status_code == 404
    assert client.get(reverse("notifications:read", args=[note.pk])).status_code == 404
    assert unread(world.users["shizhong"]) == 1


def test_turning_email_off_and_on_by_post(world, client_for):
    lixia = world.users["lixia"]
    client = client_for("lixia")
    client.post(reverse("notifications:preference"), {})
    assert Preference.objects.get(user=lixia).email is False
    assert 'id="id_email">' in client.get(INBOX).content.decode()  # unchecked
    client.post(reverse("notifications:preference"), {"email": "on"})
    assert Preference.objects.get(user=lixia).email is True
    assert 'id="id_email" checked>' in client.get(INBOX).content.decode()


def test_the_inbox_is_paginated_and_keeps_the_unread_filter(world, client_for):
    send(world.users["lixia"], 25)
    client = client_for("lixia")
    first = client.get(f"{INBOX}?show=unread")
    assert len(first.context["page_obj"]) == 20
    assert "?show=unread&amp;page=2" in first.content.decode()
    assert len(client.get(f"{INBOX}?show=unread&page=2").context["page_obj"]) == 5


def test_the_inbox_makes_the_same_queries_for_1_and_for_5_messages(world, client_for):
    lixia = world.users["lixia"]
    client = client_for("lixia")
    send(lixia, 1, prefix="a")
    client.get(INBOX)
    with CaptureQueriesContext(connection) as one:
        client.get(INBOX)
    send(lixia, 4, prefix="b")
    with CaptureQueriesContext(connection) as five:
        client.get(INBOX)
    assert len(five) == len(one)


def test_the_admin_is_a_window(world, client_for):
    [note] = send(world.users["lixia"])
    admin = client_for("admin")
    assert admin.get(reverse("admin:notifications_notification_changelist")).status_code == 200
    assert admin.get(reverse("admin:notifications_notification_add")).status_code == 403
    assert admin.post(reverse("admin:notifications_notification_delete", args=[note.pk])).status_code == 403
