"""manage.py backup [--output FILE]: one archive of the database and the uploaded files (SYS-BACKUP)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jinan_union.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "备份数据库和上传文件到一个归档（含 SHA-256 校验清单），应用运行时也可执行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o",
            help="归档文件路径（默认 backups/jinan-union-YYYYMMDD-HHMMSS.tar.gz）",
        )

    def handle(self, *args, output=None, **options):
        if not output:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "backups" / f"jinan-union-{stamp}.tar.gz"
        try:
            manifest = make_backup(Path(output))
        except BackupError as error:
            raise CommandError(str(error))
        files = len(manifest["files"]) - 1
        self.stdout.write(f"备份完成：{output}（数据库 {manifest['vendor']}，上传文件 {files} 个）")
