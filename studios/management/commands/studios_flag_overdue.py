from django.core.management.base import BaseCommand

from jinan_union.articles import cite
from studios.services import flag_overdue


class Command(BaseCommand):
    help = (f"整改逾期：整改期限已过且未通过整改复查的创新工作室标为待摘牌，"
            f"提请会议决定（{cite('S§17')}）。每日运行一次。")

    def handle(self, *args, **options):
        done = flag_overdue()
        for studio in done:
            self.stdout.write(f"待摘牌：{studio.name}（{studio.delisted_reason}）")
        self.stdout.write(self.style.SUCCESS(f"共{len(done)}家整改逾期，已提请摘牌决定。"))
