"""Demo studios in every state, so that a newcomer sees a living system. Idempotent: found by name.

Every state is reached as the pages reach it: through the services and move(), by the users whose role the
move asks (a system union without a clerk in the demo world gets one here). Only the dates of last year's
naming story are set back afterwards (submitted in September, named in November), so its pages read true.
"""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from jinan_union.articles import cite
from jinan_union.demo import DEMO_PASSWORD
from jinan_union.enums import Role
from jinan_union.models import User
from jinan_union.workflow import move

from . import selectors, services
from .enums import (
    LEADER_EVIDENCE,
    AssessmentConclusion,
    BasicCondition,
    DecisionReason,
    HonourKind,
    LeaderQualification,
    LedgerKind,
    Level,
    MaterialKind,
    MeetingType,
    SkillLevel,
    StudioStatus,
    checklist_items,
)
from .enums import ApplicationState as S
from .enums import StudioCategory as C
from .models import Application, Call, LedgerEntry, Studio

BASICS = {
    BasicCondition.VENUE: "设有约150平方米的固定活动场所，分研讨区、实训区和成果展示区，工作室牌匾、职责和制度上墙。",
    BasicCondition.RULES: "建立学习培训、技术攻关、师徒结对、奖励激励等8项制度，均上墙公开。",
    BasicCondition.TEAM: "由领衔人带领一线骨干组成创新团队，现有成员15人，其中高级技师3人、技师5人。",
    BasicCondition.ACTIVITIES: "围绕生产难点开展技术攻关、技能培训和技术交流，年均开展活动20余次。",
    BasicCondition.FUNDS: "所在单位每年安排专项活动经费10万元。",
    BasicCondition.RESULTS: "近两年完成创新成果6项，推广应用4项，年创效益约300万元。",
}

# name, unit, category, leader, leader qualification, final application state (None: no application),
# studio status
STUDIOS = [
    ("浪潮张明技能大师创新工作室", "山东浪潮通用软件有限公司", C.TECH, "张明", S.DRAFT, None),
    ("浪潮云平台研发创新工作室", "山东浪潮通用软件有限公司", C.TECH, "孙伟", S.NAMED, StudioStatus.MUNICIPAL_NAMED),
    ("历下控股李娜服务创新工作室", "济南历下控股集团有限公司", C.SERVICE, "李娜", S.SUBMITTED, None),
    ("热力王强节能攻关创新工作室", "济南市中区热力有限公司", C.TECH, "王强", S.RETURNED, None),
    ("二七机车刘洋技能创新工作室", "济南二七机车配件厂", C.TECH, "刘洋", S.RECOMMENDED, None),
    ("章丘鼓风机赵刚工匠创新工作室", "章丘鼓风机股份有限公司", C.TECH, "赵刚", S.NAMED, StudioStatus.MUNICIPAL_NAMED),
    ("齐鲁制药陈静质量管理创新工作室", "山东齐鲁制药高新分厂", C.MANAGEMENT, "陈静", S.NAMED, StudioStatus.RECTIFYING),
    ("济南公交温馨巴士服务创新工作室", "济南公共交通集团有限公司", C.SERVICE, "周敏", S.NAMED, StudioStatus.DELISTED),
    ("济南公交智能调度创新工作室", "济南公共交通集团有限公司", C.TECH, "郑凯", S.NAMED, StudioStatus.DELIST_PENDING),
    ("浪潮数据治理创新工作室", "山东浪潮通用软件有限公司", C.TECH, "钱磊", S.NAMED, StudioStatus.REVOKED),
    ("客运中心马骏服务创新工作室", "济南市城市客运管理服务中心", C.SERVICE, "马骏", S.REJECTED, None),
    ("二机床铸造周涛创新工作室", "济南二机床集团铸造分厂", C.TECH, "周涛", S.DISQUALIFIED, None),
    ("二机床铸造工艺改进创新工作室", "济南二机床集团铸造分厂", C.TECH, "吴涛", S.INSPECTED, None),
]

HONOUR_FOR = {
    C.TECH: (HonourKind.INVENTION_PATENT, Level.NATIONAL, "一种智能检测装置（国家发明专利）"),
    C.SERVICE: (HonourKind.SERVICE_BRAND, Level.MUNICIPAL, "济南市服务名牌"),
    C.MANAGEMENT: (HonourKind.MGMT_RESULT, Level.PROVINCIAL, "山东省企业管理现代化创新成果二等奖"),
}


