from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications import reminders


class Command(BaseCommand):
    help = "提醒：整改期限、年度考核、隐患奖励申报截止，提前30/7/1天（SYS-NOTIFY）。每日运行一次；重复运行不重复发送。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按指定日期（YYYY-MM-DD，上海时间）计算，用于补发或演示")

    def handle(self, *args, today=None, **options):
        if today:
            try:
                day = date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today 须为 YYYY-MM-DD 格式的日期，而不是 {today!r}。") from None
        else:
            day = timezone.localdate()
        sent = reminders.send(day)
        self.stdout.write(self.style.SUCCESS(f"{day:%Y-%m-%d}：发送提醒{len(sent)}条。"))
