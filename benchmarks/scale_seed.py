"""Province-scale data for `manage.py seed_scale` and `manage.py bench` (issue 10).

    DATABASE_URL=postgres://jinan:jinan@127.0.0.1:5432/jinan_bench .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python manage.py seed_scale --studios 20000 --hazards 200000 --journal 100000

On an empty migrated database: the demo world first (build_world and every app's seed_demo, so the demo users and
their pages exist), then with bulk_create, reproducibly from `--seed`:

- system unions up to `system_unions` (200), work units (5,000), each with its grassroots union;
- studios (20,000) over the units, 70 % of them with an application (14,000) in every state, over six years;
- hazard reports (200,000) over the rounds 2019–2026 with their unions' applications (reusing
  benchmarks/hazards_duplicates.make_reports): closed rounds paid/verified/rejected, 2 % open in this year's round;
- journal entries (100,000), each of two balanced lines (debit = credit = amount, as PostgreSQL's deferred
  trigger checks at commit), 10 % of them in the municipal union's books, the rest over the system unions and
  500 grassroots unions, over the last three years up to this month, voucher numbers per union and year in date
  order; charts of accounts for those unions (funding.chart.seed_chart's accounts, bulk-created).

Bulk-created records are written straight into the tables: they bypass jinan_union.workflow.move() (no history, no
notifications) and funding.services.post_entry. That is acceptable for benchmark data only, which is why this
module lives in benchmarks/ (exempt from tests/core/test_no_back_door.py's scan) and why the command refuses any
database that already holds data unless given --force (meant for a bench database one owns, never for real data).
"""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal

from benchmarks.hazards_duplicates import make_reports

