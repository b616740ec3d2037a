"""`manage.py bench`: page and export timings on the data of `manage.py seed_scale` (issue 10; README, docs/
performance.md). The logic is benchmarks/scale_bench.py."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "在 seed_scale 生成的数据上测量各页面（与 Django admin 同模型列表对比）和大型导出的耗时、查询数与内存。"

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=10, help="每页计时的请求数（另加一次预热）")
        parser.add_argument("--only", default="", help="只测名称含此文字的页面")
        parser.add_argument("--exports", default="hazard-xlsx,payment-pdf", help="要测的导出，逗号分隔；空为不测")
        parser.add_argument("--json", default="bench.json", help="结果 JSON 文件")
        parser.add_argument("--table", default="", help="另存 Markdown 表格的文件")

    def handle(self, *args, **options):
        from benchmarks.scale_bench import run, table

        exports = [name for name in options["exports"].split(",") if name]
        result = run(repeat=options["repeat"], only=options["only"], exports=exports, out=self.stdout.write)
        Path(options["json"]).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        text = table(result)
        if options["table"]:
            Path(options["table"]).write_text(text + "\n", encoding="utf-8")
        self.stdout.write(text)
        self.stdout.write(self.style.SUCCESS(f"结果已写入 {options['json']}"))
