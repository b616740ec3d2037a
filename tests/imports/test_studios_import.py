"""SYS-IMPORT: studios named earlier, from the template to the records, through a dry run that lists every
problem by row and column; all rows or none; undone as a whole while nothing refers to them."""

from datetime import date

import pytest
from django.urls import reverse

from imports import services
from imports.enums import BatchState
from imports.models import ImportBatch
from imports.workflows import ImportProblems
from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from studios.enums import StudioStatus
from studios.models import Application, Studio

from .factories import filled, studio_row

pytestmark = pytest.mark.rule("SYS-IMPORT")


def upload(client, kind, file):
    return client.post(reverse("imports:upload", kwargs={"kind": kind}), {"file": file})


def test_two_hundred_rows_import_after_a_dry_run_that_caught_three_planted_errors(world, client_for):
    reviewer = world.users["reviewer"]
    client = client_for("reviewer")
    rows = [studio_row(n) for n in range(200)]
    rows[10]["所在单位"] = "不存在的单位"  # row 12
    rows[57]["系统工会命名日期"] = "2016-13-45"  # row 59
    rows[140]["工作室名称"] = rows[3]["工作室名称"]  # row 142: same unit (both even) and name as row 5
    rows[140]["所在单位"] = rows[3]["所在单位"]
    response = upload(client, "studios", filled("studios", reviewer, rows))
    assert response.status_code == 200
    problems = [(p.row, p.column) for p in response.context["problems"]]
    assert problems == [(12, "所在单位"), (59, "系统工会命名日期"), (142, "工作室名称")]
    page = response.content.decode()
    assert "第12行" in page and "系统中没有名为“不存在的单位”的单位" in page
    assert "不是有效日期" in page and "与第5行重复" in page
    assert Studio.objects.count() == 0 and ImportBatch.objects.count() == 0  # nothing written

    rows[10]["所在单位"] = "山东浪潮通用软件有限公司"
    rows[57]["系统工会命名日期"] = date(2016, 3, 1)
    rows[140]["工作室名称"] = "改正后的工作室"
    rows[5]["市级命名日期"], rows[5]["市级命名文号"] = date(2019, 12, 10), "济工发〔2019〕48号"
    rows[6]["市级命名日期"], rows[6]["市级命名文号"] = date(2021, 6, 1), "济工发〔2021〕20号"
    response = upload(client, "studios", filled("studios", reviewer, rows))
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("imports:detail", kwargs={"pk": batch.pk})
    assert (batch.status, batch.row_count) == (BatchState.PENDING, 200)
    assert Studio.objects.count() == 0  # the dry run wrote the batch only

    client.post(reverse("imports:confirm", kwargs={"pk": batch.pk}))
    batch.refresh_from_db()
    assert batch.status == BatchState.IMPORTED
    assert Studio.objects.count() == 200 and batch.records.count() == 200
    old = Studio.objects.get(name=rows[5]["工作室名称"])
    new = Studio.objects.get(name=rows[6]["工作室名称"])
    assert (old.status, old.naming_year, old.naming_document_number) == (StudioStatus.MUNICIPAL_NAMED, 2019,
                                                                           "济工发〔2019〕48号")
    assert old.plaque_title == "" and new.plaque_title == "济南市示范性劳模和工匠人才创新工作室"
    actions = [(e.action, e.actor.username) for e in history_of(old)]
    assert actions == [("补录登记", "reviewer"), ("补录市级命名", "reviewer")]
    assert "济工〔2015〕26号" in list(history_of(old))[1].comment
    assert "《济南市劳模和工匠人才创新工作室管理办法》" in list(history_of(new))[1].comment
    assert [e.action for e in history_of(batch)] == ["上传并试导入", "确认导入"]


def test_all_rows_or_none_when_the_database_changed_after_the_dry_run(world):
    reviewer = world.users["reviewer"]
    batch = services.batch_create(kind="studios", upload=filled("studios", reviewer, [studio_row(n) for n in range(5)]),
                                  by=reviewer)
    # Meanwhile the clerk registers the studio of row 6 through the page.
    from studios.services import studio_register

    studio_register(by=world.users["lixia"], data={
        "name": "往年创新工作室004", "work_unit": world.units["山东浪潮通用软件有限公司"], "category": "tech",
        "leader_name": "某", "system_named_on": date(2016, 1, 1),
    })
    with pytest.raises(ImportProblems) as refused:
        services.batch_import(batch=batch, by=reviewer)
    assert [(p.row, p.column) for p in refused.value.problems] == [(6, "工作室名称")]
    batch.refresh_from_db()
    assert batch.status == BatchState.PENDING
    assert Studio.objects.count() == 1  # none of the five


def test_a_failure_while_writing_leaves_nothing(world, monkeypatch):
    reviewer = world.users["reviewer"]
    batch = services.batch_create(kind="studios", upload=filled("studios", reviewer, [studio_row(n) for n in range(4)]),
                                  by=reviewer)
    from imports.kinds import studios as kind

    original = kind.Studio.objects.create
    calls = []

    def fail_on_third(**values):
        calls.append(1)
        if len(calls) == 3:
            raise DomainError("写入失败")
        return original(**values)

    monkeypatch.setattr(kind.Studio.objects, "create", fail_on_third)
    with pytest.raises(DomainError):
        services.batch_import(batch=batch, by=reviewer)
    assert Studio.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == BatchState.PENDING


