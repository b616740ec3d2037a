"""SYS-BACKUP: `manage.py backup` writes one archive (database + uploaded files + SHA-256 manifest) while the
application runs; `manage.py restore` puts it into an empty instance after checking every checksum."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import time
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection

from tests.core.dump_tables import dump

ROOT = Path(__file__).resolve().parents[2]


def files_of(root) -> dict[str, str]:
    root = Path(root)
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def empty_instance(tmp_path):
    """Settings of a new, empty instance (its own database and media folder) for manage.py in a subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({
        "DJANGO_SECRET_KEY": "restore-test-secret-key-not-for-production-0123456789",
        "DJANGO_STATIC_MANIFEST": "0",
        "DJANGO_SETTINGS_MODULE": "jinan_union.settings",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media-restored"),
    })
    created = None
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        created = f"restore_{uuid.uuid4().hex[:12]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{created}"')
        env["DATABASE_URL"] = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{created}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    yield env
    if created:
        _drop_database(created)


def _drop_database(name: str) -> None:
    """Drop the instance's database. Not WITH (FORCE): that must terminate every other connection, and an
    autovacuum worker busy with the freshly restored tables belongs to the server's superuser (the app's role may
    not end it). A plain DROP ends autovacuum by itself; the subprocesses' connections are closed, or closing."""
    for attempt in range(20):
        try:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            return
        except OperationalError:  # "is being accessed by other users": a connection still closing
            if attempt == 19:
                raise
            time.sleep(0.5)


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def dump_of(env) -> dict:
    result = subprocess.run([sys.executable, "-m", "tests.core.dump_tables"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.fixture
def demo_backup(tmp_path, settings):
    """A demo instance (seed_demo: records in every state, signed scans and photos) and its backup."""
    call_command("seed_demo", stdout=io.StringIO())
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    return archive


@pytest.mark.rule("SYS-BACKUP")
@pytest.mark.django_db(transaction=True)
def test_a_demo_instance_round_trips_every_row_and_every_file(demo_backup, empty_instance, settings):
    with tarfile.open(demo_backup) as archive:
        names = archive.getnames()
        manifest = json.loads(archive.extractfile("manifest.json").read())
    database = "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert names[0] == "manifest.json" and database in names
    assert manifest["vendor"] == connection.vendor
    media = files_of(settings.MEDIA_ROOT)
    assert len(media) > 10  # the demo's uploads
    assert {e["path"][len("media/"):]: e["sha256"] for e in manifest["files"] if e["path"] != database} == media
    checksum = (demo_backup.parent / "backup.tar.gz.sha256").read_text().split()[0]
    assert checksum == hashlib.sha256(demo_backup.read_bytes()).hexdigest()

    result = manage(empty_instance, "restore", str(demo_backup))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "校验和全部相符" in result.stdout

    original = dump(connection)
    restored = dump_of(empty_instance)
    assert sorted(restored) == sorted(original)
    for table, rows in original.items():
        assert restored[table] == rows, table
    assert sum(len(rows) for rows in original.values()) > 500
    assert files_of(empty_instance["DJANGO_MEDIA_ROOT"]) == media

    # The restored instance works: its migrations are all applied, and the append-only triggers came along.
    check = manage(empty_instance, "migrate", "--check")
    assert check.returncode == 0, check.stdout + check.stderr


def _tampered(archive: Path, target: Path, change) -> Path:
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            data, member = change(member, data)
            if member is None:
                continue
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


@pytest.fixture
def small_backup(tmp_path, pdf_file, png_file):
    """A small instance (the demo organisations and users, a signed scan and a photo) and its backup."""
    from jinan_union.demo import build_world
    from jinan_union.enums import FileType
    from jinan_union.files import store_upload

    world = build_world()
    for upload in (pdf_file("签字扫描件.pdf"), png_file("现场照片.png")):
        store_upload(upload, kind="scan", by=world.users["lixia"], allowed=[FileType.PDF, FileType.PNG])
    archive = tmp_path / "small.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    return archive


@pytest.mark.rule("SYS-BACKUP")
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_altered_archive_and_writes_nothing(small_backup, empty_instance, tmp_path):
    demo_backup = small_backup
    def alter_a_scan(member, data):
        if member.name.startswith("media/") and member.name.endswith(".pdf"):
            return data.replace(b"%%EOF", b"%%EOF\n% forged"), member
        return data, member

    def drop_a_file(member, data):
        first_media = member.name.startswith("media/") and not getattr(drop_a_file, "done", False)
        if first_media:
            drop_a_file.done = True
            return data, None
        return data, member

    def add_a_file(member, data):
        if member.name == "manifest.json":
            return data, member
        if member.name.startswith("media/") and not getattr(add_a_file, "done", False):
            add_a_file.done = True
            member.name = member.name + ".extra"
        return data, member

    for name, change in [("altered", alter_a_scan), ("missing", drop_a_file), ("extra", add_a_file)]:
        forged = _tampered(demo_backup, tmp_path / f"{name}.tar.gz", change)
        result = manage(empty_instance, "restore", str(forged))
        assert result.returncode != 0, name
        assert "拒绝恢复" in result.stderr, result.stderr[-2000:]
        media_root = Path(empty_instance["DJANGO_MEDIA_ROOT"])
        assert not media_root.exists() or not any(media_root.rglob("*")), name
    assert dump_of(empty_instance) == {}  # not one table written (else the later tries would say "not empty")


@pytest.mark.rule("SYS-BACKUP")
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_instance_that_is_not_empty(small_backup):
    with pytest.raises(CommandError, match="不是空的"):
        call_command("restore", str(small_backup))
