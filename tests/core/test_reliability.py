"""Concurrency without errors, append-only on both databases, and faults survived (issue 9).

- Simultaneous POSTs of one money action queue: no 5xx, exactly one effect (SQLite: IMMEDIATE transactions
  and a busy timeout; PostgreSQL: row locks).
- History rows and posted journal lines refuse raw SQL UPDATE and DELETE on SQLite as on PostgreSQL.
- A lost database connection in the middle of a write rolls it back and shows the error page.
- PostgreSQL restarting (backends terminated) is survived: the next request gets a new connection.
- A background export whose worker died shows "failed" and can be run again.
"""

import datetime
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, OperationalError, close_old_connections, connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from funding import services
from funding.enums import TransferStep
from funding.models import JournalEntry, JournalLine, Transfer
from jinan_union.audit import record_change
from jinan_union.demo import build_world
from jinan_union.models import AuditEntry, ExportJob
from tests.funding.factories import DAY, make_grant

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = connection.vendor == "postgresql"
SQLITE = connection.vendor == "sqlite"


# --- simultaneous writes ----------------------------------------------------------------------------------


def test_sqlite_takes_the_write_lock_when_a_transaction_begins_and_waits_for_it():
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if not SQLITE:
        pytest.skip("SQLite options")
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


@pytest.mark.rule("FUN-POSTING")
@pytest.mark.skipif(not SQLITE, reason="the SQLite instance of this test is a file of its own")
def test_simultaneous_transfer_posts_on_sqlite_queue_without_errors(tmp_path):
    """Six clicks on "record transfer" at once, against a file-based SQLite instance with the app's settings:
    one is recorded, the others are told it already is; nobody sees "database is locked"."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.core.sqlite_race", str(tmp_path), "6"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["errors"] == []
    assert summary["statuses"] == [200, 200, 200, 200, 200, 302], result.stderr[-3000:]
    assert (summary["transfers"], summary["entries"]) == (2, 2)  # the municipal payout before, and one receipt


@pytest.mark.rule("FUN-POSTING")
@pytest.mark.skipif(not POSTGRES, reason="threads share one in-memory SQLite test database; see the test above")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_transfer_posts_on_postgresql_queue_without_errors():
    world = build_world()
    grant = make_grant(world)
    url = reverse("funding:transfer-record", args=[grant.pk, TransferStep.SYSTEM_RECEIVES])
    clients = []
    for _ in range(6):
        client = Client(raise_request_exception=False)
        client.force_login(world.users["finance"])
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    statuses = []

    def post(client):
        try:
            barrier.wait()
            statuses.append(client.post(url, {"on": "2026-05-01", "reference": "HD1", "confirmed": "1"}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 200, 200, 200, 200, 302]
    # The municipal payout recorded before (tests/funding/factories.make_grant), and one receipt.
    assert Transfer.objects.filter(grant=grant).count() == 2
    assert JournalEntry.objects.count() == 2


# --- append-only on both databases ---------------------------------------------------------------------------


@pytest.fixture
def posted(world):
    grant = make_grant(world)
    transfer = services.transfer_record(
        grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY, by=world.users["finance"]
    )
    record_change(grant, actor=world.users["finance"], action="测试", to_state="x", comment="")
    return transfer


def _refused(sql: str) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.mark.rule("SYS-AUDIT")
@pytest.mark.parametrize("table", ["jinan_union_auditentry", "funding_journalentry", "funding_journalline"])
def test_raw_sql_can_neither_delete_nor_update_history_or_posted_lines(posted, table):
    before = {"jinan_union_auditentry": AuditEntry, "funding_journalentry": JournalEntry,
              "funding_journalline": JournalLine}[table].objects.count()
    assert before > 0
    _refused(f"DELETE FROM {table}")
    _refused(f"DELETE FROM {table} WHERE id = (SELECT max(id) FROM {table})")
    _refused(f"UPDATE {table} SET id = id")
    model = {"jinan_union_auditentry": AuditEntry, "funding_journalentry": JournalEntry,
             "funding_journalline": JournalLine}[table]
    assert model.objects.count() == before


@pytest.mark.rule("SYS-AUDIT")
@pytest.mark.django_db(transaction=True)
def test_the_test_runners_flush_still_empties_the_append_only_tables():
    """Between transactional tests Django empties every table; SQLite's flush lifts the triggers for that only."""
    world = build_world()
    services.transfer_record(grant=make_grant(world), step=TransferStep.SYSTEM_RECEIVES, on=DAY,
                             by=world.users["finance"])
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert (AuditEntry.objects.count(), JournalEntry.objects.count(), JournalLine.objects.count()) == (0, 0, 0)
    if SQLITE:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%no_delete'")
            assert len(cursor.fetchall()) == 3  # and the triggers are back


# --- a lost connection in the middle of a write --------------------------------------------------------------


