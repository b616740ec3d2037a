"""`manage.py seed_scale`: province-scale benchmark data (issue 10). The logic is benchmarks/scale_seed.py (it
bulk-creates records past the workflow, which only benchmark data may); this command only refuses a database that
already holds data, unless --force."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "为性能基准生成省级规模的演示数据（批量写入，仅用于空的基准数据库）。"

    def add_arguments(self, parser):
        parser.add_argument("--studios", type=int, default=20000)
        parser.add_argument("--hazards", type=int, default=200000)
        parser.add_argument("--journal", type=int, default=100000)
        parser.add_argument("--units", type=int, default=5000)
        parser.add_argument("--system-unions", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--bare", action="store_true", help="不生成各模块的演示记录，只建演示组织和用户")
        parser.add_argument("--force", action="store_true",
                            help="也在已有数据的库上运行（只用于自己的基准库，绝不用于真实数据）")

    def handle(self, *args, **options):
        from benchmarks.scale_seed import database_is_empty, seed

        if not database_is_empty() and not options["force"]:
            raise CommandError("数据库中已有数据：seed_scale 只在刚迁移的空数据库上运行（基准专用库可加 --force）。")
        result = seed(studios=options["studios"], hazards=options["hazards"], journal=options["journal"],
                      units=options["units"], system_unions=options["system_unions"], seed=options["seed"],
                      bare=options["bare"], out=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"基准数据已生成：{result['made']}，用时（秒）：{result['seconds']}"))
