"""The state machine and the other writes, through the services as the pages call them."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from jinan_union.workflow import allowed, move
from studios import selectors, services
from studios.enums import ApplicationState, HonourKind, LedgerKind, Level, StudioStatus
from studios.models import PLAQUE_TITLE, Application, QuotaYear, Studio
from studios.signals import studio_named

from .factories import (
    batch_with_meeting,
    fill_application,
    make_studio,
    mark_all,
    named_directly,
    ready_application,
    recommended_application,
)

TODAY = timezone.localdate


@pytest.mark.rule("STU-FLOW")
def test_submit_refused_with_the_article_then_accepted_after_the_fix(world):
    lixia = world.users["lixia"]
    studio = make_studio(world)
    app = services.application_start(studio=studio, by=lixia)
    fill_application(app, lixia, award_on=TODAY() - timedelta(days=365 * 3))
    with pytest.raises(DomainError) as refused:
        move(app, "submit", by=lixia)
    assert "《管理办法》第七条第（一）项：申报前2年内" in refused.value.message
    app.refresh_from_db()
    assert app.state == ApplicationState.DRAFT
    assert app.basic_venue == "有场所：情况说明"  # what was saved stays
    services.honour_add(application=app, by=lixia, data=dict(
        kind=HonourKind.SCI_TECH_AWARD, level=Level.MUNICIPAL, title="济南市科学技术进步奖二等奖",
        awarded_on=TODAY() - timedelta(days=30),
    ))
    app = move(app, "submit", by=lixia)
    assert (app.state, app.round, app.submitted_on) == (ApplicationState.SUBMITTED, 1, TODAY())


@pytest.mark.rule("STU-FLOW")
@pytest.mark.rule("SYS-AUDIT")
def test_return_needs_a_reason_and_resubmit_counts_the_round(world):
    lixia, reviewer = world.users["lixia"], world.users["reviewer"]
    app = move(ready_application(world), "submit", by=lixia)
    with pytest.raises(DomainError) as refused:
        move(app, "return", by=reviewer, comment="  ")
    assert refused.value.message == "退回修改须填写原因。"
    app = move(app, "return", by=reviewer, comment="效益证明不清晰")
    assert (app.state, app.last_reason) == (ApplicationState.RETURNED, "效益证明不清晰")
    app = move(app, "submit", by=lixia)
    assert app.round == 2
    history = [(e.action, e.to_state, e.comment) for e in history_of(app)]
    assert history == [
        ("创建申报草稿", "草稿", ""),
        ("提交申报", "已提交·生产保护部审核中", "第1轮提交"),
        ("退回修改", "退回修改", "效益证明不清晰"),
        ("提交申报", "已提交·生产保护部审核中", "第2轮提交"),
    ]


@pytest.mark.rule("STU-FLOW")
def test_only_the_owning_clerk_submits(world):
    app = ready_application(world)
    may = allowed(app, "submit", world.users["shizhong"])
    assert (may.ok, may.reason) == (False, "无权处理其他工会的申报。")
    may = allowed(app, "submit", world.users["reviewer"])
    assert (may.ok, may.reason) == (False, "您的角色不能执行此操作。")


@pytest.mark.rule("STU-FLOW")
@pytest.mark.rule("STU-BASIC")
def test_reviewer_cannot_recommend_before_inspection_and_checklist(world):
    lixia, reviewer = world.users["lixia"], world.users["reviewer"]
    app = move(ready_application(world), "submit", by=lixia)
    with pytest.raises(DomainError):
        move(app, "recommend", by=reviewer)  # not inspected yet
    services.inspection_record(application=app, by=reviewer, inspected_on=TODAY(), people="王审核", findings="良好")
    app.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        move(app, "recommend", by=reviewer)
    assert refused.value.message.startswith("审核检查项尚未全部标记：有场所")
    mark_all(app, reviewer)
    services.checklist_mark(application=app, by=reviewer, marks={"tech_3": (False, "未见推广证明")})
    with pytest.raises(DomainError) as refused:
        move(app, "recommend", by=reviewer)
    assert refused.value.message == "以下检查项标记为不符合，不能推荐：至少有1项创新成果已推广应用。"
    services.checklist_mark(application=app, by=reviewer, marks={"tech_3": (True, "")})
    app = move(app, "recommend", by=reviewer, comment="同意")
    assert app.state == ApplicationState.RECOMMENDED


@pytest.mark.rule("STU-FLOW")
def test_approval_needs_the_meeting_recorded(world):
    secretary = world.users["secretary"]
    app = recommended_application(world)
    batch = services.batch_create(by=secretary, year=TODAY().year, title="批次")
    services.batch_add(batch=batch, applications=[app], by=secretary)
    app.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        move(app, "approve", by=secretary)
    assert refused.value.message == "请先在命名批次中记录党组会/主席办公会（会议类型、日期、纪要编号）。"


@pytest.mark.rule("STU-FLOW")
def test_naming_names_the_studio_with_plaque_and_sends_studio_named(world):
    calls = []

    def heard(sender, studio, by, **kwargs):
        calls.append((studio.pk, by))

    studio_named.connect(heard, dispatch_uid="test-heard")
    try:
        _name_one(world, calls)
    finally:
        studio_named.disconnect(dispatch_uid="test-heard")


def _name_one(world, calls):
    secretary = world.users["secretary"]
    app = recommended_application(world)
    batch = batch_with_meeting(world)
    services.batch_add(batch=batch, applications=[app], by=secretary)
    app.refresh_from_db()
    move(app, "approve", by=secretary)
    services.batch_name(batch=batch, by=secretary, document_number="济工发〔2026〕30号", named_on=TODAY())
    studio = Studio.objects.get(pk=app.studio_id)
    assert (studio.status, studio.plaque_title, studio.naming_year, studio.naming_document_number) == (
        StudioStatus.MUNICIPAL_NAMED, PLAQUE_TITLE, TODAY().year, "济工发〔2026〕30号",
    )
    assert studio.municipal_named_on == TODAY()
    assert calls == [(studio.pk, secretary)]
    assert Application.objects.get(pk=app.pk).state == ApplicationState.NAMED


def test_naming_works_while_nothing_listens_to_studio_named(world):
    studio_named.disconnect(dispatch_uid="funding.grant_on_studio_named")
    try:
        _name_without_listeners(world)
    finally:
        from funding.hooks import on_studio_named

        studio_named.connect(on_studio_named, dispatch_uid="funding.grant_on_studio_named")


def _name_without_listeners(world):
    secretary = world.users["secretary"]
    app = recommended_application(world)
    batch = batch_with_meeting(world)
    services.batch_add(batch=batch, applications=[app], by=secretary)
    move(Application.objects.get(pk=app.pk), "approve", by=secretary)
    services.batch_name(batch=batch, by=secretary, document_number="济工发〔2026〕31号", named_on=TODAY())
    assert Studio.objects.get(pk=app.studio_id).status == StudioStatus.MUNICIPAL_NAMED


@pytest.mark.rule("STU-QUOTA")
def test_the_tenth_approval_passes_and_the_eleventh_is_refused(world):
    secretary = world.users["secretary"]
    year = TODAY().year
    named_directly(world, 9, year)
    batch = batch_with_meeting(world, year)
    tenth = recommended_application(world)
    eleventh = recommended_application(world, make_studio(world, name="浪潮第二工作室"))
    services.batch_add(batch=batch, applications=[tenth, eleventh], by=secretary)
    move(Application.objects.get(pk=tenth.pk), "approve", by=secretary)
    with pytest.raises(DomainError) as refused:
        move(Application.objects.get(pk=eleventh.pk), "approve", by=secretary)
    assert refused.value.message == (
        f"《管理办法》第六条：{year}年度已审定/命名10家，已达每年10家的上限，不能再审定或命名第11家。"
    )
    assert Application.objects.get(pk=eleventh.pk).state == ApplicationState.RECOMMENDED


@pytest.mark.rule("STU-QUOTA")
def test_quota_counts_per_year(world):
    year = TODAY().year
    named_directly(world, 10, year - 1)
    assert selectors.quota_taken(year) == 0
    assert selectors.quota_taken(year - 1) == 10


@pytest.mark.rule("STU-QUOTA")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_approvals_cannot_make_eleven(world):
    """Two secretaries approve the 10th and the 11th at the same moment, on two connections."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database and has no SELECT … FOR UPDATE; the race needs PostgreSQL.")
    from django.db import connections

    secretary = world.users["secretary"]
    year = TODAY().year
    named_directly(world, 9, year)
    batch = batch_with_meeting(world, year)
    a = recommended_application(world)
    b = recommended_application(world, make_studio(world, name="浪潮第二工作室"))
    services.batch_add(batch=batch, applications=[a, b], by=secretary)
    QuotaYear.objects.get_or_create(year=year)  # the row exists: only its row lock can serialise the two
    barrier = threading.Barrier(2)
    outcomes = {}

    def approve(app_pk):
        try:
            barrier.wait()
            move(Application.objects.get(pk=app_pk), "approve", by=secretary)
            outcomes[app_pk] = "approved"
        except DomainError as error:
            outcomes[app_pk] = error.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(pk,)) for pk in (a.pk, b.pk)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(v == "approved" for v in outcomes.values()) == [False, True]
    assert selectors.quota_taken(year) == 10


