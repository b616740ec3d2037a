"""HAZ-FIRST: store again the normalised text of every report whose stored text was made with another
vocabulary (after the reviewer changed the synonym list in the admin, or `normalise` changed), or never
(reports written by bulk loads). Until then those reports are normalised when they are compared, as before:
slower, never wrong. It also stores again the matching form of every unit's address (`WorkUnit.address_key`,
issue 15), which units written by bulk loads lack. Safe to run at any time and again."""

from django.core.management.base import BaseCommand

from hazards.matching import address_key, stored_text, vocabulary_key
from hazards.models import HazardReport
from jinan_union.models import WorkUnit


class Command(BaseCommand):
    help = "重新生成隐患报告的查重规范文本（同义词表修改后运行）"

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000, help="reports per UPDATE (default 2000)")

    def handle(self, *args, batch: int, **options):
        current = vocabulary_key() + "\t"
        stale = HazardReport.objects.exclude(match_text__startswith=current).order_by("pk")
        done, last = 0, 0
        while True:
            rows = list(stale.filter(pk__gt=last).values_list("pk", "location", "description")[:batch])
            if not rows:
                break
            HazardReport.objects.bulk_update(
                [HazardReport(pk=pk, match_text=stored_text(loc, desc)) for pk, loc, desc in rows], ["match_text"])
            done, last = done + len(rows), rows[-1][0]
        self.stdout.write(f"已更新 {done} 份隐患报告的查重规范文本。")
        units = [unit for unit in WorkUnit.objects.only("pk", "address", "address_key")
                 if unit.address_key != address_key(unit.address)]
        for unit in units:
            unit.address_key = address_key(unit.address)
        WorkUnit.objects.bulk_update(units, ["address_key"], batch_size=batch)
        self.stdout.write(f"已更新 {len(units)} 个单位的查重地址。")
