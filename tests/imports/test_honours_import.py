"""SYS-IMPORT: honours and patents (成果) from the archive are the studio's own record (docs/decisions/imports.md):
shown on the studio's page and counted by the category conditions of every application of the studio (STU-TECH,
S§7(一)); problems by row and column; undone while nothing refers to them."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from imports import services
from imports.enums import BatchState
from imports.models import ImportBatch
from jinan_union.audit import history_of
from studios import selectors
from studios import services as studio_services
from studios.enums import HonourKind, Level
from studios.models import Honour
from tests.funding.test_documents import pdf_text
from tests.studios.factories import make_studio

from .factories import filled, honour_row

pytestmark = pytest.mark.rule("SYS-IMPORT")


@pytest.fixture
def studio(world):
    return make_studio(world, name="浪潮张明技能大师创新工作室")


def test_dry_run_lists_every_problem_by_row_and_column(world, client_for, studio):
    lixia = world.users["lixia"]
    rows = [
        honour_row(1),
        honour_row(2, 工作室名称="没有的工作室"),  # row 3: unknown studio
        honour_row(3, 获得日期="2020-02-31"),  # row 4: bad date
        honour_row(4, 名称=honour_row(1)["名称"]),  # row 5: the same honour as row 2
        honour_row(5, 类型="国家发明专利", 级别="省级", **{"证书/专利号": None}),  # row 6: level, and no number
        honour_row(6, 级别=None),  # row 7: no level
        honour_row(7, 获得日期=timezone.localdate() + timedelta(days=3)),  # row 8: future
        honour_row(8, 类型="国家发明专利", 级别=None, **{"证书/专利号": "ZL2019"}),
        honour_row(9, 类型="国家发明专利", 级别=None, **{"证书/专利号": "ZL2019"}),  # row 10: same number as row 9
    ]
    response = client_for("lixia").post(reverse("imports:upload", kwargs={"kind": "honours"}),
                                        {"file": filled("honours", lixia, rows)})
    problems = [(p.row, p.column) for p in response.context["problems"]]
    assert problems == [(3, "工作室名称"), (4, "获得日期"), (5, "名称"), (6, "级别"), (6, "证书/专利号"), (7, "级别"),
                        (8, "获得日期"), (10, "证书/专利号")]
    page = response.content.decode()
    assert "国家发明专利即为国家级" in page and "国家发明专利须填写专利号" in page and "请选择科学技术奖的级别" in page
    assert "同一工作室的同一荣誉与第2行重复" in page and "同一工作室的证书/专利号与第9行重复" in page
    assert Honour.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_an_honour_already_in_an_application_is_already_present(world, studio):
    lixia = world.users["lixia"]
    app = studio_services.application_start(studio=studio, by=lixia)
    studio_services.honour_add(application=app, by=lixia, data=dict(
        kind=HonourKind.SCI_TECH_AWARD, level=Level.PROVINCIAL, title="省科技进步奖", awarded_on=date(2023, 5, 1)))
    from imports.workflows import ImportProblems

    with pytest.raises(ImportProblems) as refused:
        services.batch_create(kind="honours", upload=filled("honours", lixia, [honour_row(
            1, 名称="省科技进步奖", 获得日期=date(2023, 5, 1))]), by=lixia)
    assert [str(p) for p in refused.value.problems] == [
        "第2行“名称”列：“省科技进步奖”已在该工作室的" f"{app.year}年度申报中，不能重复导入。"]


def test_imported_honours_are_the_studios_shown_on_its_page_and_counted_by_its_application(world, client_for, studio):
    lixia = world.users["lixia"]
    app = studio_services.application_start(studio=studio, by=lixia)
    tech = next(c for c in selectors.checks_for(app) if c.rule == "STU-TECH")
    assert not tech.passed
    granted = timezone.localdate() - timedelta(days=200)
    rows = [honour_row(1, 类型="国家发明专利", 级别=None, 名称="一种智能焊接检测装置", 获得日期=granted,
                       **{"证书/专利号": "ZL202310123456.7"}),
            honour_row(2, 获得日期=date(2015, 6, 1))]
    batch = services.batch_create(kind="honours", upload=filled("honours", lixia, rows), by=lixia)
    assert batch.summary == "1 个工作室的 2 项荣誉和专利（其中专利 1 项）"
    services.batch_import(batch=batch, by=lixia)
    patent = Honour.objects.get(number="ZL202310123456.7")
    assert (patent.studio, patent.application, patent.kind, patent.level) == (
        studio, None, HonourKind.INVENTION_PATENT, Level.NATIONAL)
    assert [(e.action, e.actor.username) for e in history_of(patent)] == [("补录成果", "lixia")]
    # Counted: the category condition of the studio's application (S§7(一), within 2 years) now holds.
    tech = next(c for c in selectors.checks_for(app) if c.rule == "STU-TECH")
    assert tech.passed and "一种智能焊接检测装置" in tech.message
    # Shown where the studio's users look: its page, with where it came from.
    page = client_for("lixia").get(reverse("studios:studio-detail", kwargs={"pk": studio.pk})).content.decode()
    assert "一种智能焊接检测装置" in page and "ZL202310123456.7" in page and "往年成果档案（导入）" in page
    assert "国家发明专利" in page and "省级科学技术奖" in page
    # And where the application is filled in, read and printed: the clerk sees what counts (without a 删除 for the
    # archive's records, which are not the application's), the reviewer and the printed form alike.
    client = client_for("lixia")
    step = client.get(reverse("studios:application-edit", kwargs={"pk": app.pk, "step": "category"}))
    step_page = step.content.decode()
    assert "一种智能焊接检测装置" in step_page and step_page.count('data-testid="archive-honour"') == 2
    assert 'name="remove_honour"' not in step_page
    detail = client_for("reviewer").get(reverse("studios:application-detail", kwargs={"pk": app.pk}))
    assert "一种智能焊接检测装置" in detail.content.decode() and "ZL202310123456.7" in detail.content.decode()
    pdf = client.get(reverse("studios:application-pdf", args=[app.pk]))
    assert "一种智能焊接检测装置" in pdf_text(pdf)


def test_an_honour_belongs_to_an_application_or_to_the_studio_never_both_or_none(world, studio):
    lixia = world.users["lixia"]
    app = studio_services.application_start(studio=studio, by=lixia)
    fields = dict(kind=HonourKind.OTHER, level=Level.MUNICIPAL, title="某称号", awarded_on=date(2020, 1, 1))
    for owner in ({}, {"studio": studio, "application": app}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Honour.objects.create(**fields, **owner)


def test_undo_removes_the_imported_honours(world, studio):
    reviewer = world.users["reviewer"]
    batch = services.batch_create(kind="honours", upload=filled("honours", reviewer, [honour_row(n) for n in range(3)]),
                                  by=reviewer)
    services.batch_import(batch=batch, by=reviewer)
    assert Honour.objects.filter(studio=studio).count() == 3
    services.batch_undo(batch=batch, by=reviewer, reason="获得日期整体填错")
    batch.refresh_from_db()
    assert batch.status == BatchState.UNDONE and Honour.objects.count() == 0
