from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("每日任务：先标记整改逾期的工作室，再发送到期提醒，最后清理过期的确认暂存文件。"
            "可重复运行：已办的不再办，已发的不再发。")

    # In this order: a studio de-listed today is no longer reminded of its rectification.
    STEPS = ("studios_flag_overdue", "send_reminders", "clear_confirm_stash")

    def handle(self, *args, **options):
        for step in self.STEPS:
            call_command(step, stdout=self.stdout, stderr=self.stderr)