@pytest.mark.rule("STU-FRAUD")
def test_fraud_disqualifies_and_issues_a_criticism_notice(world):
    reviewer = world.users["reviewer"]
    app = move(ready_application(world), "submit", by=world.users["lixia"])
    notice = services.fraud_disqualify(application=app, by=reviewer, notice_number="济工通〔2026〕5号",
                                       issued_on=TODAY(), findings="专利证书系伪造")
    app.refresh_from_db()
    assert app.state == ApplicationState.DISQUALIFIED
    assert app.criticism == notice
    assert [e.action for e in history_of(app)][-2:] == ["取消资格", "通报批评"]
    with pytest.raises(DomainError):
        move(app, "submit", by=world.users["lixia"])


def _named_studio(world):
    studio = make_studio(world)
    Studio.objects.filter(pk=studio.pk).update(status=StudioStatus.MUNICIPAL_NAMED, naming_year=2025)
    studio.refresh_from_db()
    return studio


def _check(world, studio, passed, deadline=None, on=None):
    return services.spotcheck_record(studio=studio, by=world.users["reviewer"], data=dict(
        checked_on=on or TODAY(), passed=passed, findings="台帐记录不全" if not passed else "达标",
        deadline=deadline,
    ))


@pytest.mark.rule("STU-SPOTCHECK")
def test_failed_spot_check_needs_a_deadline(world):
    studio = _named_studio(world)
    with pytest.raises(DomainError) as refused:
        _check(world, studio, passed=False)
    assert (refused.value.field, refused.value.message) == ("deadline", "抽查未达到要求时必须设定整改期限。")


