"""Benchmark: HAZ-FIRST duplicate proposals with 200,000 hazard reports in the database (issue 5).

    DATABASE_URL=postgres://jinan:jinan@127.0.0.1:5432/jinan_bench .venv/bin/python benchmarks/hazards_duplicates.py

It never touches the data behind DATABASE_URL: it creates Django's test database beside it
(`test_<name>`, or an in-memory one on SQLite), migrates it, fills it with bulk_create and drops it
at the end. It then times, with time.perf_counter over repeated runs:

- `duplicate_proposals(report)` for newly entered reports (what the clerk's and the reviewer's
  report pages call), in ordinary units (grouped in enterprises of `--group` units, so that the newest reports
  of the enterprise's other units are compared too) and in one "hot" unit with thousands of reports;
- `open_duplicate_proposals()` (the reviewer's duplicates page) for the current round;
- the same single-report proposal with the `(hazard_unit, reported_at)` index dropped, for contrast;

With `--cold` the per-process fingerprint caches are emptied before every timed call, so each call pays
for every candidate's fingerprint, as the first request of a new worker does; with `--no-stored` the
reports' stored normalised text (`HazardReport.match_text`) is blanked, so candidates are normalised from
their raw text, as before it was stored (issue 15).

And, on PostgreSQL, prints EXPLAIN ANALYZE of the candidate query, which must read
`hazard_unit_reported_idx`. The numbers are written up in docs/decisions/hazards.md.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
SH = ZoneInfo("Asia/Shanghai")
CURRENT_YEAR = 2026
FIRST_YEAR = 2019

PLACES = ["一号车间", "二号车间", "三号车间", "锅炉房", "配电室", "原料仓库", "成品库", "食堂", "办公楼",
          "地下车库", "污水处理站", "塔吊", "脚手架", "储罐区", "装卸平台", "空压机房", "喷漆房", "变电所"]
PARTS = ["基础", "电缆桥架", "消防通道", "安全阀", "防护栏杆", "吊钩", "配电柜", "管道法兰", "通风口",
         "楼梯", "接地线", "压力表", "卷扬机", "屋面", "排水沟", "防爆灯具"]
FAULTS = ["螺栓松动", "严重锈蚀", "线路老化破损", "被杂物堵塞", "缺少警示标识", "泄漏", "变形开裂",
          "超期未检验", "接地不良", "防护缺失", "油污积聚", "照明不足"]
RISKS = ["存在倾覆风险", "可能引发火灾", "可能造成触电", "可能造成高处坠落", "可能发生爆炸",
         "可能造成中毒窒息", "可能造成机械伤害", "可能导致坍塌"]


def _text(rng: random.Random) -> tuple[str, str]:
    location = f"{rng.choice(PLACES)}{rng.randint(1, 12)}号{rng.choice(PARTS)}"
    description = f"{location}{rng.choice(FAULTS)}，{rng.choice(RISKS)}，{rng.choice(FAULTS)}"
    return location, description


def make_units(count: int, *, prefix: str = "基准单位") -> list:
    """`count` work units spread over the system unions (bulk_create), for reports to be about."""
    from jinan_union.enums import OrgKind
    from jinan_union.models import Organisation, WorkUnit

    unions = list(Organisation.objects.filter(kind=OrgKind.SYSTEM).order_by("pk"))
    WorkUnit.objects.bulk_create(
        [WorkUnit(name=f"{prefix}{i:05d}", address=f"济南市测试路{i}号", system_union=unions[i % len(unions)])
         for i in range(count)],
        batch_size=2000,
    )
    return list(WorkUnit.objects.filter(name__startswith=prefix).order_by("pk"))


def make_reports(world, units, count: int, *, rng: random.Random, open_count: int = 0,
                 batch_size: int = 5000) -> int:
    """`count` non-draft reports over `units` (bulk_create): earlier, closed rounds (paid, verified but
    not rewarded, rejected) and `open_count` of them submitted or verified in the current, open round.
    Each union has an application per round, as after real rounds. Returns how many were made."""
    from hazards.enums import ApplicationState, ReportState, RoundState
    from hazards.matching import stored_text
    from hazards.models import Application, HazardReport
    from hazards.services import round_for_year

    rounds = {year: round_for_year(year) for year in range(FIRST_YEAR, CURRENT_YEAR + 1)}
    for year, round_ in rounds.items():
        if year < CURRENT_YEAR and round_.status != RoundState.PAID:
            round_.status = RoundState.PAID
            round_.save(update_fields=["status"])
    applications = {}

    def application(union_id: int, year: int) -> Application:
        if (union_id, year) not in applications:
            applications[union_id, year], _ = Application.objects.get_or_create(
                union_id=union_id, round=rounds[year],
                defaults={"status": ApplicationState.SUBMITTED,
                          "submitted_at": rounds[year].deadline - timedelta(days=30)},
            )
        return applications[union_id, year]

    clerk = world.users["lixia"]
    made, batch = 0, []
    for i in range(count):
        unit = units[rng.randrange(len(units))]
        is_open = i < open_count
        year = CURRENT_YEAR if is_open else rng.randrange(FIRST_YEAR, CURRENT_YEAR)
        reported = datetime(year, 1, 1, 8, tzinfo=SH) + timedelta(minutes=rng.randrange(240 * 24 * 60))
        location, description = _text(rng)
        grade = rng.choice((1, 2, 3, 3, 4, 4, 4, 4))
        if is_open:
            status, paid_round, reward = rng.choice((ReportState.SUBMITTED, ReportState.VERIFIED)), None, None
        else:
            status = rng.choice((ReportState.PAID, ReportState.VERIFIED, ReportState.VERIFIED, ReportState.REJECTED))
            if status == ReportState.PAID and grade == 4:
                status = ReportState.VERIFIED
            paid_round = rounds[year] if status == ReportState.PAID else None
            reward = {1: Decimal("8000.00"), 2: Decimal("5000.00"), 3: Decimal("3000.00")}.get(grade, Decimal("0"))
            reward = reward if status == ReportState.PAID else Decimal("0.00")
        batch.append(HazardReport(
            union_id=unit.system_union_id, application=application(unit.system_union_id, year), status=status,
            finder_name=f"职工{i}", finder_unit=unit, hazard_unit=unit, hazard_address=unit.address,
            location=location, description=description, match_text=stored_text(location, description),
            deaths=3, serious_injuries=0,
            direct_loss=Decimal("0.00"), found_on=reported.date(), reported_at=reported,
            rectification="rectified", rectified_on=reported.date() + timedelta(days=7),
            experts="李工（注册安全工程师）", expert_grade=grade, reward_amount=reward, paid_round=paid_round,
            paid_at=paid_round.deadline + timedelta(days=40) if paid_round else None, created_by=clerk,
        ))
        if len(batch) >= batch_size:
            HazardReport.objects.bulk_create(batch)
            made += len(batch)
            batch = []
    if batch:
        HazardReport.objects.bulk_create(batch)
        made += len(batch)
    return made


def analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE hazards_hazardreport")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def explain(queryset, *, analyze: bool = False) -> str:
    """PostgreSQL's plan for a queryset. QuerySet.explain() (Django 5.2) puts EXPLAIN inside the
    subquery it wraps around a filter on a window function, so the SQL is explained here directly."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN ANALYZE " if analyze else "EXPLAIN ") + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _new_reports(world, units, count: int, rng: random.Random) -> list:
    """Reports just entered by a clerk (ready, not yet in an application); about half copy an earlier
    report of their unit almost word for word, as a second finder of the same hazard would."""
    from hazards.enums import ReportState
    from hazards.models import HazardReport

    made = []
    for i in range(count):
        unit = units[rng.randrange(len(units))]
        earlier = HazardReport.objects.filter(hazard_unit=unit).only("location", "description").first()
        if earlier and i % 2 == 0:
            location, description = earlier.location, earlier.description + "，已报告班组长"
        else:
            location, description = _text(rng)
        reported = datetime(CURRENT_YEAR, 8, 1, 9, tzinfo=SH) + timedelta(hours=i)
        made.append(HazardReport.objects.create(
            union_id=unit.system_union_id, status=ReportState.READY, finder_name=f"新发现人{i}", finder_unit=unit,
            hazard_unit=unit, location=location, description=description, deaths=3, serious_injuries=0,
            direct_loss=Decimal("0.00"), found_on=reported.date(), reported_at=reported, rectification="rectified",
            rectified_on=reported.date(), expert_grade=3, created_by=world.users["lixia"],
        ))
    return made