def test_undo_removes_the_whole_import_and_keeps_its_history(world, client_for):
    reviewer = world.users["reviewer"]
    batch = services.batch_create(kind="studios", upload=filled("studios", reviewer, [studio_row(n) for n in range(3)]),
                                  by=reviewer)
    services.batch_import(batch=batch, by=reviewer)
    ids = list(Studio.objects.values_list("pk", flat=True))
    client = client_for("reviewer")
    refused = client.post(reverse("imports:undo", kwargs={"pk": batch.pk}), {"comment": ""})
    assert "请填写撤销原因" in refused.content.decode()
    client.post(reverse("imports:undo", kwargs={"pk": batch.pk}), {"comment": "模板填错了年份"})
    batch.refresh_from_db()
    assert batch.status == BatchState.UNDONE
    assert Studio.objects.count() == 0
    assert [e.action for e in history_of(batch)] == ["上传并试导入", "确认导入", "撤销导入"]
    assert list(history_of(batch))[-1].comment == "模板填错了年份"
    from django.contrib.contenttypes.models import ContentType

    from jinan_union.models import AuditEntry

    kept = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Studio), object_id__in=ids)
    assert sorted(set(kept.values_list("action", flat=True))) == ["撤销导入", "补录登记"]
    # The same workbook can be imported again.
    again = services.batch_create(kind="studios", upload=filled("studios", reviewer, [studio_row(n) for n in range(3)]),
                                  by=reviewer)
    services.batch_import(batch=again, by=reviewer)
    assert Studio.objects.count() == 3


def test_undo_is_refused_while_something_refers_to_the_imported_studios(world, client_for):
    reviewer = world.users["reviewer"]
    batch = services.batch_create(kind="studios", upload=filled("studios", reviewer, [studio_row(n) for n in range(3)]),
                                  by=reviewer)
    services.batch_import(batch=batch, by=reviewer)
    from studios.services import application_start

    studio = Studio.objects.get(name="往年创新工作室001")
    application_start(studio=studio, by=world.users["lixia"])
    response = client_for("reviewer").post(reverse("imports:undo", kwargs={"pk": batch.pk}), {"comment": "撤销"},
                                           follow=True)
    page = response.content.decode()
    assert "导入的记录已在使用中，不能整批撤销" in page and "市级命名申报" in page
    batch.refresh_from_db()
    assert batch.status == BatchState.IMPORTED
    assert Studio.objects.count() == 3 and Application.objects.count() == 1


def test_a_system_clerk_imports_its_own_studios_only(world, client_for):
    lixia = world.users["lixia"]
    rows = [studio_row(0), studio_row(1, 系统工会="市中区总工会", 所在单位="济南市中区热力有限公司"),
            studio_row(2, 市级命名日期=date(2019, 1, 1), 市级命名文号="济工发〔2019〕1号"),
            studio_row(3, 系统工会="济南市建筑业产业工会", 所在单位="中建八局济南分公司")]
    response = upload(client_for("lixia"), "studios", filled("studios", lixia, rows))
    problems = {(p.row, p.column): p.message for p in response.context["problems"]}
    assert problems[(3, "系统工会")] == "只能导入本系统工会（历下区总工会）的工作室。"
    assert problems[(4, "市级命名日期")].startswith("市级命名只能由市总工会生产保护部补录")
    assert "不能命名创新工作室（《管理办法》第六条第（一）项）" in problems[(5, "系统工会")]
    assert Studio.objects.count() == 0
    ok = upload(client_for("lixia"), "studios", filled("studios", lixia, [studio_row(0)]))
    batch = ImportBatch.objects.get()
    assert ok.status_code == 302 and batch.union == world.system_unions["历下区总工会"]
    # Another union's clerk can neither see nor confirm it (forged id): 404.
    other = client_for("shizhong")
    assert other.get(reverse("imports:detail", kwargs={"pk": batch.pk})).status_code == 404
    assert other.post(reverse("imports:confirm", kwargs={"pk": batch.pk})).status_code == 404
    assert other.post(reverse("imports:undo", kwargs={"pk": batch.pk}), {"comment": "x"}).status_code == 404
    # Finance may not import studios at all.
    assert client_for("finance").post(reverse("imports:confirm", kwargs={"pk": batch.pk})).status_code == 404
    with pytest.raises(DomainError):
        services.batch_import(batch=batch, by=world.users["shizhong"])
    client_for("lixia").post(reverse("imports:confirm", kwargs={"pk": batch.pk}))
    assert Studio.objects.get().system_union.name == "历下区总工会"


def test_the_measure_must_fit_the_naming_date_and_the_quota_holds(world):
    reviewer = world.users["reviewer"]
    rows = [studio_row(0, 市级命名日期=date(2021, 5, 1), 市级命名文号="济工发〔2021〕1号",
                       命名依据="2015年办法（济工〔2015〕26号，已废止）")]
    rows += [studio_row(n, 市级命名日期=date(2022, 5, 1), 市级命名文号=f"济工发〔2022〕{n}号") for n in range(1, 12)]
    run = services.dry_run(kind="studios", upload=filled("studios", reviewer, rows), by=reviewer)
    messages = {(p.row, p.column): p.message for p in run.problems}
    assert "《管理办法》第二十四条" in messages[(2, "命名依据")]
    assert list(messages) == [(2, "命名依据"), (13, "市级命名日期")]
    assert "每年命名不超过10家（《管理办法》第六条）" in messages[(13, "市级命名日期")]