@pytest.mark.rule("STU-SPOTCHECK")
def test_failed_spot_check_sets_rectifying_with_deadline_then_passing_recheck_restores(world):
    studio = _named_studio(world)
    deadline = TODAY() + timedelta(days=60)
    _check(world, studio, passed=False, deadline=deadline)
    studio.refresh_from_db()
    assert (studio.status, studio.rectification_deadline) == (StudioStatus.RECTIFYING, deadline)
    assert studio.status_text == f"整改中（限{deadline:%Y-%m-%d}前）"
    recheck = _check(world, studio, passed=True)
    studio.refresh_from_db()
    assert recheck.is_recheck is True
    assert (studio.status, studio.rectification_deadline) == (StudioStatus.MUNICIPAL_NAMED, None)


@pytest.mark.rule("STU-SPOTCHECK")
def test_failed_recheck_flags_the_studio_for_the_delisting_decision(world):
    studio = _named_studio(world)
    _check(world, studio, passed=False, deadline=TODAY() + timedelta(days=30))
    _check(world, Studio.objects.get(pk=studio.pk), passed=False)
    studio.refresh_from_db()
    assert studio.status == StudioStatus.DELIST_PENDING
    assert studio.delisted_reason == "整改复查不达标：台帐记录不全"
    assert studio.status_text == "待摘牌（整改复查不达标：台帐记录不全）"
    assert [e.action for e in history_of(studio)] == ["登记工作室", "抽查未达标·限期整改", "整改复查不达标·待摘牌"]
    assert selectors.studios_visible_to(world.users["lixia"]).filter(pk=studio.pk).exists()


def _overdue(world, days=1):
    studio = _named_studio(world)
    _check(world, studio, passed=False, deadline=TODAY() + timedelta(days=10), on=TODAY() - timedelta(days=40))
    Studio.objects.filter(pk=studio.pk).update(rectification_deadline=TODAY() - timedelta(days=days))
    studio.refresh_from_db()
    return studio


