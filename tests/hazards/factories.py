"""Building hazard reports for tests: complete ones (with photo and scan) in any state."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from hazards import services
from hazards.models import HazardReport
from jinan_union.enums import DOCUMENT_TYPES, MEDIA_TYPES
from jinan_union.files import store_upload
from tests.conftest import make_pdf, make_png

SH = ZoneInfo("Asia/Shanghai")
IN_TIME = datetime(2026, 9, 1, 10, tzinfo=SH)
LATE = datetime(2026, 10, 1, 0, 0, tzinfo=SH)
AFTER_DEADLINE = datetime(2026, 10, 8, 9, tzinfo=SH)

CLERK_OF = {"历下区总工会": "lixia", "市中区总工会": "shizhong", "济南市建筑业产业工会": "jianzhu"}


def report(world, *, union="历下区总工会", unit="济南城建集团有限公司", finder_unit=None, state="ready",
           reported_at=None, location="三号塔吊基础", description="塔吊基础螺栓松动，存在倾覆风险",
           deaths=3, injuries=0, loss="0", expert_grade=None, finder="张三", **extra) -> HazardReport:
    clerk = world.users[CLERK_OF[union]]
    org = world.system_unions[union]
    own_unit = finder_unit or next(u for u in world.units.values() if u.system_union_id == org.pk)
    reported_at = reported_at or datetime(2026, 3, 2, 9, tzinfo=SH)
    fields = dict(
        union=org, finder_name=finder, finder_unit=own_unit, hazard_unit=world.units[unit],
        hazard_address=world.units[unit].address, location=location, description=description,
        deaths=deaths, serious_injuries=injuries, direct_loss=Decimal(loss),
        found_on=reported_at.astimezone(SH).date(), reported_at=reported_at,
        rectification="rectified", rectified_on=reported_at.astimezone(SH).date() + timedelta(days=7),
        experts="李工（注册安全工程师）",
    )
    fields.update(extra)
    obj = HazardReport(**fields)
    from hazards.grading import grade_for

    obj.expert_grade = expert_grade or grade_for(deaths, injuries, Decimal(loss))
    services.report_save(report=obj, by=clerk)
    store_upload(SimpleUploadedFile("现场.png", make_png()), kind=services.PHOTO, by=clerk,
                 allowed=MEDIA_TYPES, owner=obj)
    store_upload(SimpleUploadedFile("专家报告.pdf", make_pdf()), kind=services.EXPERT_SCAN, by=clerk,
                 allowed=DOCUMENT_TYPES, owner=obj)
    if state == "draft":
        return obj
    services.report_complete(report=obj, by=clerk)
    obj.refresh_from_db()
    if state == "ready":
        return obj
    submit(world, [obj])
    obj.refresh_from_db()
    if state == "submitted":
        return obj
    if state == "verified":
        return services.report_verify(report=obj, by=world.users["reviewer"])
    if state == "rejected":
        return services.report_reject(report=obj, by=world.users["reviewer"], reason="材料不实")
    raise ValueError(state)


def submit(world, reports, *, year=2026, now=IN_TIME):
    """Put ready reports into their unions' applications for `year` and submit them."""
    by_union = {}
    for item in reports:
        by_union.setdefault(item.union_id, []).append(item)
    round_ = services.round_for_year(year)
    applications = []
    for items in by_union.values():
        org = items[0].union
        clerk = world.users[CLERK_OF[org.name]]
        application = services.application_for(union=org, round_=round_, by=clerk)
        for item in items:
            services.application_add_report(application=application, report=item, by=clerk)
        applications.append(services.application_submit(application=application, by=clerk, now=now)[0])
    for item in reports:
        item.refresh_from_db()
    return applications
