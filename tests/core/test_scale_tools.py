"""`manage.py seed_scale` and `manage.py bench` stay alive (issue 10): at tiny sizes on the test database they make
their data, refuse a database that already has data, and write the bench's JSON. Never timed: the figures are
docs/performance.md's, measured on PostgreSQL at province size."""

import json

import pytest
from django.core.management import CommandError, call_command

from funding.models import JournalEntry, JournalLine
from hazards.models import HazardReport
from studios.models import Studio

pytestmark = pytest.mark.rule("SYS-SCOPE")


@pytest.mark.django_db(transaction=False)
def test_seed_scale_then_bench_on_tiny_sizes(tmp_path, settings):
    call_command("seed_scale", "--studios", "30", "--hazards", "60", "--journal", "40", "--units", "12",
                 "--system-unions", "10", "--seed", "7", "--bare")
    assert Studio.objects.filter(name__contains="创新工作室0").count() == 30
    assert HazardReport.objects.count() >= 60
    assert JournalEntry.objects.count() >= 40
    # Every seeded entry balances: two lines, debit = credit = amount.
    for entry in JournalEntry.objects.filter(description__startswith=("收到", "支付", "提取", "代管"))[:40]:
        lines = list(JournalLine.objects.filter(entry=entry))
        assert len(lines) == 2 and sum(x.debit for x in lines) == sum(x.credit for x in lines) == entry.amount

    with pytest.raises(CommandError, match="已有数据"):
        call_command("seed_scale", "--studios", "1", "--hazards", "1", "--journal", "1")

    out = tmp_path / "bench.json"
    call_command("bench", "--repeat", "1", "--only", "list, last page", "--exports", "", "--json", str(out))
    result = json.loads(out.read_text(encoding="utf-8"))
    pages = {row["page"]: row for row in result["pages"]}
    assert {"hazard list, last page", "studio list, last page"} <= set(pages)
    assert all(row["status"] == 200 and row["queries"] > 0 and row["median_ms"] > 0 for row in pages.values())
    assert pages["hazard list, last page"]["admin_url"].startswith("/admin/hazards/hazardreport/?p=")
    assert result["counts"]["studios"] >= 30 and result["load_before"]