@pytest.mark.rule("STU-SPOTCHECK")
def test_deadline_passed_without_recheck_is_flagged_the_day_after(world):
    studio = _overdue(world, days=0)  # the deadline is today: not yet
    assert services.flag_overdue() == []
    Studio.objects.filter(pk=studio.pk).update(rectification_deadline=TODAY() - timedelta(days=1))
    assert [s.pk for s in services.flag_overdue()] == [studio.pk]
    studio.refresh_from_db()
    assert studio.status == StudioStatus.DELIST_PENDING and studio.delisted_on is None
    assert studio.delisted_reason == f"整改期限{studio.rectification_deadline:%Y-%m-%d}已过，未通过整改复查。"


@pytest.mark.rule("STU-SPOTCHECK")
def test_flagging_an_overdue_studio_twice_records_it_once(world):
    studio = _overdue(world)
    assert [s.pk for s in services.flag_overdue()] == [studio.pk]
    assert services.flag_overdue() == []
    assert [(e.action, e.actor) for e in history_of(studio) if "逾期" in e.action] == [("整改逾期·待摘牌", None)]


@pytest.mark.rule("STU-SPOTCHECK")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_flag_once(world):
    """One call holds the studio's row lock; the other, started meanwhile, waits for it, then finds the
    studio flagged and leaves it alone."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no SELECT … FOR UPDATE; the race needs PostgreSQL.")
    import time

    from django.db import connections, transaction

    studio = _named_studio(world)
    _check(world, studio, passed=False, deadline=TODAY() + timedelta(days=10), on=TODAY() - timedelta(days=40))
    Studio.objects.filter(pk=studio.pk).update(rectification_deadline=TODAY() - timedelta(days=1))
    other = {}

    def second_page_load():
        try:
            other["done"] = services.flag_overdue()
        finally:
            connections.close_all()

    with transaction.atomic():
        Studio.objects.select_for_update().get(pk=studio.pk)
        thread = threading.Thread(target=second_page_load)
        thread.start()
        with connection.cursor() as cursor:
            for _ in range(100):  # until the second call waits for our lock
                cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is a per-transaction snapshot
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                               "AND wait_event_type = 'Lock'")
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the second call never waited for the row lock")
        first = services.flag_overdue()
    thread.join()
    assert ([s.pk for s in first], other["done"]) == ([studio.pk], [])
    assert [e.action for e in history_of(studio)].count("整改逾期·待摘牌") == 1


@pytest.mark.rule("STU-LEDGER")
@pytest.mark.rule("STU-RESULTS-YEAR")
def test_results_per_year_from_the_ledger(world):
    studio = _named_studio(world)
    clerk = world.users["langchao"]

    def add(kind, on, applied=False):
        services.ledger_add(studio=studio, by=clerk, data=dict(kind=kind, happened_on=on, title="条目",
                                                                  result_applied=applied))

    add(LedgerKind.PROJECT, date(2025, 3, 1))
    add(LedgerKind.PROJECT, date(2025, 12, 31))
    add(LedgerKind.RESULT, date(2025, 6, 1), applied=True)
    add(LedgerKind.PROJECT, date(2026, 1, 1))
    add(LedgerKind.RESULT, date(2026, 2, 1), applied=False)
    add(LedgerKind.MENTORING, date(2026, 2, 2))
    rows = selectors.results_by_year(studio)
    assert [(r["year"], r["projects"], r["applied"], r["check"].passed) for r in rows] == [
        (2026, 1, 0, False), (2025, 2, 1, True),
    ]


@pytest.mark.rule("STU-LEDGER")
def test_only_the_units_grassroots_clerk_keeps_the_ledger(world):
    studio = _named_studio(world)
    with pytest.raises(DomainError):
        services.ledger_add(studio=studio, by=world.users["lixia"], data=dict(
            kind=LedgerKind.STUDY, happened_on=TODAY(), title="学习"))


@pytest.mark.rule("STU-ASSESS")
def test_assessment_once_a_year(world):
    studio = _named_studio(world)
    clerk = world.users["langchao"]
    data = dict(year=2025, score="92.5", conclusion="excellent", comments="运行规范")
    services.assessment_record(studio=studio, by=clerk, data=data)
    with pytest.raises(DomainError) as refused:
        services.assessment_record(studio=studio, by=clerk, data=data)
    assert refused.value.message == "2025年度已考核。"
