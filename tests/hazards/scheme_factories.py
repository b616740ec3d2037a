"""HAZ-SCHEME test helpers: 历下区总工会's own scheme, its staff, and reports entered into it."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from hazards import services
from hazards.models import Scheme
from jinan_union.enums import Role
from jinan_union.models import User

from .factories import CLERK_OF, report

SH = ZoneInfo("Asia/Shanghai")
# The district's own deadline is 31 August: these are before and after it (the city's is 30 September).
DISTRICT_IN_TIME = datetime(2026, 8, 20, 10, tzinfo=SH)
DISTRICT_LATE = datetime(2026, 9, 5, 10, tzinfo=SH)


def staff(world, username: str, union: str, role: str) -> User:
    """A user of a system union holding one role (the demo world has no district admin or reviewer)."""
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"full_name": username, "organisation": world.system_unions[union], "roles": [str(role)]},
    )
    world.users[username] = user
    return user


def district_scheme(world, *, verifier="own", pays_if_rewarded_elsewhere=True, amounts=("2000", "1500", "1000"),
                    deadline=(8, 31)) -> Scheme:
    """历下区总工会 sets up its scheme through the service (its administrator), with its own reviewer."""
    admin = staff(world, "lixia_admin", "历下区总工会", Role.ADMIN)
    staff(world, "lixia_reviewer", "历下区总工会", Role.REVIEWER)
    scheme = Scheme(
        name="历下区职工排查事故隐患奖励办法", amount_1=Decimal(amounts[0]), amount_2=Decimal(amounts[1]),
        amount_3=Decimal(amounts[2]), deadline_month=deadline[0], deadline_day=deadline[1],
        fund_source="union_funds", fund_note="区总工会本级专项经费", verifier=verifier,
        pays_if_rewarded_elsewhere=pays_if_rewarded_elsewhere,
    )
    return services.scheme_save(scheme=scheme, by=admin)


def scheme_reports(world, scheme, *specs, state="submitted", now=DISTRICT_IN_TIME):
    """Reports of 历下区总工会 (one per dict of fields) entered into its own scheme and taken to `state` in
    that scheme's round, submitted together."""
    clerk = world.users[CLERK_OF["历下区总工会"]]
    items = []
    for fields in specs:
        item = report(world, state="ready", **fields)
        services.report_set_scheme(report=item, by=clerk, scheme=scheme)
        items.append(item)
    if state != "ready":
        submit_to_scheme(world, scheme, items, now=now, year=None)
    reviewer = world.users["lixia_reviewer" if not scheme.verified_by_municipal else "reviewer"]
    done = []
    for item in items:
        item.refresh_from_db()
        if state == "verified":
            item = services.report_verify(report=item, by=reviewer)
        elif state not in ("ready", "submitted"):
            raise ValueError(state)
        done.append(item)
    return done


def scheme_report(world, scheme, *, state="submitted", now=DISTRICT_IN_TIME, **fields):
    return scheme_reports(world, scheme, fields, state=state, now=now)[0]


def submit_to_scheme(world, scheme, reports, *, now=DISTRICT_IN_TIME, year=None):
    """Submit the reports in 历下区总工会's application to the scheme's round of `year` (default: the round
    open at `now`)."""
    clerk = world.users[CLERK_OF["历下区总工会"]]
    round_ = services.round_for_year(year or services.current_round(now, scheme).year, scheme)
    application = services.application_for(union=world.system_unions["历下区总工会"], round_=round_, by=clerk)
    for item in reports:
        services.application_add_report(application=application, report=item, by=clerk)
    return services.application_submit(application=application, by=clerk, now=now)
