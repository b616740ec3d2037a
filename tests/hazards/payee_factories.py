"""Payees for hazard tests: valid ID numbers (with their check digit), bank accounts, collectives."""

from hazards import services
from hazards.payees import CHECK, WEIGHTS

from .factories import CLERK_OF, report, submit


def id_number(first17: str) -> str:
    return first17 + CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def payee_row(name: str, n: int = 1) -> dict:
    return {"name": name, "id_number": id_number(f"37010219850101{n:03d}"), "bank": "中国工商银行",
            "branch": "济南历下支行", "account": f"62220216020{n:08d}"}


def with_payees(world, item, names, *, state="verified"):
    """Give a draft report its payees (and members for a collective), then take it to `state`."""
    clerk = world.users[CLERK_OF[item.union.name]]
    if len(names) > 1:
        services.report_save(report=item, by=clerk, members=[(name, "") for name in names])
    services.payees_set(report=item, by=clerk, rows=[payee_row(name, n) for n, name in enumerate(names, 1)])
    services.report_complete(report=item, by=clerk)
    item.refresh_from_db()
    if state == "ready":
        return item
    submit(world, [item])
    if state == "submitted":
        item.refresh_from_db()
        return item
    return services.report_verify(report=item, by=world.users["reviewer"])


def collective(world, names=("王强", "李娜", "赵磊"), *, state="verified", **extra):
    item = report(world, state="draft", finder_kind="collective", finder="三号班组", **extra)
    return with_payees(world, item, names, state=state)


def individual(world, name="张三", *, state="verified", **extra):
    item = report(world, state="draft", finder=name, **extra)
    return with_payees(world, item, [name], state=state)
