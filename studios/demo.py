"""Demo studios in every state, so that a newcomer sees a living system. Idempotent: found by name."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from jinan_union.audit import record_change
from jinan_union.files import store_upload

from . import services
from .enums import (
    LEADER_EVIDENCE,
    AssessmentConclusion,
    BasicCondition,
    HonourKind,
    LeaderQualification,
    LedgerKind,
    Level,
    MaterialKind,
    SkillLevel,
    StudioStatus,
    checklist_items,
)
from .enums import (
    ApplicationState as S,
)
from .enums import (
    StudioCategory as C,
)
from .models import (
    PLAQUE_TITLE,
    Application,
    Assessment,
    ChecklistMark,
    CriticismNotice,
    Honour,
    Inspection,
    LedgerEntry,
    NamingBatch,
    SpotCheck,
    Studio,
)

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
    ("客运中心马骏服务创新工作室", "济南市城市客运管理服务中心", C.SERVICE, "马骏", S.REJECTED, None),
    ("二机床铸造周涛创新工作室", "济南二机床集团铸造分厂", C.TECH, "周涛", S.DISQUALIFIED, None),
    ("二机床铸造工艺改进创新工作室", "济南二机床集团铸造分厂", C.TECH, "吴涛", S.INSPECTED, None),
]

HONOUR_FOR = {
    C.TECH: (HonourKind.INVENTION_PATENT, Level.NATIONAL, "一种智能检测装置（国家发明专利）"),
    C.SERVICE: (HonourKind.SERVICE_BRAND, Level.MUNICIPAL, "济南市服务名牌"),
    C.MANAGEMENT: (HonourKind.MGMT_RESULT, Level.PROVINCIAL, "山东省企业管理现代化创新成果二等奖"),
}


def _pdf(name: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n% demo {name}\ntrailer<<>>\n%%EOF\n".encode()
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@transaction.atomic
def seed(world) -> None:
    today = timezone.localdate()
    secretary, reviewer = world.users["secretary"], world.users["reviewer"]
    named_batch = None
    # The named ones went through last year's round: submitted in September, inspected in October, approved at
    # the November meeting and named ten days later, so that their pages tell a possible story.
    named_year = today.year - 1
    for index, (name, unit_name, category, leader, state, status) in enumerate(STUDIOS):
        unit = world.units[unit_name]
        if Studio.objects.filter(work_unit=unit, name=name).exists():
            continue
        studio = Studio.objects.create(
            name=name, system_union=unit.system_union, work_unit=unit, category=category, leader_name=leader,
            member_count=8 + index, system_named_on=date(2021 + index % 3, 4, 20),
            system_document_number=f"{unit.system_union.name[:2]}工字〔2021〕{index + 3}号",
            members=f"{leader}（领衔人）\n骨干成员若干",
        )
        record_change(studio, actor=None, action="登记工作室（演示数据）", to_state=studio.get_status_display())
        clerk = next((u for u in world.users.values()
                      if u.has_role("system_clerk") and u.organisation_id == unit.system_union_id), None)
        app = Application.objects.create(
            studio=studio, year=today.year, category=category, leader_name=leader, leader_position="班组长",
            leader_qualification=LeaderQualification.SKILLED_WORKER if index % 2 else LeaderQualification.MODEL_WORKER,
            leader_title_level=Level.MUNICIPAL, leader_skill_level=SkillLevel.SENIOR_TECHNICIAN,
            leader_is_frontline=True, category_statement="详见申报材料。",
            created_by=clerk or world.users["admin"],
            **{f"basic_{k.value}": v for k, v in BASICS.items()},
        )
        kind, level, title = HONOUR_FOR[category]
        submitted_on = date(named_year, 9, 1) if state == S.NAMED else today - timedelta(days=60)
        Honour.objects.create(application=app, kind=kind, level=level, title=title,
                              awarded_on=submitted_on - timedelta(days=240 + index))
        owner_user = clerk or world.users["admin"]
        store_upload(_pdf("领衔人荣誉证书.pdf"), kind=LEADER_EVIDENCE, by=owner_user,
                              allowed=("pdf",), owner=app)
        for material in MaterialKind:
            if material != MaterialKind.OTHER:
                store_upload(_pdf(f"{material.label[:3]}材料.pdf"), kind=material, by=owner_user,
                                      allowed=("pdf",), owner=app)
        if state != S.DRAFT:
            app.submitted_on, app.round = submitted_on, 1
        app.state = state
        if state == S.RETURNED:
            app.last_reason = "（六）效益证明缺少财务部门盖章，请补充后重新提交。"
        if state == S.REJECTED:
            app.last_reason = "服务名牌称号为区级，不符合S§8(六)“市级以上”的要求。"
        if state in (S.RECOMMENDED, S.NAMED):
            app.recommendation = "经考察，条件符合，同意推荐。"
        if state == S.NAMED:
            if named_batch is None:
                named_batch = NamingBatch.objects.create(
                    year=named_year, title=f"{named_year}年度济南市示范性创新工作室命名",
                    meeting_type="party_group", meeting_date=date(named_year, 11, 8),
                    minutes_number=f"党组会纪要〔{named_year}〕21号",
                    document_number=f"济工发〔{named_year}〕36号", named_on=date(named_year, 11, 20),
                    created_by=secretary,
                )
            app.naming_batch, app.year = named_batch, named_year
        app.save()
        record_change(app, actor=None, action="演示数据", to_state=app.get_state_display(), comment=app.last_reason)
        if state in (S.INSPECTED, S.RECOMMENDED, S.NAMED):
            Inspection.objects.create(
                application=app, inspected_on=submitted_on + timedelta(days=30), people="王审核、刘干事",
                findings="场所、制度、台帐齐全，成果应用情况属实。", recorded_by=reviewer,
            )
        if state in (S.RECOMMENDED, S.NAMED):
            for code, _, _ in checklist_items(category):
                ChecklistMark.objects.create(application=app, item=code, met=True, marked_by=reviewer)
        if state == S.DISQUALIFIED:
            CriticismNotice.objects.create(
                application=app, notice_number=f"济工通〔{today.year}〕3号", issued_on=today - timedelta(days=20),
                findings="所附专利证书经核实系伪造。", issued_by=reviewer,
            )
        if status:
            _named(studio, named_batch, status, world, today)


def _named(studio, batch, status, world, today):
    studio.status = StudioStatus.MUNICIPAL_NAMED
    studio.municipal_named_on, studio.naming_year = batch.named_on, batch.year
    studio.naming_document_number, studio.plaque_title = batch.document_number, PLAQUE_TITLE
    studio.save()
    record_change(studio, actor=None, action="市级命名（演示数据）", to_state=studio.get_status_display(),
                  comment=batch.document_number)
    services.notify_funding_studio_named(studio, world.users["secretary"])
    clerk = next((u for u in world.users.values() if u.organisation_id == studio.work_unit.grassroots_union_id
                  and u.has_role("grassroots_clerk")), None)
    for n, (kind, title, applied) in enumerate([
        (LedgerKind.PROJECT, "关键工序效率提升攻关", False), (LedgerKind.PROJECT, "设备故障预警课题", False),
        (LedgerKind.RESULT, "智能巡检工具", True), (LedgerKind.MENTORING, "名师带高徒结对仪式", False),
        (LedgerKind.TRAINING, "技能提升培训班", False),
    ]):
        LedgerEntry.objects.create(studio=studio, kind=kind, happened_on=date(batch.year, 3 + n, 10), title=title,
                                   description="详见附件", participants=12, result_applied=applied,
                                   recorded_by=clerk or world.users["admin"])
    LedgerEntry.objects.create(studio=studio, kind=LedgerKind.PROJECT, happened_on=date(today.year, 4, 1),
                               title="新一年度攻关项目", recorded_by=clerk or world.users["admin"])
    if clerk:
        Assessment.objects.create(studio=studio, year=batch.year, score="91.5",
                                  conclusion=AssessmentConclusion.EXCELLENT, comments="运行规范、成果突出。",
                                  assessed_by=clerk)
    reviewer = world.users["reviewer"]
    if status in (StudioStatus.RECTIFYING, StudioStatus.DELISTED):
        services.spotcheck_record(studio=studio, by=reviewer, data=dict(
            checked_on=today - timedelta(days=90), passed=False, findings="台帐记录不完整，资金使用明细不清。",
            deadline=today + timedelta(days=30) if status == StudioStatus.RECTIFYING else today - timedelta(days=30),
        ))
    if status == StudioStatus.DELISTED:
        services.spotcheck_record(studio=Studio.objects.get(pk=studio.pk), by=reviewer, data=dict(
            checked_on=today - timedelta(days=10), passed=False, findings="整改复查仍未达标，工作室已停止活动。",
        ))
    elif status == StudioStatus.MUNICIPAL_NAMED:
        SpotCheck.objects.create(studio=studio, checked_on=today - timedelta(days=100), passed=True,
                                 findings="运行规范，资金专款专用。", checked_by=reviewer)
