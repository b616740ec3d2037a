"""Demo data: a grant for every named municipal studio the studios seed made, the first one at the demo
grassroots clerk's union paid through the three books and partly spent. Idempotent. Every state is reached
through the services (and so through move()), never assigned."""

import datetime
from decimal import Decimal

from django.utils import timezone

from jinan_union.errors import DomainError
from studios.enums import FUNDABLE_STATES
from studios.models import Studio

from . import services
from .enums import TRANSFER_ORDER
from .models import Grant


def _grant_of(studio, by) -> Grant | None:
    """The studio's grant: the naming already made it (studio_named), else it is made here, once."""
    existing = Grant.objects.filter(studio=studio).first()
    if existing is not None:
        return existing
    try:
        return services.grant_create(studio=studio, by=by)
    except DomainError:
        return None


def _named_studios():
    return list(Studio.objects.filter(status__in=FUNDABLE_STATES, work_unit__grassroots_union__isnull=False))


def seed(world) -> None:
    finance, clerk = world.users["finance"], world.users["langchao"]
    if not _named_studios():
        # Funding seeded alone: let the studios seed name its studios through the naming service first.
        from studios.demo import seed as seed_studios

        seed_studios(world)
    grants = [g for g in (_grant_of(s, world.users["secretary"]) for s in _named_studios()) if g is not None]
    paid = next((g for g in grants if g.grassroots_union == clerk.organisation), None)
    if paid is None or paid.entries.exists():
        return
    # The money arrives after the naming, and nothing is dated after today.
    today = timezone.localdate()
    named_on = paid.studio.municipal_named_on or today

    def day(after: int) -> datetime.date:
        return min(today, named_on + datetime.timedelta(days=after))

    for step in TRANSFER_ORDER:
        on = day(20)
        services.transfer_record(grant=paid, step=step, on=on, by=finance, reference=f"HD{on:%Y%m%d}")
    services.spending_record(
        grant=paid,
        category="equipment",
        on=day(45),
        amount=Decimal("18600.00"),
        payee="济南精测仪器有限公司",
        by=clerk,
        description="三坐标测量仪一台",
    )
    services.spending_record(
        grant=paid,
        category="training",
        on=day(90),
        amount=Decimal("4200.00"),
        payee="山东省职业技能鉴定中心",
        by=clerk,
        description="工作室成员数控技能培训",
    )
