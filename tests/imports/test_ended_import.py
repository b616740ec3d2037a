"""SYS-IMPORT, STU-REVOKE, STU-SPOTCHECK: studios de-listed (摘牌) or revoked (撤销命名) before the system — imported
as named, then the decision recorded as the pages record it (StudioDecision) and moved through the workflow, the
history saying it came from the import; no money for them (FUN-FREEZE); undone while nothing refers to them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from imports import services
from imports.enums import BatchState
from imports.models import ImportBatch
from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from studios.enums import DecisionKind, DecisionReason, StudioStatus
from studios.models import Studio, StudioDecision

from .factories import ended_row, filled

pytestmark = [pytest.mark.rule("SYS-IMPORT"), pytest.mark.rule("STU-REVOKE")]


def test_dry_run_lists_every_problem_by_row_and_column(world, client_for):
    reviewer = world.users["reviewer"]
    rows = [
        ended_row(1),
        ended_row(2, 市级命名日期=None, 市级命名文号=None),  # row 3: not named at municipal level
        ended_row(3, 原因="弄虚作假"),  # row 4: fraud revokes; and no notice number
        ended_row(4, 决定="撤销命名"),  # row 5: a failed re-check de-lists
        ended_row(5, 会议日期="2022-02-30"),  # row 6: bad date
        ended_row(6, 发文日期=date(2022, 3, 1), 会议日期=date(2022, 3, 10)),  # row 7: published before the meeting
        ended_row(7, 系统工会="不存在的工会"),  # row 8: unknown union
        ended_row(8, 会议日期=timezone.localdate() + timedelta(days=5)),  # row 9: meeting in the future
        ended_row(9, 工作室名称=ended_row(1)["工作室名称"], 所在单位=ended_row(1)["所在单位"]),  # row 10: duplicate
    ]
    response = client_for("reviewer").post(reverse("imports:upload", kwargs={"kind": "ended"}),
                                           {"file": filled("ended", reviewer, rows)})
    problems = [(p.row, p.column) for p in response.context["problems"]]
    assert problems == [
        (3, "市级命名日期"), (3, "市级命名文号"), (4, "原因"), (4, "通报批评文号"), (5, "原因"), (6, "会议日期"),
        (7, "发文日期"), (8, "系统工会"), (9, "会议日期"), (9, "发文日期"), (10, "工作室名称")]
    page = response.content.decode()
    assert "弄虚作假的应撤销命名（《管理办法》第十条）" in page
    assert "“整改复查不达标”的应摘牌（《管理办法》第十七条）" in page
    assert "发文日期不能早于会议日期" in page and "系统中没有名为“不存在的工会”的系统工会" in page
    assert Studio.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_only_the_reviewer_imports_ended_studios(world, client_for):
    assert client_for("lixia").get(reverse("imports:template", kwargs={"kind": "ended"})).status_code == 403
    with pytest.raises(DomainError, match="只有市总工会生产保护部审核人可以导入往年摘牌或撤销命名的创新工作室"):
        services.batch_create(kind="ended", upload=filled("ended", world.users["reviewer"], [ended_row(1)]),
                              by=world.users["lixia"])


def test_the_decision_is_recorded_as_the_pages_record_it_and_moved_through_the_workflow(world, client_for):
    reviewer = world.users["reviewer"]
    rows = [ended_row(1),
            ended_row(2, 原因="弄虚作假", 决定="撤销命名", 通报批评文号="济工通〔2022〕2号",
                      查实的情况="申报材料中专利证书系伪造")]
    batch = services.batch_create(kind="ended", upload=filled("ended", reviewer, rows), by=reviewer)
    assert batch.summary == "2 个工作室（摘牌 1 个，撤销命名 1 个）"
    services.batch_import(batch=batch, by=reviewer)
    delisted = Studio.objects.get(name=rows[0]["工作室名称"])
    revoked = Studio.objects.get(name=rows[1]["工作室名称"])
    assert (delisted.status, delisted.delisted_on, delisted.naming_year) == (StudioStatus.DELISTED, date(2022, 4, 1),
                                                                             2019)
    assert delisted.delisted_reason == "整改复查不达标：2021年抽查不达标，限期整改后复查仍未达到要求"
    assert revoked.status == StudioStatus.REVOKED
    decision = StudioDecision.objects.get(studio=delisted)
    assert (decision.kind, decision.reason, decision.meeting_date, decision.minutes_number, decision.document_number,
            decision.decided_on, decision.decided_by) == (
        DecisionKind.DELIST, DecisionReason.FAILED_RECHECK, date(2022, 3, 20), "党组会纪要〔2022〕5号",
        "济工发〔2022〕30号", date(2022, 4, 1), reviewer)
    assert StudioDecision.objects.get(studio=revoked).notice_number == "济工通〔2022〕2号"
    # The history shows it came from the import.
    entries = list(history_of(delisted))
    assert [(e.action, e.actor.username, e.to_state) for e in entries][-1] == ("补录摘牌", "reviewer", "已摘牌")
    assert [e.action for e in entries] == ["补录登记", "补录市级命名", "补录摘牌"]
    assert f"{batch}第2行：济工发〔2022〕30号（党组会2022-03-20，纪要党组会纪要〔2022〕5号）" in entries[-1].comment
    assert "通报批评济工通〔2022〕2号" in history_of(revoked).last().comment
    assert history_of(revoked).last().action == "补录撤销命名"
    page = client_for("reviewer").get(reverse("studios:studio-detail", kwargs={"pk": delisted.pk})).content.decode()
    assert "已于2022-04-01摘牌" in page and "补录摘牌" in page


@pytest.mark.rule("FUN-FREEZE")
def test_a_revoked_or_delisted_imported_studio_gets_no_money(world):
    from funding.models import Grant
    from funding.services import grant_create

    reviewer = world.users["reviewer"]
    batch = services.batch_create(kind="ended", upload=filled("ended", reviewer, [
        ended_row(1), ended_row(2, 原因="弄虚作假", 决定="撤销命名", 通报批评文号="济工通〔2022〕2号")]), by=reviewer)
    services.batch_import(batch=batch, by=reviewer)
    assert not Grant.objects.exists()  # the import names no studio in the system: no grant is made
    for studio in Studio.objects.all():
        with pytest.raises(DomainError):
            grant_create(studio=studio, by=reviewer)
    assert not Grant.objects.exists()


def test_the_moves_of_the_archive_are_refused_on_a_studio_with_work_in_the_system(world):
    """补录摘牌 stands on a recorded decision, and only for a studio that did nothing in the system: a studio named
    through an application is de-listed by the decision page (studio_decide), never by the archive's move."""
    from jinan_union.workflow import move
    from tests.studios.factories import named_directly

    reviewer = world.users["reviewer"]
    studio = named_directly(world, 1, 2024)[0]
    with pytest.raises(DomainError, match="请先记录党组会/主席办公会的决定和发文文号"):
        move(studio, "import_delisted", by=reviewer)
    StudioDecision.objects.create(
        studio=studio, kind=DecisionKind.DELIST, reason=DecisionReason.OVERDUE, findings="逾期",
        meeting_type="party_group",
        meeting_date=date(2025, 1, 5), minutes_number="纪要1号", document_number="济工发〔2025〕1号",
        decided_on=date(2025, 1, 6), decided_by=world.users["secretary"])
    with pytest.raises(DomainError, match="该工作室已在系统中办理过业务，不能补录摘牌或撤销命名"):
        move(studio, "import_delisted", by=reviewer)
    with pytest.raises(DomainError, match="市级命名只能由市总工会生产保护部补录"):
        move(studio, "import_revoked", by=world.users["secretary"])
    studio.refresh_from_db()
    assert studio.status == StudioStatus.MUNICIPAL_NAMED


