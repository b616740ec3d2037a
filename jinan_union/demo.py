"""The demo organisation tree and one user per role. Idempotent: found by name, created when missing."""

from dataclasses import dataclass, field

from django.db import transaction

from .enums import OrgKind, Role, SystemUnionKind
from .models import Organisation, User, WorkUnit

DEMO_PASSWORD = "Demo@2026"

# (system union, its kind, [(work unit, address), ...]); each unit gets its grassroots union.
SYSTEM_UNIONS = [
    ("历下区总工会", SystemUnionKind.DISTRICT, [
        ("山东浪潮通用软件有限公司", "济南市历下区浪潮路1036号"),
        ("济南历下控股集团有限公司", "济南市历下区解放东路3号"),
    ]),
    ("市中区总工会", SystemUnionKind.DISTRICT, [
        ("济南市中区热力有限公司", "济南市市中区经七路520号"),
        ("济南二七机车配件厂", "济南市市中区二七新村南路18号"),
    ]),
    ("章丘区总工会", SystemUnionKind.DISTRICT, [
        ("章丘鼓风机股份有限公司", "济南市章丘区明水经济开发区世纪大道东首"),
    ]),
    ("济南高新技术产业开发区工会", SystemUnionKind.FUNCTIONAL_ZONE, [
        ("山东齐鲁制药高新分厂", "济南市高新区工业南路243号"),
    ]),
    ("济南市交通运输局工会", SystemUnionKind.BUREAU, [
        ("济南公共交通集团有限公司", "济南市历城区花园路1号"),
        ("济南市城市客运管理服务中心", "济南市天桥区北园大街101号"),
    ]),
    ("济南二机床集团有限公司工会", SystemUnionKind.ENTERPRISE, [
        ("济南二机床集团铸造分厂", "济南市市中区英雄山路127号"),
    ]),
    ("济南市建筑业产业工会", SystemUnionKind.INDUSTRY, [
        ("中建八局济南分公司", "济南市历城区工业北路308号"),
        ("济南城建集团有限公司", "济南市历下区经十路14588号"),
    ]),
]

DEPARTMENTS = ["生产保护部", "办公室", "财务部", "经费审查委员会办公室"]


@dataclass
class World:
    """What the demo seeding made, handed to each app's seed_demo hook."""

    municipal: Organisation
    departments: dict[str, Organisation] = field(default_factory=dict)
    system_unions: dict[str, Organisation] = field(default_factory=dict)
    units: dict[str, WorkUnit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def _org(name, kind, parent=None, system_kind=""):
    org, _ = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, "parent": parent, "system_kind": system_kind}
    )
    return org


def _user(username, full_name, org, roles, **extra):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "organisation": org, "roles": [str(r) for r in roles], **extra},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


# username, name, organisation (department, system union or work unit's grassroots union), roles
DEMO_USERS = [
    ("admin", "系统管理员", ("dept", "办公室"), [Role.ADMIN]),
    ("reviewer", "王审核（生产保护部）", ("dept", "生产保护部"), [Role.REVIEWER]),
    ("secretary", "李秘书（办公室）", ("dept", "办公室"), [Role.SECRETARY]),
    ("finance", "赵会计（市总财务部）", ("dept", "财务部"), [Role.FINANCE]),
    ("auditor", "钱审查（市总经审办）", ("dept", "经费审查委员会办公室"), [Role.AUDITOR]),
    ("lixia", "孙经办（历下区总工会）", ("system", "历下区总工会"), [Role.SYSTEM_CLERK]),
    ("lixia_finance", "周会计（历下区总工会）", ("system", "历下区总工会"), [Role.FINANCE]),
    ("lixia_auditor", "吴审查（历下区总工会）", ("system", "历下区总工会"), [Role.AUDITOR]),
    ("shizhong", "郑经办（市中区总工会）", ("system", "市中区总工会"), [Role.SYSTEM_CLERK]),
    ("jiaotong", "冯经办（交通运输局工会）", ("system", "济南市交通运输局工会"), [Role.SYSTEM_CLERK]),
    ("jianzhu", "陈经办（建筑业产业工会）", ("system", "济南市建筑业产业工会"), [Role.SYSTEM_CLERK]),
    ("langchao", "褚经办（浪潮通用软件工会）", ("grassroots", "山东浪潮通用软件有限公司"),
     [Role.GRASSROOTS_CLERK, Role.FINANCE]),
    # STU-SCORE: experts; expert_lixia belongs to 历下区总工会 and is excluded from its studios' applications.
    ("expert", "高专家（高新区工会）", ("system", "济南高新技术产业开发区工会"), [Role.EXPERT]),
    ("expert_lixia", "林专家（历下区总工会）", ("system", "历下区总工会"), [Role.EXPERT]),
]


@transaction.atomic
def build_world() -> World:
    municipal = _org("济南市总工会", OrgKind.MUNICIPAL)
    world = World(municipal=municipal)
    for name in DEPARTMENTS:
        world.departments[name] = _org(f"济南市总工会{name}", OrgKind.DEPARTMENT, municipal)
    for union_name, kind, units in SYSTEM_UNIONS:
        union = _org(union_name, OrgKind.SYSTEM, municipal, kind)
        world.system_unions[union_name] = union
        for unit_name, address in units:
            grassroots = _org(f"{unit_name}工会", OrgKind.GRASSROOTS, union)
            unit, _ = WorkUnit.objects.get_or_create(
                name=unit_name, system_union=union,
                defaults={"address": address, "grassroots_union": grassroots},
            )
            world.units[unit_name] = unit
    for username, full_name, (where, key), roles in DEMO_USERS:
        org = {
            "dept": lambda k: world.departments[k],
            "system": lambda k: world.system_unions[k],
            "grassroots": lambda k: world.units[k].grassroots_union,
        }[where](key)
        extra = {"is_staff": True, "is_superuser": True} if Role.ADMIN in roles else {}
        world.users[username] = _user(username, full_name, org, roles, **extra)
    return world