COLD = False  # --cold: empty the fingerprint caches before every timed call


def _time_calls(fn, items, repeat: int) -> tuple[list[float], int, int]:
    """Milliseconds per call over `repeat` passes (the first pass warms up and is not counted),
    the number of queries of one call, and the number of results of the last pass."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hazards import matching

    for item in items:
        fn(item)
    with CaptureQueriesContext(connection) as queries:
        fn(items[0])
    samples, found = [], 0
    for _ in range(repeat):
        found = 0
        for item in items:
            if COLD:
                matching.fingerprint.cache_clear()
                matching._from_normalised.cache_clear()
                matching._from_stored.cache_clear()
            start = time.perf_counter()
            result = fn(item)
            samples.append((time.perf_counter() - start) * 1000)
            found += len(result)
    return samples, len(queries.captured_queries), found


def _summary(label: str, samples: list[float], queries: int, extra: str = "") -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"{label}: {len(samples)} calls, median {statistics.median(samples):.2f} ms, "
            f"p95 {p95:.2f} ms, max {max(samples):.2f} ms, {queries} queries per call{extra}")


def run(args) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from hazards.enums import ReportState
    from hazards.models import HazardReport
    from hazards.selectors import (
        candidate_reports,
        duplicate_proposals,
        open_duplicate_proposals,
        open_proposal_units,
    )
    from hazards.views import UNITS_PER_PROPOSAL_PAGE
    from jinan_union.demo import build_world
    from jinan_union.models import WorkUnit

    rng = random.Random(args.seed)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    started = time.perf_counter()
    world = build_world()  # get_or_create: the same world again in a kept database
    if args.keepdb and HazardReport.objects.filter(status=ReportState.PAID).exists():
        # Kept from an earlier run (--keepdb): reuse it; the new reports of that run are removed first.
        HazardReport.objects.filter(status=ReportState.READY).delete()
        units = list(WorkUnit.objects.filter(name__startswith="基准单位").order_by("pk"))
        print(f"reused the kept database: {HazardReport.objects.count()} reports over {len(units)} hazard units")
        began = time.perf_counter()
        call_command("hazards_match_texts", stdout=sys.stdout)  # texts stored under an older vocabulary key
        print(f"stored match texts brought up to date in {time.perf_counter() - began:.1f} s")
    else:
        units = make_units(args.units)
        made = make_reports(world, units[1:], args.reports - args.hot - args.open, rng=rng, open_count=0)
        made += make_reports(world, units[1:], args.open, rng=rng, open_count=args.open)
        made += make_reports(world, [units[0]], args.hot, rng=rng)
        print(f"made {made} reports over {len(units)} hazard units ({args.hot} in the hot unit, "
              f"{args.open} open in the current round) in {time.perf_counter() - started:.1f} s")
    hot_unit = units[0]
    # Issue 15: the ordinary units belong to enterprises of `--group` units each, so every proposal also reads the
    # newest reports of the enterprise's other units (selectors.RELATED_CANDIDATES); the hot unit stays alone.
    WorkUnit.objects.filter(pk__in=[u.pk for u in units]).update(enterprise=None)
    if args.group > 1:
        for start in range(1, len(units), args.group):
            members = [u.pk for u in units[start:start + args.group]]
            WorkUnit.objects.filter(pk__in=members[1:]).update(enterprise_id=members[0])
    print(f"ordinary units in enterprises of {args.group} units" if args.group > 1 else "no enterprises")
    analyze()

    fresh = _new_reports(world, units[1:], args.new, rng)
    fresh_hot = _new_reports(world, [hot_unit], max(5, args.new // 5), rng)
    if not args.stored:
        HazardReport.objects.update(match_text="")
        for item in fresh + fresh_hot:
            item.match_text = ""
    analyze()
    print(f"fingerprint caches emptied before each call: {'yes' if COLD else 'no'}; "
          f"stored normalised text used: {'yes' if args.stored else 'no'}")
    total = HazardReport.objects.count()
    print(f"reports in the table: {total}")

    samples, queries, found = _time_calls(duplicate_proposals, fresh, args.repeat)
    print(_summary("duplicate_proposals(new report), ordinary units", samples, queries,
                   f", {found} proposals per pass"))
    samples, queries, found = _time_calls(duplicate_proposals, fresh_hot, args.repeat)
    print(_summary(f"duplicate_proposals(new report), hot unit of {args.hot} reports", samples, queries,
                   f", {found} proposals per pass"))
    def reviewer_page(_) -> list:
        units = list(open_proposal_units()[:UNITS_PER_PROPOSAL_PAGE])
        return open_duplicate_proposals(units)

    open_units = open_proposal_units().count()
    samples, queries, found = _time_calls(reviewer_page, [None], max(3, args.repeat))
    print(_summary(f"reviewer's duplicates page, one page of {UNITS_PER_PROPOSAL_PAGE} of {open_units} hazard units "
                   f"with {args.open} open reports", samples, queries, f", {found} proposals"))
    if args.skip_contrast:
        return
    samples, queries, found = _time_calls(lambda _: open_duplicate_proposals(), [None], 2)
    print(_summary(f"all {open_units} units at once (contrast: why the page goes unit by unit)", samples, queries,
                   f", {found} proposals"))

    if connection.vendor == "postgresql":
        print("\nEXPLAIN ANALYZE, candidates of one hazard unit (a new report's page):")
        print(explain(candidate_reports([fresh[0].hazard_unit_id]), analyze=True))
        page_units = list(open_proposal_units()[:UNITS_PER_PROPOSAL_PAGE])
        print(f"\nEXPLAIN ANALYZE, candidates of {len(page_units)} hazard units (one page of the reviewer's):")
        print(explain(candidate_reports(page_units), analyze=True))

    # For contrast: the same call with the index dropped (inside a transaction that is rolled back).
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX hazard_unit_reported_idx")
        samples, queries, _ = _time_calls(duplicate_proposals, fresh[:10], max(2, args.repeat // 2))
        print("\n" + _summary("without hazard_unit_reported_idx (contrast, rolled back)", samples, queries))
        transaction.set_rollback(True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=200_000, help="reports in the table (default 200,000)")
    parser.add_argument("--units", type=int, default=2_000, help="hazard units they spread over")
    parser.add_argument("--hot", type=int, default=5_000, help="reports of one hot unit, included in --reports")
    parser.add_argument("--open", type=int, default=2_000, help="reports open in the current round")
    parser.add_argument("--new", type=int, default=50, help="newly entered reports to propose duplicates for")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the new reports")
    parser.add_argument("--seed", type=int, default=20260930)
    parser.add_argument("--cold", action="store_true", help="empty the fingerprint caches before every call")
    parser.add_argument("--no-stored", dest="stored", action="store_false",
                        help="blank the stored normalised text (match as before it was stored)")
    parser.add_argument("--skip-contrast", action="store_true",
                        help="skip the all-units and dropped-index contrasts")
    parser.add_argument("--group", type=int, default=10,
                        help="ordinary units form enterprises of this many units (issue 15: related candidates); "
                             "1 for none")
    parser.add_argument("--keepdb", action="store_true",
                        help="keep the filled test database and reuse it on the next run (filling is slow on a "
                             "loaded machine); it is filled only when it holds no reports")
    args = parser.parse_args()
    global COLD
    COLD = args.cold

    sys.path.insert(0, str(ROOT))
    # Debug off, so Django does not keep every query in memory; the key is only for this throwaway run.
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinan_union.settings")
    import django

    django.setup()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=args.keepdb)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=args.keepdb)


if __name__ == "__main__":
    main()
