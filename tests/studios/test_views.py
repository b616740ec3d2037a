"""Pages: the journey through the test client, scoping, N+1 guards, documents."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from studios.enums import ApplicationState, MaterialKind, StudioStatus
from studios.models import Application, Studio

from .factories import batch_with_meeting, make_studio, named_directly, ready_application, recommended_application

TODAY = timezone.localdate


def test_clerk_registers_a_studio(client_for, world):
    unit = world.units["山东浪潮通用软件有限公司"]
    response = client_for("lixia").post(reverse("studios:studio-new"), {
        "name": "浪潮新工作室", "work_unit": unit.pk, "category": "tech", "leader_name": "张明",
        "members": "", "member_count": 9, "system_named_on": "2023-04-01",
        "system_document_number": "历工字〔2023〕5号",
    })
    studio = Studio.objects.get(name="浪潮新工作室")
    assert response.status_code == 302
    assert (studio.system_union, studio.status) == (world.system_unions["历下区总工会"], StudioStatus.SYSTEM_NAMED)


def test_clerk_cannot_register_for_another_unions_unit(client_for, world):
    unit = world.units["济南市中区热力有限公司"]
    response = client_for("lixia").post(reverse("studios:studio-new"), {
        "name": "越权", "work_unit": unit.pk, "category": "tech", "leader_name": "某", "member_count": 1,
        "system_named_on": "2023-04-01",
    })
    assert response.status_code == 200
    assert not Studio.objects.filter(name="越权").exists()


@pytest.mark.rule("STU-MATERIALS")
@pytest.mark.rule("SYS-ERR")
def test_a_bad_file_is_refused_next_to_its_field_and_the_good_ones_are_kept(client_for, world, pdf_file):
    app = ready_application(world)
    url = reverse("studios:application-edit", args=[app.pk, "materials"])
    response = client_for("lixia").post(url, {
        MaterialKind.OTHER: SimpleUploadedFile("伪装.pdf", b"MZ not a pdf", content_type="application/pdf"),
        MaterialKind.FORM: pdf_file("申报表签章.pdf"), "next": "materials",
    })
    assert response.status_code == 200
    assert "文件“伪装.pdf”的内容不是允许的类型" in response.content.decode()
    names = [a.original_name for a in app_attachments(app, MaterialKind.FORM)]
    assert "申报表签章.pdf" in names


def app_attachments(app, kind):
    from jinan_union.files import attachments_of

    return attachments_of(app, kind)


@pytest.mark.rule("STU-FLOW")
def test_pre_submit_page_lists_checks_and_blocks_a_failing_application(client_for, world):
    app = ready_application(world)
    app.honours.update(awarded_on=TODAY() - timedelta(days=365 * 3))
    client = client_for("lixia")
    page = client.get(reverse("studios:application-check", args=[app.pk])).content.decode()
    assert "《管理办法》第七条第（一）项" in page
    assert 'data-testid="submit-blocked"' in page
    response = client.post(reverse("studios:application-check", args=[app.pk]))
    assert response.status_code == 200
    assert Application.objects.get(pk=app.pk).state == ApplicationState.DRAFT


@pytest.mark.rule("STU-FLOW")
def test_reviewer_return_without_reason_is_refused_with_message(client_for, world):
    app = ready_application(world)
    client_for("lixia").post(reverse("studios:application-check", args=[app.pk]))
    reviewer = client_for("reviewer")
    response = reviewer.post(reverse("studios:application-action", args=[app.pk]),
                             {"action": "return", "reason": ""}, follow=True)
    assert "退回修改须填写原因。" in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == ApplicationState.SUBMITTED


@pytest.mark.rule("STU-QUOTA")
def test_secretary_sees_the_eleventh_refused_on_the_batch_page(client_for, world):
    named_directly(world, 10, TODAY().year)
    app = recommended_application(world)
    batch = batch_with_meeting(world)
    client = client_for("secretary")
    client.post(reverse("studios:batch-detail", args=[batch.pk]), {"op": "add", "application": [app.pk]})
    response = client.post(reverse("studios:application-action", args=[app.pk]),
                           {"action": "approve", "back": "batch"}, follow=True)
    assert f"《管理办法》第六条：{TODAY().year}年度已审定/命名10家，已达每年10家的上限，不能再审定或命名第11家。" in (
        response.content.decode()
    )
    assert Application.objects.get(pk=app.pk).state == ApplicationState.RECOMMENDED


@pytest.mark.rule("SYS-SCOPE")
def test_other_union_gets_404_on_studio_and_application(client_for, world):
    app = ready_application(world)
    assert client_for("shizhong").get(reverse("studios:studio-detail", args=[app.studio_id])).status_code == 404
    assert client_for("shizhong").get(reverse("studios:application-detail", args=[app.pk])).status_code == 404


@pytest.mark.rule("SYS-SCOPE")
def test_lists_are_scoped(client_for, world):
    make_studio(world)
    named_directly(world, 2, 2025)  # 市中区's studios
    page = client_for("lixia").get(reverse("studios:studio-list")).content.decode()
    assert "浪潮张明技能大师创新工作室" in page
    assert "已命名工作室1" not in page


# --- exports run in the background (jinan_union.exports) with the list's query string ---------------------


def _export(client, name, query=""):
    """Start the export as the list's button does, then read the finished workbook's data rows."""
    from jinan_union.models import ExportJob
    from tests import sheets

    response = client.post(reverse("export-start", kwargs={"name": name}) + (f"?{query}" if query else ""),
                           {"title": "导出"})
    job = ExportJob.objects.latest("pk")
    assert response["Location"] == reverse("export-progress", kwargs={"uuid": job.uuid})
    assert job.status == "done", job.error
    download = client.get(reverse("export-download", kwargs={"uuid": job.uuid}))
    read = sheets.read(download)
    assert job.rows_total == len(read.rows)
    return list(read.header), [list(r) for r in read.rows]


def _other_unions_studios(world):
    named_directly(world, 2, 2025)  # 市中区's
    Studio.objects.filter(name="已命名工作室2").update(category="service")


@pytest.mark.rule("SYS-SCOPE")
def test_studio_export_has_the_filtered_rows_the_user_sees(client_for, world):
    make_studio(world, name="浪潮技术工作室")
    make_studio(world, name="浪潮服务工作室", category="service")
    _other_unions_studios(world)
    client = client_for("lixia")
    headers, rows = _export(client, "studios-studios", "category=service")
    assert headers == ["序号", "工作室", "系统工会", "所在单位", "类别", "领衔人", "状态", "命名年度", "命名文号",
                       "市级命名日期", "牌匾"]
    assert [r[1:7] for r in rows] == [
        ["浪潮服务工作室", "历下区总工会", "山东浪潮通用软件有限公司", "服务创新型", "张明", "系统工会命名"]]
    _, rows = _export(client, "studios-studios")
    assert sorted(r[1] for r in rows) == ["浪潮技术工作室", "浪潮服务工作室"]
    _, rows = _export(client_for("shizhong"), "studios-studios", "category=service")
    assert [r[1] for r in rows] == ["已命名工作室2"]
    _, rows = _export(client_for("reviewer"), "studios-studios", "category=service&q=%E6%B5%AA%E6%BD%AE")
    assert [r[1] for r in rows] == ["浪潮服务工作室"]


@pytest.mark.rule("SYS-SCOPE")
def test_application_export_has_the_filtered_rows_the_user_sees(client_for, world):
    ready_application(world)
    _other_unions_studios(world)
    _, rows = _export(client_for("reviewer"), "studios-applications", "state=named")
    assert sorted(r[2] for r in rows) == ["已命名工作室1", "已命名工作室2"]
    _, rows = _export(client_for("lixia"), "studios-applications", "state=named")
    assert rows == []
    _, rows = _export(client_for("lixia"), "studios-applications")
    assert [(r[2], r[7]) for r in rows] == [("浪潮张明技能大师创新工作室", "草稿")]


def test_application_export_is_refused_to_roles_without_the_list(client_for, world):
    from jinan_union.models import ExportJob

    ready_application(world)
    client_for("finance").post(reverse("export-start", kwargs={"name": "studios-applications"}))
    job = ExportJob.objects.get()
    assert (job.status, job.error) == ("failed", "导出失败：您的角色无权导出市级命名申报列表")


def test_list_pages_post_their_query_string_to_the_background_export(client_for, world):
    page = client_for("reviewer").get(reverse("studios:studio-list") + "?category=tech&q=x").content.decode()
    action = reverse("export-start", kwargs={"name": "studios-studios"}) + "?category=tech&amp;q=x"
    assert f'<form method="post" action="{action}"' in page
    page = client_for("reviewer").get(reverse("studios:application-list")).content.decode()
    assert f'action="{reverse("export-start", kwargs={"name": "studios-applications"})}"' in page


def test_application_form_and_naming_annex_are_pdfs(client_for, world):
    app = ready_application(world)
    response = client_for("lixia").get(reverse("studios:application-pdf", args=[app.pk]))
    assert response.content[:5] == b"%PDF-"
    batch = batch_with_meeting(world)
    response = client_for("secretary").get(reverse("studios:batch-annex", args=[batch.pk]))
    assert response.content[:5] == b"%PDF-"


# --- N+1 guards: the same number of queries with 1 and 5 rows --------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


DEADLINE = TODAY() + timedelta(days=45)
RECTIFYING_BADGE = ('<span class="badge text-bg-warning" data-testid="studio-status">'
                    f"整改中（限{DEADLINE:%Y-%m-%d}前）</span>")


def _make_rectifying(studios):
    """STU-SPOTCHECK: the status with its deadline must show on every list that names the studio."""
    Studio.objects.filter(pk__in=[s.pk for s in studios]).update(
        status=StudioStatus.RECTIFYING, rectification_deadline=DEADLINE)


def test_studio_list_query_count_is_constant(client_for, world):
    client = client_for("reviewer")
    url = reverse("studios:studio-list")
    _make_rectifying([make_studio(world, name="工作室0")])
    one = _queries(client, url)
    _make_rectifying([make_studio(world, name=f"工作室{i}") for i in range(1, 5)])
    assert _queries(client, url) == one
    assert client.get(url).content.decode().count(RECTIFYING_BADGE) == 5


def test_the_studio_page_reads_each_of_its_lists_once(client_for, world):
    """The decisions card and the decision in force come from one read of the studio's decisions."""
    studio = make_studio(world)
    client = client_for("reviewer")
    url = reverse("studios:studio-detail", args=[studio.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    assert sum('FROM "studios_studiodecision"' in sql for sql in reads) == 1
    assert len(reads) <= 12


def test_application_list_query_count_is_constant(client_for, world):
    client = client_for("reviewer")
    url = reverse("studios:application-list")
    _make_rectifying([ready_application(world, make_studio(world, name="工作室0")).studio])
    one = _queries(client, url)
    _make_rectifying([ready_application(world, make_studio(world, name=f"工作室{i}")).studio for i in range(1, 5)])
    assert _queries(client, url) == one
    assert client.get(url).content.decode().count(RECTIFYING_BADGE) == 5


def test_ledger_query_count_is_constant(client_for, world):
    from studios import services

    studio = make_studio(world)
    client = client_for("langchao")
    url = reverse("studios:ledger", args=[studio.pk])

    def add(i):
        services.ledger_add(studio=studio, by=world.users["langchao"],
                            data=dict(kind="project", happened_on=TODAY() - timedelta(days=400 * i), title=f"项目{i}"))

    add(0)
    one = _queries(client, url)
    for i in range(1, 5):
        add(i)
    assert _queries(client, url) == one


def test_batch_page_query_count_is_constant(client_for, world):
    batch = batch_with_meeting(world)
    named_directly(world, 1, TODAY().year)
    from studios.models import Application as A

    A.objects.update(naming_batch=batch)
    _make_rectifying(Studio.objects.all())
    client = client_for("secretary")
    url = reverse("studios:batch-detail", args=[batch.pk])
    one = _queries(client, url)
    named_directly(world, 4, TODAY().year, prefix="另一批")
    A.objects.update(naming_batch=batch)
    _make_rectifying(Studio.objects.all())
    assert _queries(client, url) == one
    assert client.get(url).content.decode().count(RECTIFYING_BADGE) == 5


def test_batch_candidates_show_the_studio_status(client_for, world):
    app = recommended_application(world)
    _make_rectifying([app.studio])
    page = client_for("secretary").get(reverse("studios:batch-detail", args=[batch_with_meeting(world).pk]))
    assert page.content.decode().count(RECTIFYING_BADGE) == 1


def test_application_page_shows_the_studio_status(client_for, world):
    app = ready_application(world)
    _make_rectifying([app.studio])
    page = client_for("lixia").get(reverse("studios:application-detail", args=[app.pk])).content.decode()
    assert page.count(RECTIFYING_BADGE) == 1


def _named(world):
    studio = make_studio(world)
    Studio.objects.filter(pk=studio.pk).update(status=StudioStatus.MUNICIPAL_NAMED, naming_year=2025)
    return Studio.objects.get(pk=studio.pk)


@pytest.mark.rule("STU-LEDGER")
@pytest.mark.rule("STU-ASSESS")
def test_grassroots_clerk_keeps_the_ledger_and_assesses(client_for, world, pdf_file):
    studio = _named(world)
    client = client_for("langchao")
    response = client.post(reverse("studios:ledger", args=[studio.pk]), {
        "kind": "result", "happened_on": "2025-06-01", "title": "智能巡检工具", "description": "在三个机房推广",
        "result_applied": "on", "attachment": pdf_file("推广证明.pdf"),
    })
    assert response.status_code == 302
    page = client.get(reverse("studios:ledger", args=[studio.pk])).content.decode()
    assert "《管理办法》第四条第（六）项：2025年创新课题/攻关项目仅0项（至少2项）。" in page
    response = client.post(reverse("studios:assessment-new", args=[studio.pk]), {
        "assess-year": 2025, "assess-score": "88.0", "assess-conclusion": "good", "assess-comments": "良好",
    })
    assert response.status_code == 302
    assert studio.assessments.get().score == 88


@pytest.mark.rule("STU-SPOTCHECK")
def test_failed_spot_check_shows_rectifying_with_deadline_on_the_list(client_for, world):
    studio = _named(world)
    client = client_for("reviewer")
    checked_on, deadline = TODAY() - timedelta(days=5), TODAY() + timedelta(days=60)
    response = client.post(reverse("studios:spotcheck-new", args=[studio.pk]), {
        "checked_on": checked_on.isoformat(), "passed": "0", "findings": "台帐不全",
    })
    assert "抽查未达到要求时必须设定整改期限。" in response.content.decode()
    response = client.post(reverse("studios:spotcheck-new", args=[studio.pk]), {
        "checked_on": checked_on.isoformat(), "passed": "0", "findings": "台帐不全", "deadline": deadline.isoformat(),
    })
    assert response.status_code == 302
    page = client.get(reverse("studios:studio-list")).content.decode()
    assert f"整改中（限{deadline:%Y-%m-%d}前）" in page


# --- a passed deadline shows as 整改逾期 on read; the daily command de-lists (S§17) -------------------------------


def _rectifying(world, deadline, name="浪潮张明技能大师创新工作室"):
    """A named studio that failed a spot check with this deadline, through the service as the page does."""
    from studios import services

    studio = make_studio(world, name=name)
    Studio.objects.filter(pk=studio.pk).update(status=StudioStatus.MUNICIPAL_NAMED, naming_year=2025)
    services.spotcheck_record(studio=Studio.objects.get(pk=studio.pk), by=world.users["reviewer"], data=dict(
        checked_on=deadline - timedelta(days=30), passed=False, findings="台帐不全", deadline=deadline))
    return Studio.objects.get(pk=studio.pk)


def _delistings(studio):
    from jinan_union.audit import history_of

    return [(e.action, e.actor) for e in history_of(studio) if e.action in ("摘牌", "整改逾期·待摘牌")]


OVERDUE_BADGE = ('<span class="badge text-bg-danger" data-testid="studio-status">'
                 "整改逾期（期限{:%Y-%m-%d}已过，待摘牌）</span>")


@pytest.mark.rule("STU-SPOTCHECK")
@pytest.mark.rule("SYS-NOBYPASS")
def test_deadline_passed_yesterday_shows_overdue_and_the_daily_command_flags_it_once(client_for, world):
    """Reads never write: the pages show 整改逾期; the daily command flags it 待摘牌, once, with its history;
    the de-listing is the meeting's decision (docs/decisions/studios.md)."""
    from django.core.management import call_command

    deadline = TODAY() - timedelta(days=1)
    studio = _rectifying(world, deadline)
    client = client_for("lixia")
    page = client.get(reverse("studios:studio-list")).content.decode()
    detail = client.get(reverse("studios:studio-detail", args=[studio.pk])).content.decode()
    studio.refresh_from_db()
    assert studio.status == StudioStatus.RECTIFYING
    assert OVERDUE_BADGE.format(deadline) in page
    assert OVERDUE_BADGE.format(deadline) in detail
    assert _delistings(studio) == []
    call_command("studios_flag_overdue", stdout=io.StringIO())
    call_command("studios_flag_overdue", stdout=io.StringIO())
    studio.refresh_from_db()
    assert (studio.status, studio.delisted_on) == (StudioStatus.DELIST_PENDING, None)
    assert _delistings(studio) == [("整改逾期·待摘牌", None)]
    page = client.get(reverse("studios:studio-list")).content.decode()
    assert f"待摘牌（整改期限{deadline:%Y-%m-%d}已过，未通过整改复查。）" in page
    detail = client.get(reverse("studios:studio-detail", args=[studio.pk])).content.decode()
    assert "系统" in detail
    assert _delistings(studio) == [("整改逾期·待摘牌", None)]


@pytest.mark.rule("STU-SPOTCHECK")
def test_deadline_today_is_still_rectifying(client_for, world):
    studio = _rectifying(world, TODAY())
    page = client_for("reviewer").get(reverse("studios:studio-detail", args=[studio.pk])).content.decode()
    studio.refresh_from_db()
    assert studio.status == StudioStatus.RECTIFYING
    assert f"整改中（限{TODAY():%Y-%m-%d}前）" in page
    assert _delistings(studio) == []


@pytest.mark.rule("STU-SPOTCHECK")
def test_the_deadline_is_counted_in_shanghai_dates(client_for, world, monkeypatch):
    """00:30 in Jinan is still the previous day in UTC: yesterday's deadline (Jinan) has passed."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from studios import services

    today = TODAY()
    passed = _rectifying(world, today - timedelta(days=1), name="期限已过工作室")
    running = _rectifying(world, today, name="期限今日工作室")
    just_after_midnight = datetime.combine(today, time(0, 30), tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(timezone, "now", lambda: just_after_midnight)
    assert just_after_midnight.astimezone(ZoneInfo("UTC")).date() == today - timedelta(days=1)
    page = client_for("reviewer").get(reverse("studios:studio-list")).content.decode()
    assert OVERDUE_BADGE.format(today - timedelta(days=1)) in page
    assert f"整改中（限{today:%Y-%m-%d}前）" in page
    assert [s.pk for s in services.flag_overdue()] == [passed.pk]
    statuses = dict(Studio.objects.filter(pk__in=[passed.pk, running.pk]).values_list("name", "status"))
    assert statuses == {"期限已过工作室": StudioStatus.DELIST_PENDING, "期限今日工作室": StudioStatus.RECTIFYING}


@pytest.mark.rule("STU-SPOTCHECK")
def test_home_cards_flag_the_overdue_rectification_apart_without_delisting(client_for, world):
    _rectifying(world, TODAY() - timedelta(days=1), name="期限已过工作室")
    _rectifying(world, TODAY() + timedelta(days=3), name="整改中工作室")
    page = client_for("reviewer").get(reverse("home")).content.decode()
    assert Studio.objects.get(name="期限已过工作室").status == StudioStatus.RECTIFYING
    from studios import hooks

    # One card counts what its list (?status=rectifying) shows; the overdue ones are flagged in its note (issue 11).
    cards = {c.title: c for c in hooks.home_cards(world.users["reviewer"])}
    card = cards["整改中的工作室（待复查）"]
    assert (card.count, card.note, card.tone) == (2, "其中1家整改逾期，待摘牌", "danger")
    assert "整改中的工作室（待复查）" in page and "其中1家整改逾期，待摘牌" in page


@pytest.mark.rule("STU-FRAUD")
def test_reviewer_records_fraud_and_the_notice_shows(client_for, world):
    app = ready_application(world)
    client_for("lixia").post(reverse("studios:application-check", args=[app.pk]))
    client = client_for("reviewer")
    response = client.post(reverse("studios:application-fraud", args=[app.pk]), {
        "notice_number": "济工通〔2026〕5号", "issued_on": "2026-10-01", "findings": "获奖证书系伪造",
    }, follow=True)
    page = response.content.decode()
    assert "通报批评 济工通〔2026〕5号" in page
    assert Application.objects.get(pk=app.pk).state == ApplicationState.DISQUALIFIED


# --- charts (jinan_union.charts) ----------------------------------------------------------------------------


def _bars(chart):
    return [(b.label, b.value, b.display, b.tone) for b in chart]


@pytest.mark.rule("STU-QUOTA")
def test_studio_list_charts_named_per_year_against_the_quota_and_per_union(client_for, world):
    this_year = TODAY().year
    make_studio(world)  # 历下区, not yet named at municipal level
    named_directly(world, 10, this_year - 2, prefix="前年工作室")  # 市中区
    named_directly(world, 3, this_year - 1, prefix="去年工作室")
    Studio.objects.filter(name="去年工作室3").update(status=StudioStatus.DELISTED)
    response = client_for("reviewer").get(reverse("studios:studio-list"))
    assert _bars(response.context["quota_chart"]) == [
        ("每年上限", 10, "10 家", "secondary"),
        (f"{this_year - 2}年", 10, "10 / 10 家", "warning"),
        (f"{this_year - 1}年", 3, "3 / 10 家", "success"),
        (f"{this_year}年", 0, "0 / 10 家", "success"),
    ]
    assert _bars(response.context["union_chart"]) == [
        ("市中区总工会", 13, "13 家（市级12）", "primary"),
        ("历下区总工会", 1, "1 家（市级0）", "primary"),
    ]
    assert [b.percent for b in response.context["quota_chart"]] == [100.0, 100.0, 30.0, 0.0]
    assert f'aria-label="{this_year - 1}年：3 / 10 家"' in response.content.decode()


@pytest.mark.rule("SYS-SCOPE")
def test_studio_list_charts_count_only_what_the_user_sees(client_for, world):
    make_studio(world)
    named_directly(world, 3, TODAY().year - 1)  # 市中区's
    response = client_for("lixia").get(reverse("studios:studio-list"))
    assert _bars(response.context["quota_chart"]) == [
        ("每年上限", 10, "10 家", "secondary"), (f"{TODAY().year}年", 0, "0 / 10 家", "success")]
    assert _bars(response.context["union_chart"]) == [("历下区总工会", 1, "1 家（市级0）", "primary")]


def test_the_union_chart_draws_the_15_unions_with_most_studios_and_sums_the_rest_in_a_line():
    """Issue 10: at province scale (some 200 system unions) the chart keeps 15 bars; the rest are one line."""
    from studios.views import union_chart

    per_union = [(f"第{i:03d}系统工会", 100 - i, 50 - i // 2) for i in range(20)]
    shown, note = union_chart(per_union)
    assert [b.label for b in shown] == [f"第{i:03d}系统工会" for i in range(15)]
    rest = range(15, 20)
    n, named = sum(100 - i for i in rest), sum(50 - i // 2 for i in rest)
    assert note == f"另有5个系统工会共{n}家（市级{named}家），可按系统工会筛选查看。"
    assert union_chart(per_union[:15]) == (shown, "")


def test_the_union_filter_lists_each_union_once_as_a_plain_select(client_for, world):
    """The list filters' record choices are drawn in one pass (jinan_union.filters.PlainSelect): same options,
    the chosen one selected, the page's form keeps working."""
    make_studio(world)
    named_directly(world, 1, TODAY().year - 1)
    union = world.system_unions["市中区总工会"]
    page = client_for("reviewer").get(reverse("studios:studio-list"), {"union": union.pk}).content.decode()
    select = page[page.index('<select name="union"'):]
    select = select[:select.index("</select>")]
    assert 'form-select' in select  # crispy's Bootstrap class, as on every other field
    assert f'<option value="{union.pk}" selected>市中区总工会</option>' in select
    assert '<option value="">全部</option>' in select
    assert select.count("<option") == 3  # 全部, 历下区, 市中区: only the unions that have studios


@pytest.mark.rule("STU-RESULTS-YEAR")
def test_studio_detail_charts_projects_and_applied_results_per_year(client_for, world):
    from datetime import date

    from studios import services

    studio = make_studio(world)
    clerk = world.users["langchao"]
    for kind, on, applied in [("project", date(2024, 3, 1), False), ("project", date(2024, 5, 1), False),
                              ("result", date(2024, 9, 1), True), ("project", date(2025, 4, 1), False),
                              ("result", date(2025, 6, 1), False)]:
        services.ledger_add(studio=studio, by=clerk, data=dict(kind=kind, happened_on=on, title="台帐",
                                                               result_applied=applied))
    response = client_for("lixia").get(reverse("studios:studio-detail", args=[studio.pk]))
    assert _bars(response.context["results_chart"]) == [
        ("2025年 课题/项目", 1, "1 项", "danger"),
        ("2025年 推广应用成果", 0, "0 项", "danger"),
        ("2024年 课题/项目", 2, "2 项", "success"),
        ("2024年 推广应用成果", 1, "1 项", "success"),
    ]
    assert 'aria-label="2024年 课题/项目：2 项"' in response.content.decode()


# --- STU-ALLIANCE: the public list of named studios -------------------------------------------------------


def _named_with_results(world, name, year=2025):
    from datetime import date

    from studios import services

    studio = make_studio(world, name=name)
    Studio.objects.filter(pk=studio.pk).update(status=StudioStatus.MUNICIPAL_NAMED, naming_year=year,
                                               naming_document_number="济工发〔2025〕9号")
    clerk = world.users["langchao"]
    services.ledger_add(studio=studio, by=clerk, data=dict(kind="result", happened_on=date(year, 6, 1),
                                                           title=f"{name}的推广成果", result_applied=True))
    services.ledger_add(studio=studio, by=clerk, data=dict(kind="result", happened_on=date(year, 7, 1),
                                                           title=f"{name}的未推广成果", result_applied=False))
    return studio


@pytest.mark.rule("STU-ALLIANCE")
def test_public_list_shows_named_studios_and_applied_results_to_every_union(client_for, world):
    _named_with_results(world, "浪潮命名工作室")
    make_studio(world, name="浪潮未命名工作室")
    delisted = _named_with_results(world, "浪潮摘牌工作室")
    Studio.objects.filter(pk=delisted.pk).update(status=StudioStatus.DELISTED)
    for user in ("shizhong", "finance", "langchao"):
        response = client_for(user).get(reverse("studios:public-list"))
        page = response.content.decode()
        assert [s.name for s in response.context["studios"]] == ["浪潮命名工作室"]
        assert "2025-06-01 浪潮命名工作室的推广成果" in page
        assert "未推广成果" not in page
        assert "浪潮摘牌工作室" not in page


def test_public_list_query_count_is_constant(client_for, world):
    client = client_for("jiaotong")
    url = reverse("studios:public-list")
    _named_with_results(world, "工作室0")
    one = _queries(client, url)
    for i in range(1, 5):
        _named_with_results(world, f"工作室{i}")
    assert _queries(client, url) == one
    assert len(client.get(url).context["studios"]) == 5


# --- SYS-ERR: nothing typed or chosen is lost by the side buttons of a step ---------------------------------


def _category_post(app, **extra):
    return {"category": app.category, "category_statement": "近两年完成技术攻关12项", **extra}


@pytest.mark.rule("SYS-ERR")
def test_adding_an_honour_keeps_the_category_statement_typed_beside_it(client_for, world):
    app = ready_application(world)
    response = client_for("lixia").post(reverse("studios:application-edit", args=[app.pk, "category"]), _category_post(
        app, op="add_honour", **{"honour-kind": "invention_patent", "honour-level": "national",
                                 "honour-title": "一种散热装置", "honour-awarded_on": f"{TODAY():%Y-%m-%d}"}))
    app.refresh_from_db()
    assert response.status_code == 302
    assert app.category_statement == "近两年完成技术攻关12项"
    assert app.current_honours().filter(title="一种散热装置").count() == 1


@pytest.mark.rule("SYS-ERR")
def test_an_incomplete_honour_keeps_the_category_statement_and_says_what_is_missing(client_for, world):
    app = ready_application(world)
    response = client_for("lixia").post(reverse("studios:application-edit", args=[app.pk, "category"]), _category_post(
        app, op="add_honour", **{"honour-kind": "invention_patent", "honour-level": "national"}))
    page = response.content.decode()
    app.refresh_from_db()
    assert response.status_code == 200
    assert app.category_statement == "近两年完成技术攻关12项"
    assert "近两年完成技术攻关12项</textarea>" in page
    assert page.count("这个字段是必填项。") == 2


@pytest.mark.rule("SYS-ERR")
def test_removing_an_honour_keeps_the_category_statement(client_for, world):
    app = ready_application(world)
    honour = app.current_honours().get()
    response = client_for("lixia").post(reverse("studios:application-edit", args=[app.pk, "category"]),
                                        _category_post(app, remove_honour=honour.pk))
    app.refresh_from_db()
    assert response.status_code == 302
    assert (app.category_statement, app.current_honours().count()) == ("近两年完成技术攻关12项", 0)


@pytest.mark.rule("SYS-ERR")
def test_withdrawing_a_file_keeps_the_files_chosen_in_the_same_step(client_for, world, pdf_file):
    app = ready_application(world)
    old = app_attachments(app, MaterialKind.FORM).get()
    response = client_for("lixia").post(reverse("studios:application-edit", args=[app.pk, "materials"]), {
        "withdraw_file": str(old.uuid), MaterialKind.OTHER: pdf_file("补充说明.pdf"),
    })
    assert response.status_code == 302
    assert list(app_attachments(app, MaterialKind.FORM)) == []
    assert [a.original_name for a in app_attachments(app, MaterialKind.OTHER)] == ["补充说明.pdf"]


def test_the_honour_fields_and_buttons_belong_to_the_step_form(client_for, world):
    app = ready_application(world)
    page = client_for("lixia").get(reverse("studios:application-edit", args=[app.pk, "category"])).content.decode()
    assert 'id="step-form"' in page
    assert 'name="honour-title"' in page and 'form="step-form"' in page
    assert '<button class="btn btn-outline-primary btn-sm" type="submit" form="step-form" name="op" ' \
           'value="add_honour">添加</button>' in page


def test_a_ledger_entry_posted_by_someone_who_cannot_keep_the_ledger_is_refused(client_for, world):
    from studios.models import LedgerEntry

    studio = _named(world)
    response = client_for("lixia").post(reverse("studios:ledger", args=[studio.pk]), {
        "kind": "project", "happened_on": f"{TODAY():%Y-%m-%d}", "title": "越权记录",
    })
    assert response.status_code == 403
    assert LedgerEntry.objects.filter(title="越权记录").count() == 0


# --- navigation: every page about a studio leads back to it --------------------------------------------------------


def _crumb(url, text):
    return f'<li class="breadcrumb-item"><a href="{url}">{text}</a></li>'


def test_the_application_page_links_to_its_studio(client_for, world):
    app = ready_application(world)
    page = client_for("lixia").get(reverse("studios:application-detail", args=[app.pk])).content.decode()
    studio_url = reverse("studios:studio-detail", args=[app.studio.pk])
    assert page.count(f'<a href="{studio_url}" data-testid="app-studio">{app.studio.name}</a>') == 1


def test_the_assessment_page_leads_back_to_the_studio_and_its_ledger(client_for, world):
    studio = _named(world)
    page = client_for("langchao").get(reverse("studios:assessment-new", args=[studio.pk])).content.decode()
    ledger_url = reverse("studios:ledger", args=[studio.pk])
    assert page.count(_crumb(reverse("studios:studio-detail", args=[studio.pk]), studio.name)) == 1
    assert page.count(_crumb(ledger_url, "工作台帐")) == 1
    assert page.count(f'<a class="btn btn-outline-secondary" href="{ledger_url}">返回</a>') == 1


def test_the_spot_check_page_breadcrumbs_include_the_studio(client_for, world):
    studio = _named(world)
    page = client_for("reviewer").get(reverse("studios:spotcheck-new", args=[studio.pk])).content.decode()
    studio_url = reverse("studios:studio-detail", args=[studio.pk])
    assert page.count(_crumb(studio_url, studio.name)) == 1
    assert page.count(f'<a class="btn btn-outline-secondary" href="{studio_url}">返回</a>') == 1


# --- wording ----------------------------------------------------------------------------------------------------


def test_the_application_page_does_not_repeat_the_level_of_a_national_invention_patent(client_for, world):
    app = ready_application(world)
    page = client_for("lixia").get(reverse("studios:application-detail", args=[app.pk])).content.decode()
    honour = app.current_honours().get()
    assert page.count("国家级国家发明专利") == 0
    assert page.count(f"<li>{honour.awarded_on:%Y-%m-%d} 国家发明专利：一种服务器散热装置") == 1


def test_the_application_form_pdf_does_not_repeat_the_level_of_a_national_invention_patent(world):
    from django.template.loader import render_to_string

    app = ready_application(world)
    html = render_to_string("studios/pdf/application_form.html", {
        "title": "申报表", "app": app, "studio": app.studio, "honours": app.current_honours(), "basics": [],
    })
    assert html.count("国家级国家发明专利") == 0
    assert html.count("国家发明专利：一种服务器散热装置") == 1


def _quota_sentence(page):
    start = page.index("《管理办法》第六条：每年命名数量")
    return page[start:page.index("</p>", start)]


def test_the_batch_list_quota_sentence_ends_with_a_full_stop(client_for, world):
    this_year = TODAY().year
    named_directly(world, 2, this_year - 1)
    page = client_for("secretary").get(reverse("studios:batch-list")).content.decode()
    assert _quota_sentence(page) == (
        f"《管理办法》第六条：每年命名数量控制在10家以内。{this_year}年度已审定/命名0家；"
        f"{this_year - 1}年度已审定/命名2家。"
    )


@pytest.mark.rule("SYS-ERR")
def test_when_some_uploads_are_refused_the_stored_ones_are_named_as_saved(client_for, world, pdf_file):
    app = ready_application(world)
    url = reverse("studios:application-edit", args=[app.pk, "materials"])
    response = client_for("lixia").post(url, {
        MaterialKind.OTHER: SimpleUploadedFile("伪装.pdf", b"MZ not a pdf", content_type="application/pdf"),
        MaterialKind.FORM: pdf_file("申报表签章.pdf"), MaterialKind.RULES: pdf_file("工作制度.pdf"),
        "next": "materials",
    })
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["已保存“申报表签章.pdf”、“工作制度.pdf”；其余文件未保存，见各项下的提示。"]
    page = response.content.decode()
    assert page.count("文件“伪装.pdf”的内容不是允许的类型") == 1
