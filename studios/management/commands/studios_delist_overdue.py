from django.core.management.base import BaseCommand

from studios.services import delist_overdue


class Command(BaseCommand):
    help = "摘牌：整改期限已过且未通过整改复查的创新工作室（S§17）。每日运行一次。"

    def handle(self, *args, **options):
        done = delist_overdue()
        for studio in done:
            self.stdout.write(f"已摘牌：{studio.name}（{studio.delisted_reason}）")
        self.stdout.write(self.style.SUCCESS(f"共摘牌{len(done)}家。"))
