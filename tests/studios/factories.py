"""Building studios and applications through the services, as the pages do."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jinan_union.workflow import move
from studios import services
from studios.enums import (
    LEADER_EVIDENCE,
    ApplicationState,
    BasicCondition,
    HonourKind,
    LeaderQualification,
    Level,
    MaterialKind,
    StudioCategory,
    checklist_items,
)
from studios.models import Application, Call, NamingBatch, Studio
from tests.conftest import make_pdf

UNIT = "山东浪潮通用软件有限公司"


def open_call(world, opens_on=None, closes_on=None, year=None) -> Call:
    """This year's call (STU-CALL), open until today: the windows count back from today, as before calls."""
    today = timezone.localdate()
    found = Call.objects.filter(year=year or today.year).first()
    if found:
        return found
    return services.call_publish(by=world.users["reviewer"], data=dict(
        year=year or today.year, title=f"关于开展{year or today.year}年度市级示范性创新工作室申报工作的通知",
        opens_on=opens_on or today - timedelta(days=30), closes_on=closes_on or today,
        categories=list(StudioCategory.values), notice="各系统工会：现将申报工作通知如下……",
    ))


def make_studio(world, name="浪潮张明技能大师创新工作室", unit=UNIT, named_on=None, clerk="lixia", with_call=True,
                **extra) -> Studio:
    if with_call:
        open_call(world)
    unit_obj = world.units[unit]
    clerk_user = world.users[clerk] if unit_obj.system_union.name == "历下区总工会" else None
    data = dict(
        name=name, work_unit=unit_obj, category=StudioCategory.TECH, leader_name="张明",
        system_named_on=named_on or date(2022, 3, 1), member_count=12,
    )
    data.update(extra)
    if clerk_user is None:
        return Studio.objects.create(system_union=unit_obj.system_union, **data)
    return services.studio_register(by=clerk_user, data=data)


def pdf(name="材料.pdf"):
    return SimpleUploadedFile(name, make_pdf(name), content_type="application/pdf")


def fill_application(app: Application, by, award_on=None, materials=True) -> Application:
    services.application_save(application=app, by=by, changes={
        **{f"basic_{c.value}": f"{c.label}：情况说明" for c in BasicCondition},
        "leader_qualification": LeaderQualification.MODEL_WORKER,
        "leader_title_level": Level.MUNICIPAL,
        "leader_position": "高级技师",
    })
    services.file_add(application=app, by=by, kind=LEADER_EVIDENCE, upload=pdf("劳模证书.pdf"))
    services.honour_add(application=app, by=by, data=dict(
        kind=HonourKind.INVENTION_PATENT, level=Level.NATIONAL, title="一种服务器散热装置",
        awarded_on=award_on or timezone.localdate() - timedelta(days=200), number="ZL2025 1 0000001.X",
    ))
    if materials:
        for kind in MaterialKind:
            if kind != MaterialKind.OTHER:
                services.file_add(application=app, by=by, kind=kind, upload=pdf())
    return app


def ready_application(world, studio=None, clerk="lixia") -> Application:
    studio = studio or make_studio(world)
    open_call(world)
    by = world.users[clerk]
    app = services.application_start(studio=studio, by=by)
    return fill_application(app, by)


def mark_all(app, reviewer, met=True):
    services.checklist_mark(application=app, by=reviewer, marks={
        code: (met, "") for code, _, _ in checklist_items(app.category)
    })


def recommended_application(world, studio=None) -> Application:
    app = ready_application(world, studio)
    reviewer = world.users["reviewer"]
    app = move(app, "submit", by=world.users["lixia"])
    mark_all(app, reviewer)
    services.inspection_record(application=app, by=reviewer, inspected_on=timezone.localdate(),
                               people="王审核、刘干事", findings="场所、制度、台帐齐全。")
    return move(Application.objects.get(pk=app.pk), "recommend", by=reviewer, comment="同意推荐")


def batch_with_meeting(world, year=None) -> NamingBatch:
    secretary = world.users["secretary"]
    batch = services.batch_create(by=secretary, year=year or timezone.localdate().year, title="2026年度命名")
    return services.batch_record_meeting(batch=batch, by=secretary, meeting_type="party_group",
                                         meeting_date=timezone.localdate(), minutes_number="党组会纪要〔2026〕12号")


def named_directly(world, count: int, year: int, prefix: str = "已命名工作室") -> list[Studio]:
    """`count` studios already named in `year`, made straight in the database (for the quota tests)."""
    batch = NamingBatch.objects.create(year=year, title=f"{year}年度（已命名）", created_by=world.users["secretary"],
                                       meeting_type="party_group", meeting_date=date(year, 1, 10),
                                       minutes_number="纪要1号", document_number="济工发〔2026〕1号",
                                       named_on=date(year, 1, 20))
    unit = world.units["济南市中区热力有限公司"]
    studios = []
    for i in range(count):
        studio = Studio.objects.create(
            name=f"{prefix}{i + 1}", system_union=unit.system_union, work_unit=unit, category=StudioCategory.TECH,
            leader_name="某", system_named_on=date(2020, 1, 1), status="municipal_named", naming_year=year,
        )
        Application.objects.create(studio=studio, year=year, category=StudioCategory.TECH,
                                   state=ApplicationState.NAMED, naming_batch=batch,
                                   created_by=world.users["shizhong"])
        studios.append(studio)
    return studios


def showcased_studio(world, name="浪潮张明技能大师创新工作室", approve=True):
    """STU-PUBLIC: a studio named at municipal level with a ledger result (and its photo, and a private PDF),
    whose union proposed a showcase of that result and photo; approved by the reviewer unless `approve=False`."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from studios import selectors
    from studios.enums import LedgerKind, StudioStatus
    from tests.conftest import make_png

    studio = make_studio(world, name=name)
    Studio.objects.filter(pk=studio.pk).update(status=StudioStatus.MUNICIPAL_NAMED, naming_year=2025)
    studio.refresh_from_db()
    clerk = world.users["langchao"]
    entry = services.ledger_add(studio=studio, by=clerk, data=dict(
        kind=LedgerKind.RESULT, happened_on=date(2025, 5, 10), title="智能巡检工具", result_applied=True,
        description="内部说明：节约成本¥120,000.00"), files=[SimpleUploadedFile("巡检.png", make_png(), "image/png")])
    services.ledger_add(studio=studio, by=clerk, data=dict(
        kind=LedgerKind.RESULT, happened_on=date(2025, 6, 10), title="未公开的成果", result_applied=True),
        files=[SimpleUploadedFile("未选.png", make_png(), "image/png"), pdf("内部.pdf")])
    photo = selectors.showcase_photo_choices(studio).get(object_id=entry.pk)
    showcase = services.showcase_propose(studio=studio, by=world.users["lixia"], data=dict(
        intro="工作室围绕关键工序开展技术攻关。", leader_honours="全国五一劳动奖章", results=[entry], photos=[photo]))
    if approve:
        showcase = move(showcase, "approve", by=world.users["reviewer"])
    return showcase
