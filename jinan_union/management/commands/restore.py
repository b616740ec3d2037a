"""manage.py restore ARCHIVE: restore a backup into an empty instance, verifying its manifest (SYS-BACKUP)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jinan_union.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "从 manage.py backup 生成的归档恢复到空实例；先逐一核对清单中的 SHA-256 校验和，不符则拒绝。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份归档文件")

    def handle(self, *args, archive, **options):
        if not Path(archive).is_file():
            raise CommandError(f"找不到备份文件：{archive}")
        try:
            manifest = restore_backup(Path(archive))
        except BackupError as error:
            raise CommandError(str(error))
        files = len(manifest["files"]) - 1
        self.stdout.write(
            f"恢复完成：数据库（{manifest['vendor']}，备份于 {manifest['created_at']}）"
            f"和上传文件 {files} 个，校验和全部相符。"
        )
