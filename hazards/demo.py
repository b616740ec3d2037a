"""Demo data: reports of every grade and state, a paid earlier round and a confirmed duplicate group."""

import struct
import zlib
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from jinan_union.demo import DEMO_PASSWORD
from jinan_union.enums import DOCUMENT_TYPES, MEDIA_TYPES, Role
from jinan_union.files import store_upload
from jinan_union.models import User

from . import clock, services
from .enums import FundSource, Verifier
from .grading import grade_for
from .models import HazardReport, Scheme
from .rules import round_year_for, today_in_shanghai

SH = ZoneInfo("Asia/Shanghai")
CLERKS = {"历下区总工会": "lixia", "市中区总工会": "shizhong", "济南市建筑业产业工会": "jianzhu"}


def _png() -> bytes:
    raw = b"".join(b"\x00" + b"\xcc\x33\x00" * 8 for _ in range(8))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _report(world, union, unit, *, finder, location, description, reported, deaths=0, injuries=0, loss="0",
            files=True, complete=True, members=None, **extra) -> HazardReport:
    clerk = world.users[CLERKS[union]]
    org = world.system_unions[union]
    own = next(u for u in world.units.values() if u.system_union_id == org.pk)
    loss = Decimal(loss)
    report = HazardReport(
        union=org, finder_name=finder, finder_unit=own, hazard_unit=world.units[unit],
        hazard_address=world.units[unit].address, location=location, description=description,
        deaths=deaths, serious_injuries=injuries, direct_loss=loss, found_on=reported.date(), reported_at=reported,
        rectification="rectified", rectified_on=min(reported.date() + timedelta(days=10), today_in_shanghai()),
        experts="刘建国（注册安全工程师）、马丽（高级工程师）", expert_grade=grade_for(deaths, injuries, loss), **extra,
    )
    services.report_save(report=report, by=clerk, members=members)
    if files:
        store_upload(SimpleUploadedFile("隐患现场.png", _png()), kind=services.PHOTO, by=clerk,
                     allowed=MEDIA_TYPES, owner=report)
        store_upload(SimpleUploadedFile("专家签字隐患报告.pdf", _pdf()), kind=services.EXPERT_SCAN, by=clerk,
                     allowed=DOCUMENT_TYPES, owner=report)
    if complete:
        services.report_complete(report=report, by=clerk)
    return report


def _submit(world, reports, year, now):
    round_ = services.round_for_year(year)
    for union in {r.union.name for r in reports}:
        clerk = world.users[CLERKS[union]]
        application = services.application_for(union=world.system_unions[union], round_=round_, by=clerk)
        for report in reports:
            if report.union.name == union:
                services.application_add_report(application=application, report=report, by=clerk)
        services.application_submit(application=application, by=clerk, now=now)


@transaction.atomic
def seed(world) -> None:
    _seed_reports(world)
    seed_scheme(world)


# HAZ-SCHEME: 历下区总工会's own scheme, its administrator and its reviewer (README's demo users).
SCHEME_USERS = [("lixia_admin", "邵主席（历下区总工会）", Role.ADMIN),
                ("lixia_reviewer", "韩审核（历下区总工会）", Role.REVIEWER)]


def seed_scheme(world) -> None:
    """历下区总工会 sets up its scheme (its own amounts, 31 August, its own fund and reviewer) and has one report
    in its round that repeats the crane hazard the city already paid (flagged on the round's page)."""
    union = world.system_unions["历下区总工会"]
    if Scheme.objects.filter(union=union).exists():
        return
    for username, full_name, role in SCHEME_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "organisation": union, "roles": [str(role)]})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        world.users[username] = user
    scheme = services.scheme_save(scheme=Scheme(
        name="历下区职工排查事故隐患奖励办法", amount_1=Decimal("3000.00"), amount_2=Decimal("2000.00"),
        amount_3=Decimal("1000.00"), deadline_month=8, deadline_day=31, fund_source=FundSource.UNION_FUNDS,
        fund_note="历下区总工会本级专项经费列支", verifier=Verifier.OWN,
    ), by=world.users["lixia_admin"])
    clerk = world.users["lixia"]
    reported = (clock.now() - timedelta(days=30)).astimezone(SH).replace(second=0, microsecond=0)
    crane = _report(world, "历下区总工会", "济南城建集团有限公司", finder="马俊", location="三号塔吊基础",
                    description="塔吊基础螺栓松动，已加固", reported=reported, deaths=3)
    services.report_set_scheme(report=crane, by=clerk, scheme=scheme)
    round_ = services.current_round(clock.now(), scheme)
    application = services.application_for(union=union, round_=round_, by=clerk)
    services.application_add_report(application=application, report=crane, by=clerk)
    services.application_submit(application=application, by=clerk)


