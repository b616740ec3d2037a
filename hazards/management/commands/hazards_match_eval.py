"""HAZ-FIRST: print recall@1, recall@3, missed pairs and false proposals per report on a labelled set."""

from pathlib import Path

from django.core.management.base import BaseCommand

from hazards.match_eval import DEFAULT_SET, evaluate, read_set


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / whole:.1f}%" if whole else "0/0"


class Command(BaseCommand):
    help = "评估重复隐患建议：recall@1、recall@3、漏掉的重复对、每份报告线上的误报（HAZ-FIRST）"

    def add_arguments(self, parser):
        parser.add_argument("--set", default=str(DEFAULT_SET), help="标注集文件（单位|隐患编号|部位|描述）")
        parser.add_argument("--method", choices=("after", "before"), default="after",
                            help="after：现行匹配；before：原字符二元组相似度")

    def handle(self, *args, **options):
        lines = read_set(Path(options["set"]))
        r = evaluate(lines, options["method"])
        out = self.stdout.write
        out(f"方法 {options['method']}：{r.reports} 份报告，{r.pairs} 对真实重复")
        out(f"recall@1  {_pct(r.at1, r.pairs)}")
        out(f"recall@3  {_pct(r.at3, r.pairs)}")
        out(f"页面显示（前 5）中  {_pct(r.shown, r.pairs)}")
        out(f"在线上（审核人的重复页列出）  {_pct(r.above, r.pairs)}")
        out(f"线上误报：{len(r.false_above)} 份报告有，最多一份 {r.worst_false} 条")
        out("漏掉的重复对（不在前三）：" if r.missed else "漏掉的重复对：无")
        for line, other, rank in r.missed:
            out(f"  {line}  ←→  {other}  排名 {rank or '未列出'}")
        if r.false_above:
            out("每份报告线上的误报：")
        for number, false in sorted(r.false_above.items()):
            out(f"  #{number}: " + "；".join(f"{other}（{score}）" for other, score in false))