def _png(name: str, width: int = 240, height: int = 160) -> SimpleUploadedFile:
    """A small striped picture (the demo's photo of a result), built without an imaging library."""
    import struct
    import zlib

    rows = []
    for y in range(height):
        colour = b"\x1f\x6f\xb5" if (y // 20) % 2 else b"\xe8\xf1\xfa"
        rows.append(b"\x00" + colour * width)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    body = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
    return SimpleUploadedFile(name, body, content_type="image/png")


def _pdf(name: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n% demo {name}\ntrailer<<>>\n%%EOF\n".encode()
    return SimpleUploadedFile(name, body, content_type="application/pdf")


# System unions of the demo world without a clerk of their own: the demo gives them one.
EXTRA_CLERKS = {"章丘区总工会": "zhangqiu_clerk", "济南高新技术产业开发区工会": "gaoxin_clerk",
                "济南二机床集团有限公司工会": "erjichuang_clerk"}


def _clerk(world, union) -> User:
    found = next((u for u in world.users.values()
                  if u.has_role(Role.SYSTEM_CLERK) and u.organisation_id == union.pk), None)
    if found:
        return found
    user, created = User.objects.get_or_create(
        username=EXTRA_CLERKS.get(union.name, f"clerk_{union.pk}"),
        defaults={"full_name": f"演示经办（{union.name}）", "organisation": union, "roles": [Role.SYSTEM_CLERK]},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _draft(studio, clerk, index, leader, category, awarded_on) -> Application:
    app = services.application_start(studio=studio, by=clerk)
    services.application_save(application=app, by=clerk, changes={
        "leader_position": "班组长",
        "leader_qualification": LeaderQualification.SKILLED_WORKER if index % 2 else LeaderQualification.MODEL_WORKER,
        "leader_title_level": Level.MUNICIPAL, "leader_skill_level": SkillLevel.SENIOR_TECHNICIAN,
        "leader_is_frontline": True, "category_statement": "详见申报材料。",
        **{f"basic_{k.value}": v for k, v in BASICS.items()},
    })
    kind, level, title = HONOUR_FOR[category]
    services.honour_add(application=app, by=clerk, data=dict(kind=kind, level=level, title=title,
                                                             awarded_on=awarded_on))
    services.file_add(application=app, by=clerk, kind=LEADER_EVIDENCE, upload=_pdf("领衔人荣誉证书.pdf"))
    for material in MaterialKind:
        if material != MaterialKind.OTHER:
            services.file_add(application=app, by=clerk, kind=material, upload=_pdf(f"{material.label[:3]}材料.pdf"))
    return app


def _review(app, state, world, today, inspected_on) -> Application:
    """From the clerk's submit to `state`, each step by the role the page asks."""
    reviewer = world.users["reviewer"]
    if state == S.RETURNED:
        return move(app, "return", by=reviewer, comment="（六）效益证明缺少财务部门盖章，请补充后重新提交。")
    if state == S.REJECTED:
        return move(app, "reject", by=reviewer,
                    comment=f"服务名牌称号为区级，不符合{cite('S§8(六)')}“市级以上”的要求。")
    if state == S.DISQUALIFIED:
        services.fraud_disqualify(application=app, by=reviewer, notice_number=f"济工通〔{today.year}〕3号",
                                  issued_on=today, findings="所附专利证书经核实系伪造。")
        return app
    if state in (S.INSPECTED, S.RECOMMENDED, S.NAMED):
        services.inspection_record(application=app, by=reviewer, inspected_on=inspected_on, people="王审核、刘干事",
                                   findings="场所、制度、台帐齐全，成果应用情况属实。")
    if state in (S.RECOMMENDED, S.NAMED):
        services.checklist_mark(application=app, by=reviewer, marks={
            code: (True, "") for code, _, _ in checklist_items(app.category)})
        return move(app, "recommend", by=reviewer, comment="经考察，条件符合，同意推荐。")
    return app


def _calls(world, today, named_year) -> Call:
    """Last year's call (the named ones answered it) and this year's, open now (STU-CALL)."""
    reviewer = world.users["reviewer"]
    for year, opens_on, closes_on in ((named_year, date(named_year, 8, 15), date(named_year, 9, 15)),
                                      (today.year, today - timedelta(days=30), today + timedelta(days=30))):
        if not Call.objects.filter(year=year).exists():
            services.call_publish(by=reviewer, data=dict(
                year=year, title=f"关于开展{year}年度济南市示范性劳模和工匠人才创新工作室申报工作的通知",
                opens_on=opens_on, closes_on=closes_on, categories=list(C.values),
                notice="各区县总工会、局（委）工会、大企业工会：\n根据《管理办法》，现开展本年度市级示范性创新工作室"
                       "申报工作。请按技术创新型、服务创新型、管理创新型的条件择优推荐，于截止日期前在系统中提交。",
            ))
    return Call.objects.get(year=named_year)


@transaction.atomic
def seed(world) -> None:
    today = timezone.localdate()
    secretary = world.users["secretary"]
    # The named ones went through last year's round: submitted in September, inspected in October, approved at
    # the November meeting and named ten days later, so that their pages tell a possible story.
    named_year = today.year - 1
    last_call = _calls(world, today, named_year)
    to_name: list[tuple[Application, str]] = []
    for index, (name, unit_name, category, leader, state, status) in enumerate(STUDIOS):
        unit = world.units[unit_name]
        if Studio.objects.filter(work_unit=unit, name=name).exists():
            continue
        clerk = _clerk(world, unit.system_union)
        studio = services.studio_register(by=clerk, data=dict(
            name=name, work_unit=unit, category=category, leader_name=leader, member_count=8 + index,
            system_named_on=date(2021 + index % 3, 4, 20),
            system_document_number=f"{unit.system_union.name[:2]}工字〔2021〕{index + 3}号",
            members=f"{leader}（领衔人）\n骨干成员若干",
        ))
        named = state == S.NAMED
        # Within the window of S§7–S§9 both for a submit today and counted from last September.
        awarded_on = date(named_year, 1, 10) + timedelta(days=index) if named else today - timedelta(days=240 + index)
        app = _draft(studio, clerk, index, leader, category, awarded_on)
        if state == S.DRAFT:
            continue
        app = move(app, "submit", by=clerk)
        if named:  # last year's story: its dates, set back (not its state)
            Application.objects.filter(pk=app.pk).update(submitted_on=date(named_year, 9, 1), year=named_year,
                                                                   call=last_call)
            app.refresh_from_db()
        inspected_on = date(named_year, 10, 1) if named else today
        app = _review(app, state, world, today, inspected_on)
        if named:
            to_name.append((app, status))
    if not to_name:
        return
    batch = services.batch_create(by=secretary, year=named_year, title=f"{named_year}年度济南市示范性创新工作室命名")
    services.batch_add(batch=batch, applications=[app for app, _ in to_name], by=secretary)
    services.batch_record_meeting(batch=batch, by=secretary, meeting_type="party_group",
                                  meeting_date=date(named_year, 11, 8),
                                  minutes_number=f"党组会纪要〔{named_year}〕21号")
    for app, _ in to_name:
        move(Application.objects.get(pk=app.pk), "approve", by=secretary)
    services.batch_name(batch=batch, by=secretary, document_number=f"济工发〔{named_year}〕36号",
                        named_on=date(named_year, 11, 20))  # names the studios; funding pays their grants
    for app, status in to_name:
        _after_naming(Studio.objects.get(pk=app.studio_id), batch, status, world, today)


def _after_naming(studio, batch, status, world, today):
    clerk = next((u for u in world.users.values() if u.organisation_id == studio.work_unit.grassroots_union_id
                  and u.has_role("grassroots_clerk")), None)
    entries = [
        (LedgerKind.PROJECT, "关键工序效率提升攻关", False, date(batch.year, 3, 10)),
        (LedgerKind.PROJECT, "设备故障预警课题", False, date(batch.year, 4, 10)),
        (LedgerKind.RESULT, "智能巡检工具", True, date(batch.year, 5, 10)),
        (LedgerKind.MENTORING, "名师带高徒结对仪式", False, date(batch.year, 6, 10)),
        (LedgerKind.TRAINING, "技能提升培训班", False, date(batch.year, 7, 10)),
        (LedgerKind.PROJECT, "新一年度攻关项目", False, min(date(today.year, 4, 1), today)),
    ]
    for kind, title, applied, on in entries:
        data = dict(kind=kind, happened_on=on, title=title, result_applied=applied, participants=12,
                    description="详见附件")
        if clerk:
            photo = [_png(f"{title}.png")] if kind == LedgerKind.RESULT else []
            services.ledger_add(studio=studio, by=clerk, data=data, files=photo)
        else:  # no grassroots clerk in the demo world for this unit: the record alone, as an import would
            LedgerEntry.objects.create(studio=studio, recorded_by=world.users["admin"], **data)
    if clerk:
        services.assessment_record(studio=studio, by=clerk, data=dict(
            year=batch.year, score="91.5", conclusion=AssessmentConclusion.EXCELLENT, comments="运行规范、成果突出。"))
    reviewer = world.users["reviewer"]
    if status in (StudioStatus.RECTIFYING, StudioStatus.DELISTED, StudioStatus.DELIST_PENDING):
        services.spotcheck_record(studio=studio, by=reviewer, data=dict(
            checked_on=today - timedelta(days=90), passed=False, findings="台帐记录不完整，资金使用明细不清。",
            deadline=today + timedelta(days=30) if status == StudioStatus.RECTIFYING else today - timedelta(days=30),
        ))
    if status in (StudioStatus.DELISTED, StudioStatus.DELIST_PENDING):
        services.spotcheck_record(studio=Studio.objects.get(pk=studio.pk), by=reviewer, data=dict(
            checked_on=today - timedelta(days=10), passed=False, findings="整改复查仍未达标，工作室已停止活动。",
        ))
    if status == StudioStatus.DELISTED:
        services.studio_decide(studio=studio, by=world.users["secretary"], data=dict(
            reason=DecisionReason.FAILED_RECHECK, findings="整改复查仍未达标，工作室已停止活动。",
            meeting_type=MeetingType.CHAIRMAN_OFFICE, meeting_date=today - timedelta(days=5),
            minutes_number=f"主席办公会纪要〔{today.year}〕9号", document_number=f"济工发〔{today.year}〕31号",
            decided_on=today - timedelta(days=3), notice_number=""))
    if status == StudioStatus.REVOKED:
        services.studio_decide(studio=studio, by=world.users["secretary"], data=dict(
            reason=DecisionReason.FRAUD, findings="申报的专利证书系伪造，经核实弄虚作假。",
            meeting_type=MeetingType.PARTY_GROUP, meeting_date=today - timedelta(days=6),
            minutes_number=f"党组会纪要〔{today.year}〕12号", document_number=f"济工发〔{today.year}〕32号",
            decided_on=today - timedelta(days=4), notice_number=f"济工通〔{today.year}〕5号"))
    elif status == StudioStatus.MUNICIPAL_NAMED:
        services.spotcheck_record(studio=studio, by=reviewer, data=dict(
            checked_on=today - timedelta(days=100), passed=True, findings="运行规范，资金专款专用。"))
        if clerk:
            _members_and_showcase(Studio.objects.get(pk=studio.pk), clerk, reviewer)


def _members_and_showcase(studio, clerk, reviewer):
    """STU-MEMBERS and STU-PUBLIC in the demo: the team as rows, and a showcase chosen and approved."""
    for name, position, level, honours, leader in (
        (studio.leader_name, "领衔人、首席技师", SkillLevel.SENIOR_TECHNICIAN, "全国五一劳动奖章、齐鲁首席技师", True),
        ("韩磊", "设备维修骨干", SkillLevel.TECHNICIAN, "济南市技术能手", False),
        ("冯雪", "工艺技术员", SkillLevel.SENIOR, "", False),
    ):
        services.member_add(studio=studio, by=clerk, data=dict(
            name=name, position=position, skill_level=level, honours=honours, is_leader=leader))
    results = list(selectors.showcase_result_choices(studio).filter(result_applied=True))
    showcase = services.showcase_propose(studio=studio, by=clerk, data=dict(
        intro=f"{studio.name}围绕生产一线的关键工序和设备难题开展技术攻关，坚持“名师带高徒”，"
              "成果在本单位及行业内推广应用。",
        leader_honours="全国五一劳动奖章、齐鲁首席技师",
        results=results, photos=list(selectors.showcase_photo_choices(studio)),
    ))
    move(showcase, "approve", by=reviewer)
