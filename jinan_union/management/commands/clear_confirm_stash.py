from django.core.management.base import BaseCommand

from jinan_union.confirm import clear_stale_stash


class Command(BaseCommand):
    help = "删除确认页暂存、已超过有效期（24小时）仍未确认的上传文件（SYS-CONFIRM）。每日运行；可重复运行。"

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"已删除过期的确认暂存文件{clear_stale_stash()}个。"))