@pytest.mark.rule("SYS-ERR")
@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_half_way_through_a_posting_leaves_nothing_half_written():
    world = build_world()
    grant = make_grant(world)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["finance"])
    audit_before = AuditEntry.objects.count()
    lost = {"done": False}

    def lose_connection(execute, sql, params, many, context):
        # The first journal line is being written: the transfer and the entry are already in.
        if not lost["done"] and sql.lstrip().upper().startswith("INSERT") and "funding_journalline" in sql:
            lost["done"] = True
            if POSTGRES:
                pid = context["connection"].connection.info.backend_pid
                killer = connection.get_new_connection(connection.get_connection_params())
                try:
                    with killer.cursor() as cursor:
                        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
                finally:
                    killer.close()
            else:
                raise OperationalError("disk I/O error (the database went away)")
        return execute(sql, params, many, context)

    url = reverse("funding:transfer-record", args=[grant.pk, TransferStep.SYSTEM_RECEIVES])
    with connection.execute_wrapper(lose_connection):
        response = client.post(url, {"on": "2026-05-01", "reference": "HD1", "confirmed": "1"})
    assert lost["done"]
    assert response.status_code == 500
    assert "系统出现错误" in response.content.decode()
    connection.close()
    # Only the municipal union's payout, recorded before: nothing of the lost posting.
    assert Transfer.objects.filter(grant=grant).count() == 1
    assert (JournalEntry.objects.count(), JournalLine.objects.count()) == (1, 2)
    assert AuditEntry.objects.count() == audit_before
    # and the same action goes through afterwards
    assert client.post(url, {"on": "2026-05-01", "reference": "HD1", "confirmed": "1"}).status_code == 302


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL server restarts")
@pytest.mark.django_db(transaction=True)
def test_the_app_recovers_by_itself_when_postgresql_drops_its_connections():
    """Every backend of the database is terminated (as a PostgreSQL restart does); the next request, which
    Django starts by checking its persistent connection (CONN_HEALTH_CHECKS), opens a new one."""
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    world = build_world()
    client = Client()
    client.force_login(world.users["lixia"])
    assert client.get(reverse("home")).status_code == 200
    killer = connection.get_new_connection(connection.get_connection_params())
    try:
        with killer.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1
    finally:
        killer.close()
    close_old_connections()  # what Django's request_started signal does before every request
    assert client.get(reverse("home")).status_code == 200


# --- a background export whose worker died -------------------------------------------------------------------


def _stuck_job(world, minutes_ago: int) -> ExportJob:
    job = ExportJob.objects.create(user=world.users["admin"], exporter="users", title="用户名单", params={})
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, rows_total=12, rows_done=0,
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )
    return ExportJob.objects.get(pk=job.pk)


def test_an_export_running_for_a_short_while_is_still_running(world, client_for):
    job = _stuck_job(world, minutes_ago=1)
    status = client_for("admin").get(reverse("export-status", kwargs={"uuid": job.uuid})).json()
    assert status["status"] == "running"
    assert client_for("admin").post(reverse("export-retry", kwargs={"uuid": job.uuid})).status_code == 302
    assert ExportJob.objects.count() == 1  # nothing to run again


def test_an_export_whose_worker_died_shows_failed_and_runs_again(world, client_for, settings):
    admin = client_for("admin")
    job = _stuck_job(world, minutes_ago=settings.EXPORT_TIMEOUT_MINUTES + 1)
    status = admin.get(reverse("export-status", kwargs={"uuid": job.uuid})).json()
    assert (status["status"], status["label"]) == ("failed", "失败")
    assert "后台任务没有完成" in status["error"]
    page = admin.get(reverse("export-progress", kwargs={"uuid": job.uuid})).content.decode()
    assert "重新导出" in page and 'data-status="failed"' in page
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING  # reading the page wrote nothing
    response = admin.post(reverse("export-retry", kwargs={"uuid": job.uuid}))
    again = ExportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("export-progress", kwargs={"uuid": again.uuid})
    expected = ("users", "用户名单", "done", len(world.users))
    assert (again.exporter, again.title, again.status, again.rows_done) == expected


def test_an_export_whose_task_failed_shows_failed(world, client_for):
    from django_tasks_db.models import DBTaskResult

    job = _stuck_job(world, minutes_ago=1)
    DBTaskResult.objects.create(
        task_path="jinan_union.exports.run_export", args_kwargs={"args": [job.pk], "kwargs": {}},
        status="FAILED", backend_name="default", queue_name="default", run_after=timezone.now(),
        exception_class_path="builtins.MemoryError", traceback="",
    )
    status = client_for("admin").get(reverse("export-status", kwargs={"uuid": job.uuid})).json()
    assert status["status"] == "failed"


def test_only_the_owner_may_run_an_export_again(world, client_for, settings):
    job = _stuck_job(world, minutes_ago=settings.EXPORT_TIMEOUT_MINUTES + 1)
    assert client_for("finance").post(reverse("export-retry", kwargs={"uuid": job.uuid})).status_code == 404
    assert client_for("admin").get(reverse("export-retry", kwargs={"uuid": job.uuid})).status_code == 405
