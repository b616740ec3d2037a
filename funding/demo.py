"""Demo data: a grant for every named municipal studio the studios seed made (or one studio of our own),
the first one paid through the three books and partly spent. Idempotent."""

import datetime
from decimal import Decimal

from studios.enums import FUNDABLE_STATES, StudioCategory, StudioStatus
from studios.models import Studio

from . import services
from .enums import TRANSFER_ORDER
from .hooks import on_studio_named


def seed(world) -> None:
    finance, clerk = world.users["finance"], world.users["langchao"]
    studios = list(Studio.objects.filter(status__in=FUNDABLE_STATES, work_unit__grassroots_union__isnull=False))
    if not studios:
        unit = world.units["山东浪潮通用软件有限公司"]
        studios = [
            Studio.objects.get_or_create(
                name="浪潮软件劳模创新工作室",
                work_unit=unit,
                defaults={
                    "system_union": unit.system_union,
                    "category": StudioCategory.TECH,
                    "leader_name": "张建国",
                    "system_named_on": datetime.date(2024, 6, 1),
                    "status": StudioStatus.MUNICIPAL_NAMED,
                    "municipal_named_on": datetime.date(2025, 4, 27),
                    "naming_year": 2025,
                    "naming_document_number": "济工发〔2025〕12号",
                },
            )[0]
        ]
    # The studios seed names its studios through the naming service, which already calls our hook.
    grants = [on_studio_named(studio=s, by=world.users["secretary"]) for s in studios]
    paid = next((g for g in grants if g.grassroots_union == clerk.organisation), None)
    if paid is None or paid.entries.exists():
        return
    on = datetime.date(2025, 6, 10)
    for step in TRANSFER_ORDER:
        services.transfer_record(grant=paid, step=step, on=on, by=finance, reference=f"HD{on:%Y%m%d}")
    services.spending_record(
        grant=paid,
        category="equipment",
        on=datetime.date(2025, 7, 3),
        amount=Decimal("18600.00"),
        payee="济南精测仪器有限公司",
        by=clerk,
        description="三坐标测量仪一台",
    )
    services.spending_record(
        grant=paid,
        category="training",
        on=datetime.date(2025, 8, 15),
        amount=Decimal("4200.00"),
        payee="山东省职业技能鉴定中心",
        by=clerk,
        description="工作室成员数控技能培训",
    )
