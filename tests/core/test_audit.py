"""SYS-AUDIT: one service records every state change; the history cannot be edited or deleted."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.template.loader import render_to_string
from django.urls import reverse

from jinan_union.audit import history_of, record_change
from jinan_union.models import AuditEntry

pytestmark = pytest.mark.rule("SYS-AUDIT")


def test_record_change_keeps_who_when_from_to_and_comment(world):
    unit = world.units["济南历下控股集团有限公司"]
    entry = record_change(unit, actor=world.users["lixia"], action="提交", from_state="草稿", to_state="已提交",
                          comment="第一次提交")
    assert list(history_of(unit)) == [entry]
    assert (entry.actor, entry.action, entry.from_state, entry.to_state, entry.comment) == (
        world.users["lixia"], "提交", "草稿", "已提交", "第一次提交")
    assert entry.at is not None


def test_history_cannot_be_changed_or_deleted_through_the_orm(world):
    entry = record_change(world.municipal, actor=None, action="命名")
    entry.comment = "篡改"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(comment="篡改")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_history_cannot_be_changed_in_the_database(world):
    entry = record_change(world.municipal, actor=None, action="命名")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE jinan_union_auditentry SET comment = 'x' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).comment == ""


def test_admin_shows_history_read_only(world, client_for):
    entry = record_change(world.municipal, actor=None, action="命名")
    admin = client_for("admin")
    assert admin.get(reverse("admin:jinan_union_auditentry_changelist")).status_code == 200
    assert admin.get(reverse("admin:jinan_union_auditentry_add")).status_code == 403
    delete_url = reverse("admin:jinan_union_auditentry_delete", args=[entry.pk])
    assert admin.post(delete_url, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_history_partial_lists_entries(world):
    record_change(world.municipal, actor=world.users["reviewer"], action="退回修改", from_state="已提交",
                  to_state="退回修改", comment="材料不全")
    html = render_to_string("includes/history.html", {"entries": history_of(world.municipal)})
    assert "退回修改" in html and "材料不全" in html and "王审核（生产保护部）" in html


def test_history_names_the_actors_union_once(world):
    from jinan_union.models import User

    record_change(world.municipal, actor=world.users["lixia"], action="提交")
    plain = User.objects.create(username="zhang", full_name="张三", organisation=world.system_unions["市中区总工会"])
    record_change(world.municipal, actor=plain, action="退回修改")
    html = render_to_string("includes/history.html", {"entries": history_of(world.municipal)})
    assert html.count("历下区总工会") == 1
    assert "张三（市中区总工会）" in html
