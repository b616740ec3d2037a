from django.core.management.base import BaseCommand

from jinan_union.demo import DEMO_PASSWORD, DEMO_USERS, build_world
from jinan_union.hooks import seed_demo


class Command(BaseCommand):
    help = "建立演示用的组织、单位、用户和各模块的演示数据（可重复执行）。"

    def handle(self, *args, **options):
        world = build_world()
        seed_demo(world)
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）："))
        for username, full_name, _, roles in DEMO_USERS:
            self.stdout.write(f"  {username:15s} {full_name}  [{'、'.join(r.label for r in roles)}]")
