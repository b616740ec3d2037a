"""SYS-BACKUP: one archive holds the database and the uploaded files, with a manifest of SHA-256
checksums; restore verifies every checksum before it writes anything, and only into an empty instance.

Archive (`.tar.gz`):
  manifest.json        format, time, database vendor, last migration of each app, and for every other
                       member its path, size and SHA-256
  database.sqlite3     SQLite: a copy made with SQLite's online backup API (consistent while the app runs)
  database.pgdump      PostgreSQL: `pg_dump --format=custom` (one consistent snapshot while the app runs)
  media/...            every file under MEDIA_ROOT (uploads, exports)

The database is copied first, the files after: files are written before the rows that name them and are
never deleted, so every file the copied database names is in the archive.

Only a media store on the file system is backed up (and restored): with S3-compatible object storage
(DJANGO_S3_BUCKET) both commands refuse, because the bucket's own versioning and replication are its backup.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "jinan-union-backup/1"
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_args(db: dict) -> tuple[list[str], dict]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 执行失败：{result.stderr.strip() or result.stdout.strip()}")


def _dump_database(folder: Path, using: str) -> str:
    connection = connections[using]
    if connection.vendor == "sqlite":
        target = folder / SQLITE_FILE
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # all pages in one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
        finally:
            copy.close()
        return SQLITE_FILE
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        args, env = _pg_args(db)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args,
             "--file", str(folder / PG_FILE), db["NAME"]],
            env,
        )
        return PG_FILE
    raise BackupError(f"不支持备份 {connection.vendor} 数据库。")


def _migrations(using: str) -> dict:
    latest = {}
    for app, name in MigrationRecorder(connections[using]).migration_qs.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def local_media_root() -> Path:
    """The folder of the media store; refuses a store that is not on the file system (object storage)."""
    if not isinstance(default_storage, FileSystemStorage):
        raise BackupError(
            "上传文件存放在对象存储（DJANGO_S3_BUCKET）中，本命令只备份、恢复本机文件目录中的上传文件："
            "请用对象存储自身的版本控制与跨区域复制保存这些文件，数据库请用 pg_dump 备份。"
        )
    return Path(default_storage.location)


def media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def make_backup(output: Path, *, using: str = "default") -> dict:
    """Write one archive at `output`; return its manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = local_media_root()
    with tempfile.TemporaryDirectory(prefix="backup-") as tmp:
        folder = Path(tmp)
        database = _dump_database(folder, using)
        entries = [{"path": database, "size": (folder / database).stat().st_size,
                    "sha256": sha256_of(folder / database)}]
        sources = {database: folder / database}
        for path in media_files(media_root):
            name = str(PurePosixPath("media", *path.relative_to(media_root).parts))
            entries.append({"path": name, "size": path.stat().st_size, "sha256": sha256_of(path)})
            sources[name] = path
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": connections[using].vendor,
            "database": database,
            "migrations": _migrations(using),
            "files": entries,
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            for entry in entries:
                archive.add(sources[entry["path"]], arcname=entry["path"], recursive=False)
        partial.replace(output)
    # A checksum of the whole archive beside it, for the copy kept off the machine (`sha256sum -c`).
    output.with_name(output.name + ".sha256").write_text(f"{sha256_of(output)}  {output.name}\n")
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def verify_archive(archive_path: Path, folder: Path) -> dict:
    """Unpack the archive into `folder`, checking every member against the manifest; return the manifest.
    Raises BackupError on anything missing, extra, unsafe or altered."""
    try:
        archive = tarfile.open(archive_path, "r:*")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"无法读取备份文件：{error}")
    with archive:
        try:
            member = archive.getmember(MANIFEST)
            manifest = json.loads(archive.extractfile(member).read().decode())
        except (KeyError, ValueError, AttributeError):
            raise BackupError("备份文件中没有有效的清单（manifest.json），拒绝恢复。")
        if manifest.get("format") != FORMAT:
            raise BackupError(f"不认识的备份格式：{manifest.get('format')!r}。")
        expected = {entry["path"]: entry for entry in manifest.get("files", [])}
        if manifest.get("database") not in expected:
            raise BackupError("清单中没有数据库文件，拒绝恢复。")
        seen = set()
        for member in archive:
            if member.name == MANIFEST:
                continue
            if not member.isfile() or not _safe_name(member.name) or member.name not in expected:
                raise BackupError(f"备份中有清单之外的内容“{member.name}”，拒绝恢复。")
            if member.name in seen:
                raise BackupError(f"备份中“{member.name}”出现了两次，拒绝恢复。")
            seen.add(member.name)
            target = folder / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            size = 0
            with archive.extractfile(member) as source, open(target, "wb") as sink:
                for chunk in iter(lambda: source.read(CHUNK), b""):
                    digest.update(chunk)
                    size += len(chunk)
                    sink.write(chunk)
            entry = expected[member.name]
            if digest.hexdigest() != entry["sha256"] or size != entry["size"]:
                raise BackupError(f"“{member.name}”的校验和与清单不符：备份已损坏或被改动，拒绝恢复。")
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupError(f"备份缺少清单中的文件：{'、'.join(missing[:5])}，拒绝恢复。")
    return manifest


def _database_is_empty(using: str) -> bool:
    connection = connections[using]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore_backup(archive_path: Path, *, using: str = "default") -> dict:
    """Restore an archive into this empty instance (empty database, empty MEDIA_ROOT); return its manifest."""
    connection = connections[using]
    media_root = local_media_root()
    if not _database_is_empty(using):
        raise BackupError("目标数据库不是空的：只能恢复到新建的空实例（空数据库、空的上传文件目录）。")
    if media_files(media_root):
        raise BackupError(f"上传文件目录 {media_root} 不是空的：只能恢复到新建的空实例。")
    with tempfile.TemporaryDirectory(prefix="restore-") as tmp:
        folder = Path(tmp)
        manifest = verify_archive(Path(archive_path), folder)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"这是 {manifest['vendor']} 数据库的备份，不能恢复到 {connection.vendor} 数据库。"
            )
        database = folder / manifest["database"]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(database)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            connection.close()
        else:
            db = connection.settings_dict
            args, env = _pg_args(db)
            connection.close()
            _run(
                ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                 *args, "--dbname", db["NAME"], str(database)],
                env,
            )
        media = folder / "media"
        if media.exists():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(media, media_root, dirs_exist_ok=True)
        for entry in manifest["files"]:
            if entry["path"].startswith("media/"):
                restored = media_root / PurePosixPath(entry["path"]).relative_to("media")
                if sha256_of(restored) != entry["sha256"]:
                    raise BackupError(f"恢复后的文件“{restored}”校验和不符。")
    return manifest