STUDIO_WORDS = ["技能大师", "劳模", "职工", "工匠", "创新", "攻关", "技师", "首席技师"]
TRADES = ["数控", "焊接", "电气", "机修", "软件", "化工", "供热", "公交", "建筑", "制药", "铸造", "仪表"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"


def database_is_empty() -> bool:
    """No organisation and no user: a freshly migrated database (migrations seed no business rows)."""
    from jinan_union.models import Organisation, User

    return not Organisation.objects.exists() and not User.objects.exists()


def _bulk(model, objects, batch_size=5000):
    """bulk_create through Django's plain QuerySet: JournalLine's own queryset refuses bulk_create (lines are
    written by funding.services.post_entry only); benchmark data is the one documented exception."""
    from django.db.models import QuerySet

    return QuerySet(model=model).bulk_create(objects, batch_size=batch_size)


def _set_paths(orgs) -> None:
    """Organisation.save() writes `path` after the insert; bulk_create cannot, so the paths are set here."""
    from jinan_union.models import Organisation

    parents = {o.pk: o.path for o in Organisation.objects.filter(pk__in={o.parent_id for o in orgs})}
    for org in orgs:
        org.path = f"{parents[org.parent_id]}{org.pk}/"
    Organisation.objects.bulk_update(orgs, ["path"], batch_size=2000)


def make_unions_and_units(world, *, system_unions: int, units: int, rng: random.Random) -> list:
    from jinan_union.enums import OrgKind, SystemUnionKind
    from jinan_union.models import Organisation, WorkUnit

    have = Organisation.objects.filter(kind=OrgKind.SYSTEM).count()
    kinds = list(SystemUnionKind.values)
    new = _bulk(Organisation, [
        Organisation(name=f"基准第{i:03d}系统工会", kind=OrgKind.SYSTEM, system_kind=kinds[i % len(kinds)],
                     parent=world.municipal)
        for i in range(max(0, system_unions - have))
    ])
    _set_paths(new)
    unions = list(Organisation.objects.filter(kind=OrgKind.SYSTEM).order_by("pk"))
    grassroots = _bulk(Organisation, [
        Organisation(name=f"基准单位{i:05d}工会", kind=OrgKind.GRASSROOTS, parent=unions[i % len(unions)])
        for i in range(units)
    ])
    _set_paths(grassroots)
    _bulk(WorkUnit, [
        WorkUnit(name=f"基准单位{i:05d}", address=f"济南市测试路{i}号", system_union_id=g.parent_id,
                 grassroots_union=g, union_sound=rng.random() > 0.05)
        for i, g in enumerate(grassroots)
    ])
    return list(WorkUnit.objects.filter(name__startswith="基准单位").order_by("pk"))


def make_studios(world, units, *, count: int, rng: random.Random, today: datetime.date) -> int:
    from studios.enums import ApplicationState, StudioCategory, StudioStatus
    from studios.models import Application, Studio

    statuses = ([StudioStatus.SYSTEM_NAMED] * 70 + [StudioStatus.MUNICIPAL_NAMED] * 22 + [StudioStatus.RECTIFYING] * 4
                + [StudioStatus.DELISTED] * 3 + [StudioStatus.REVOKED] * 1)
    categories = list(StudioCategory.values)
    studios = []
    for i in range(count):
        unit = units[rng.randrange(len(units))]
        status = rng.choice(statuses)
        named = status != StudioStatus.SYSTEM_NAMED
        year = rng.randrange(today.year - 6, today.year + 1)
        leader = rng.choice(SURNAMES) + rng.choice(SURNAMES) + "师傅"
        studios.append(Studio(
            name=f"{leader}{rng.choice(TRADES)}{rng.choice(STUDIO_WORDS)}创新工作室{i:05d}",
            system_union_id=unit.system_union_id, work_unit=unit, category=rng.choice(categories),
            leader_name=leader, member_count=rng.randint(5, 30),
            members="\n".join(f"成员{j}、{rng.choice(TRADES)}岗、高级工" for j in range(3)),
            system_named_on=datetime.date(year - 1, rng.randint(1, 12), rng.randint(1, 28)), status=status,
            municipal_named_on=datetime.date(year, 6, 1) if named else None, naming_year=year if named else None,
            naming_document_number=f"济工发〔{year}〕{i % 90 + 1}号" if named else "",
            delisted_on=datetime.date(year + 1, 3, 1) if status == StudioStatus.DELISTED else None,
        ))
    studios = _bulk(Studio, studios)
    states = ([ApplicationState.SUBMITTED] * 20 + [ApplicationState.RETURNED] * 8 + [ApplicationState.INSPECTED] * 8
              + [ApplicationState.RECOMMENDED] * 6 + [ApplicationState.DRAFT] * 18 + [ApplicationState.REJECTED] * 10
              + [ApplicationState.APPROVED] * 4)
    clerk = world.users["lixia"]
    applications = []
    for studio in studios[: count * 7 // 10]:
        named = studio.naming_year is not None
        state = ApplicationState.NAMED if named else rng.choice(states)
        year = studio.naming_year or rng.randrange(today.year - 5, today.year + 1)
        applications.append(Application(
            studio=studio, year=year, state=state, category=studio.category, leader_name=studio.leader_name,
            basic_venue="有固定场所和设备", basic_rules="有管理制度", basic_team=f"{studio.member_count}人",
            basic_activities="定期开展攻关活动", basic_funds="单位配套经费", basic_results="取得专利和技术成果",
            submitted_on=None if state == ApplicationState.DRAFT else datetime.date(year, 3, rng.randint(1, 28)),
            round=0 if state == ApplicationState.DRAFT else 1, created_by=clerk,
        ))
    _bulk(Application, applications)
    return len(studios)


def make_journal(world, *, count: int, rng: random.Random, today: datetime.date) -> int:
    from django.db.models import Max

    from funding import chart
    from funding.models import Account, JournalEntry, JournalLine
    from jinan_union.enums import OrgKind
    from jinan_union.models import Organisation

    unions = [world.municipal, *Organisation.objects.filter(kind=OrgKind.SYSTEM).order_by("pk"),
              *Organisation.objects.filter(kind=OrgKind.GRASSROOTS).order_by("pk")[:500]]
    existing = set(Account.objects.values_list("union_id", flat=True).distinct())
    for level in (True, False):  # top-level accounts first, then their children
        parents = {(a.union_id, a.key): a.pk for a in Account.objects.filter(parent__isnull=True)}
        _bulk(Account, [
            Account(union=union, key=key, code=code, name=name, type=kind,
                    parent_id=None if level else parents[union.pk, parent])
            for union in unions if union.pk not in existing
            for key, code, name, kind, parent in chart.CHART if (parent is None) == level
        ])
    accounts = {(a.union_id, a.key): a.pk for a in Account.objects.filter(union__in=unions)}
    kinds = [  # (description, debit account, credit account), by key
        ("收到上级专项补助", chart.BANK, chart.SPECIAL_SUBSIDY),
        ("收到上级一般性补助", chart.BANK, chart.GENERAL_SUBSIDY),
        ("支付培训费", chart.TRAINING, chart.BANK), ("支付会议费", chart.MEETINGS, chart.BANK),
        ("支付专项业务费", chart.SPECIAL_BUSINESS_EXPENSE, chart.BANK), ("提取备用金", chart.CASH, chart.BANK),
        ("代管经费到账", chart.BANK, chart.CUSTODY), ("代管经费拨付", chart.CUSTODY, chart.BANK),
    ]
    start = today.replace(day=1) - datetime.timedelta(days=3 * 365)
    span = (today - start).days + 1
    clerk = world.users["finance"]
    municipal_share = count // 10
    planned = []
    for i in range(count):
        union = world.municipal if i < municipal_share else unions[1 + rng.randrange(len(unions) - 1)]
        day = start + datetime.timedelta(days=rng.randrange(span))
        planned.append((union.pk, day, *rng.choice(kinds), Decimal(rng.randint(100, 5_000_000)) / 100))
    planned.sort(key=lambda p: (p[0], p[1]))
    numbers = {(u, y): n for u, y, n in JournalEntry.objects.order_by().values("union_id", "voucher_year").annotate(
        n=Max("number")).values_list("union_id", "voucher_year", "n")}
    made = 0
    for first in range(0, len(planned), 5000):
        entries, sides = [], []
        for union_id, day, description, debit, credit, amount in planned[first:first + 5000]:
            key = (union_id, day.year)
            numbers[key] = numbers.get(key, 0) + 1
            entries.append(JournalEntry(union_id=union_id, date=day, voucher_year=day.year, number=numbers[key],
                                        description=description, amount=amount, created_by=clerk))
            sides.append((accounts[union_id, debit], accounts[union_id, credit], amount))
        entries = _bulk(JournalEntry, entries)
        _bulk(JournalLine, [
            line for entry, (debit, credit, amount) in zip(entries, sides, strict=True)
            for line in (JournalLine(entry=entry, account_id=debit, debit=amount),
                         JournalLine(entry=entry, account_id=credit, credit=amount))
        ], batch_size=10000)
        made += len(entries)
    return made


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def seed(*, studios: int, hazards: int, journal: int, system_unions: int = 200, units: int = 5000, seed: int = 1,
         bare: bool = False, out=print) -> dict:
    """Fill the (empty, migrated) database; returns what was made and how long each part took (seconds)."""
    from django.db import transaction
    from django.utils import timezone

    from jinan_union.demo import build_world
    from jinan_union.hooks import seed_demo

    rng = random.Random(seed)
    today = timezone.localdate()
    timings, made = {}, {}

    def step(name, fn):
        began = time.perf_counter()
        with transaction.atomic():
            made[name] = fn()
        timings[name] = round(time.perf_counter() - began, 1)
        out(f"  {name}: {made[name]} in {timings[name]} s")

    world = None

    def demo():
        nonlocal world
        world = build_world()
        if not bare:  # the apps' demo records (a grant, calls, a round …); bare: the organisations and users only
            seed_demo(world)
        return f"{len(world.users)} demo users"

    unit_list = []

    def work_units():
        unit_list.extend(make_unions_and_units(world, system_unions=system_unions, units=units, rng=rng))
        return len(unit_list)

    step("demo", demo)
    step("units", work_units)
    step("studios", lambda: make_studios(world, unit_list, count=studios, rng=rng, today=today))
    step("hazards", lambda: make_reports(world, unit_list, hazards, rng=rng, open_count=hazards // 50))
    step("journal", lambda: make_journal(world, count=journal, rng=rng, today=today))
    step("analyze", lambda: analyze() or "tables analysed")
    return {"made": made, "seconds": timings}
