"""STU-MEMBERS (S§4(三), S§21): members recorded as rows, edited with history, kept when they leave."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from jinan_union.models import AuditEntry
from studios.models import StudioMember

from .factories import make_studio
from .test_views import _export

pytestmark = pytest.mark.rule("STU-MEMBERS")

MEMBER = {"name": "李强", "position": "数控车工", "skill_level": "technician", "honours": "齐鲁首席技师",
          "is_leader": ""}


def add(client, studio, **over):
    return client.post(reverse("studios:members", args=[studio.pk]), {**MEMBER, **over})


def test_the_unit_clerk_adds_a_member_and_the_history_says_so(client_for, world):
    studio = make_studio(world)
    response = add(client_for("langchao"), studio)
    assert response.status_code == 302
    member = StudioMember.objects.get(studio=studio)
    assert (member.name, member.get_skill_level_display(), member.honours) == ("李强", "技师（二级）", "齐鲁首席技师")
    page = client_for("lixia").get(reverse("studios:members", args=[studio.pk])).content.decode()
    assert "李强" in page and "登记成员" in page


def test_a_clerk_of_another_union_cannot_see_or_add(client_for, world):
    studio = make_studio(world)
    assert add(client_for("shizhong"), studio).status_code == 404
    assert not StudioMember.objects.exists()
    # A municipal reviewer reads but does not keep the members.
    assert client_for("reviewer").get(reverse("studios:members", args=[studio.pk])).status_code == 200
    assert add(client_for("reviewer"), studio).status_code == 403


def test_a_missing_name_is_shown_beside_the_field_and_nothing_typed_is_lost(client_for, world):
    studio = make_studio(world)
    response = add(client_for("lixia"), studio, name="")
    page = response.content.decode()
    assert response.status_code == 200 and "数控车工" in page and "这个字段是必填项" in page
    assert not StudioMember.objects.exists()


def test_an_edit_keeps_old_and_new_values_in_the_history(client_for, world):
    studio = make_studio(world)
    add(client_for("lixia"), studio)
    member = StudioMember.objects.get()
    response = client_for("langchao").post(reverse("studios:member-edit", args=[member.pk]),
                                           {**MEMBER, "skill_level": "senior_technician"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.skill_level == "senior_technician"
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(StudioMember),
                                        object_id=member.pk).order_by("pk")
    assert [e.action for e in entries] == ["登记成员", "修改成员信息"]
    assert entries[1].comment == "职业技能等级：技师（二级） → 高级技师（一级）"


def test_a_member_who_leaves_is_kept_and_marked(client_for, world):
    studio = make_studio(world)
    add(client_for("lixia"), studio)
    member = StudioMember.objects.get()
    day = timezone.localdate() - timedelta(days=1)
    response = client_for("lixia").post(reverse("studios:member-edit", args=[member.pk]),
                                        {"leave-left_on": day.isoformat(), "leave-comment": "调岗"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.left, member.left_on) == (True, day)
    page = client_for("lixia").get(reverse("studios:members", args=[studio.pk])).content.decode()
    assert "已离开" in page and "李强" in page
    # A future date is refused beside its field.
    add(client_for("lixia"), studio, name="王五")
    other = StudioMember.objects.get(name="王五")
    response = client_for("lixia").post(reverse("studios:member-edit", args=[other.pk]),
                                        {"leave-left_on": (timezone.localdate() + timedelta(days=3)).isoformat()})
    assert response.status_code == 200 and not StudioMember.objects.get(pk=other.pk).left


def test_the_list_across_studios_filters_and_exports_what_it_shows(client_for, world, django_assert_max_num_queries):
    studio = make_studio(world)
    other = make_studio(world, name="浪潮第二工作室")
    add(client_for("lixia"), studio)
    add(client_for("lixia"), other, name="赵六", skill_level="senior", honours="")
    url = reverse("studios:member-list")
    client = client_for("lixia")
    with django_assert_max_num_queries(12):
        page = client.get(url, {"honoured": "true"}).content.decode()
    assert "李强" in page and "赵六" not in page
    assert "赵六" in client.get(url, {"skill_level": "senior"}).content.decode()
    assert "李强" not in client_for("shizhong").get(url).content.decode()
    _, rows = _export(client, "studios-members", "honoured=true")
    assert [(r[1], r[2], r[3], r[4], r[6]) for r in rows] == [("李强", "数控车工", "技师（二级）", "齐鲁首席技师",
                                                             "浪潮张明技能大师创新工作室")]


def test_the_free_text_of_registration_stays_readable(client_for, world):
    studio = make_studio(world, members="王一，钳工，高级工\n王二，电工，技师")
    page = client_for("lixia").get(reverse("studios:members", args=[studio.pk])).content.decode()
    assert "王一，钳工，高级工<br>王二，电工，技师" in page


def test_the_joining_date_is_kept_checked_beside_its_field_and_listed(client_for, world):
    """加入日期: typed on the members page, refused in the future beside the field with what was typed kept, changed
    with the history, shown on the list across studios and in its export, and no member leaves before joining."""
    studio = make_studio(world)
    client = client_for("lixia")
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = add(client, studio, joined_on=tomorrow.isoformat())
    assert response.status_code == 200
    assert response.context["form"].errors == {"joined_on": ["加入日期不能晚于今天。"]}
    assert "数控车工" in response.content.decode() and not StudioMember.objects.exists()

    assert add(client, studio, joined_on="2024-03-01").status_code == 302
    member = StudioMember.objects.get()
    assert str(member.joined_on) == "2024-03-01"
    client.post(reverse("studios:member-edit", args=[member.pk]), {**MEMBER, "joined_on": "2024-04-01"})
    entry = AuditEntry.objects.filter(object_id=member.pk, action="修改成员信息").get()
    assert entry.comment == "加入日期：2024-03-01 → 2024-04-01"

    page = client.get(reverse("studios:member-list")).content.decode()
    assert "<th>加入日期</th>" in page and "2024-04-01" in page
    header, rows = _export(client, "studios-members", "")
    assert "加入日期" in header and rows[0][header.index("加入日期")] == "2024-04-01"

    response = client.post(reverse("studios:member-edit", args=[member.pk]), {"leave-left_on": "2024-03-15"})
    assert response.status_code == 200 and "离开日期不能早于加入日期（2024-04-01）。" in response.content.decode()
    assert not StudioMember.objects.get(pk=member.pk).left