def _seed_reports(world) -> None:
    if HazardReport.objects.exists():
        return
    reviewer, finance = world.users["reviewer"], world.users["finance"]
    current = round_year_for(clock.now())
    past = current - 1

    def at(year, month, day, hour=9):
        return datetime(year, month, day, hour, tzinfo=SH)

    def recent(days):
        return (clock.now() - timedelta(days=days)).astimezone(SH).replace(second=0, microsecond=0)

    # An earlier round, verified and paid, with a duplicate group across two unions.
    crane_first = _report(world, "济南市建筑业产业工会", "济南城建集团有限公司", finder="王建军",
                          location="三号塔吊基础", description="塔吊基础地脚螺栓松动，存在倾覆风险",
                          reported=at(past, 3, 2), deaths=3)
    crane_second = _report(world, "历下区总工会", "济南城建集团有限公司", finder="张伟",
                           location="3号塔吊基础", description="塔吊地脚螺栓松动", reported=at(past, 4, 8), deaths=4)
    boiler = _report(world, "市中区总工会", "济南市中区热力有限公司", finder="锅炉班组", finder_kind="collective",
                     location="二号锅炉房", description="锅炉安全阀失效，可能发生爆炸", reported=at(past, 5, 6),
                     deaths=30, members=[("孙海", "班长"), ("钱程", "司炉工")])
    minor = _report(world, "历下区总工会", "济南历下控股集团有限公司", finder="李娜", location="办公楼配电间",
                    description="配电柜门未上锁", reported=at(past, 5, 20), loss="20000")
    rejected = _report(world, "市中区总工会", "济南二七机车配件厂", finder="赵强", location="喷漆车间",
                       description="通风不良", reported=at(past, 6, 1), injuries=12)
    _submit(world, [crane_first, crane_second, boiler, minor, rejected], past, at(past, 9, 20))
    services.group_confirm(reports=[crane_first, crane_second], by=reviewer, comment="同一塔吊基础隐患")
    for report in (crane_first, crane_second, boiler, minor):
        services.report_verify(report=report, by=reviewer)
    services.report_reject(report=rejected, by=reviewer, reason="事故隐患报告无专家签字")
    services.round_close(round_=services.round_for_year(past), by=finance, now=at(past, 10, 15))

    # The current round: awaiting verification, one re-assessed, one repeating last year's crane hazard.
    gas = _report(world, "历下区总工会", "山东浪潮通用软件有限公司", finder="周敏", location="食堂燃气管道",
                  description="燃气软管老化开裂", reported=recent(60), loss="60000000")
    plant = _report(world, "济南市建筑业产业工会", "中建八局济南分公司", finder="吴磊", location="脚手架东立面",
                    description="连墙件缺失", reported=recent(45), deaths=12)
    crane_again = _report(world, "济南市建筑业产业工会", "济南城建集团有限公司", finder="郑浩",
                          location="三号塔吊基础", description="塔吊基础螺栓松动", reported=recent(20), deaths=3)
    _submit(world, [gas, plant, crane_again], current, clock.now())
    services.report_verify(report=plant, by=reviewer, reassessed_grade=3,
                           note="市总工会专家复核：按实际作业人数定为三级")
    # A ready report not yet in the application, and drafts still missing material.
    _report(world, "历下区总工会", "济南历下控股集团有限公司", finder="陈静", location="地下车库排水泵",
            description="排水泵无备用电源", reported=recent(15), injuries=10)
    _report(world, "历下区总工会", "济南历下控股集团有限公司", finder="刘洋", location="屋顶光伏", description="",
            reported=recent(10), files=False, complete=False)
    _report(world, "市中区总工会", "济南二七机车配件厂", finder="何军", location="行车轨道",
            description="行车限位器失灵", reported=recent(5), deaths=2, is_safety_manager=True,
            complete=False)