def test_undo_removes_studio_and_decision_while_nothing_refers_to_them(world):
    reviewer = world.users["reviewer"]
    batch = services.batch_create(kind="ended", upload=filled("ended", reviewer, [ended_row(n) for n in range(3)]),
                                  by=reviewer)
    services.batch_import(batch=batch, by=reviewer)
    assert batch.records.count() == 6  # a studio and its decision per row
    services.batch_undo(batch=batch, by=reviewer, reason="会议日期整体填错")
    batch.refresh_from_db()
    assert batch.status == BatchState.UNDONE
    assert Studio.objects.count() == 0 and StudioDecision.objects.count() == 0
    # Imported again, the same workbook passes its dry run.
    again = services.batch_create(kind="ended", upload=filled("ended", reviewer, [ended_row(n) for n in range(3)]),
                                  by=reviewer)
    services.batch_import(batch=again, by=reviewer)
    assert Studio.objects.filter(status=StudioStatus.DELISTED).count() == 3


def test_undo_is_refused_once_something_refers_to_the_studio(world):
    from jinan_union.files import store_upload
    from tests.conftest import make_pdf

    reviewer = world.users["reviewer"]
    batch = services.batch_create(kind="ended", upload=filled("ended", reviewer, [ended_row(1)]), by=reviewer)
    services.batch_import(batch=batch, by=reviewer)
    studio = Studio.objects.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jinan_union.enums import FileType

    pdf = SimpleUploadedFile("决定.pdf", make_pdf("决定"), content_type="application/pdf")
    store_upload(pdf, kind="spotcheck_file", by=reviewer, allowed=(FileType.PDF,), owner=studio)
    with pytest.raises(DomainError, match="已上传了附件"):
        services.batch_undo(batch=batch, by=reviewer, reason="撤销")
    batch.refresh_from_db()
    assert batch.status == BatchState.IMPORTED and Studio.objects.count() == 1
