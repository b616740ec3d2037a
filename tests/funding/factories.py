"""Studios and grants for funding tests, made directly with the studios app's fields."""

import datetime
from decimal import Decimal

from funding import services
from funding.enums import TransferStep
from studios.enums import StudioCategory, StudioStatus
from studios.models import Studio

DAY = datetime.date(2026, 5, 1)


def make_studio(world, unit="山东浪潮通用软件有限公司", name="浪潮软件创新工作室", status=StudioStatus.MUNICIPAL_NAMED):
    work_unit = world.units[unit]
    return Studio.objects.create(
        name=name,
        system_union=work_unit.system_union,
        work_unit=work_unit,
        category=StudioCategory.TECH,
        leader_name="张工",
        system_named_on=datetime.date(2025, 3, 1),
        status=status,
        municipal_named_on=datetime.date(2026, 4, 1),
        naming_year=2026,
        naming_document_number="济工发〔2026〕1号",
    )


def make_grant(world, paid_out=True, **kwargs):
    """A new studio's grant, by default already paid out of the municipal union's books (the first step of
    S§13) on the day of the naming, so that tests start where the system union's part begins."""
    grant = services.grant_create(studio=make_studio(world, **kwargs), by=world.users["finance"])
    if paid_out:
        services.transfer_record(
            grant=grant, step=TransferStep.MUNICIPAL_PAYS, on=grant.studio.municipal_named_on, by=world.users["finance"]
        )
        grant.refresh_from_db()
    return grant


def fund_fully(world, grant, on=DAY):
    done = set(grant.transfers.filter(is_reversed=False).values_list("step", flat=True))
    for step in services.TRANSFER_ORDER:
        if step in done:
            continue
        services.transfer_record(grant=grant, step=step, on=on, by=world.users["finance"])
    grant.refresh_from_db()
    return grant


def spend(world, grant, amount="1000.00", category="equipment", payee="济南仪器公司"):
    return services.spending_record(
        grant=grant,
        category=category,
        on=DAY,
        amount=Decimal(amount),
        payee=payee,
        by=world.users["langchao"],
    )


def spend_with_invoice(world, grant, amount="1000.00", name="发票.pdf", **kwargs):
    """A spending whose invoice scan was uploaded by the grassroots clerk, as the spending page does."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jinan_union.enums import DOCUMENT_TYPES
    from jinan_union.files import store_upload
    from tests.conftest import make_pdf

    clerk = world.users["langchao"]
    upload = SimpleUploadedFile(name, make_pdf(name), content_type="application/pdf")
    invoice = store_upload(upload, kind=services.INVOICE_KIND, by=clerk, allowed=DOCUMENT_TYPES)
    return services.spending_record(
        grant=grant,
        category=kwargs.get("category", "equipment"),
        on=DAY,
        amount=Decimal(amount),
        payee=kwargs.get("payee", "济南仪器公司"),
        by=clerk,
        invoice_ids=[invoice.uuid],
    )


def clerk_of(world, grant):
    """The grassroots clerk of the grant's union: the one user the spending service lets record its spendings."""
    from jinan_union.demo import _user
    from jinan_union.enums import Role

    if world.users["langchao"].organisation_id == grant.grassroots_union_id:
        return world.users["langchao"]
    union = grant.grassroots_union
    return _user(f"clerk{union.pk}", f"经办人（{union}）", union, [Role.GRASSROOTS_CLERK])
