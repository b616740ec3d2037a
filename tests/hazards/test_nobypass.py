"""SYS-NOBYPASS in the hazard workflow: guards hold at later moves, past dates are past, the admin is a
window, GET pages write nothing, and every state change goes through move() with its history."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from hazards import clock, services
from hazards.enums import GroupState, ReportState, RoundState
from hazards.models import Application, DuplicateGroup, HazardReport, Round
from hazards.rules import SHANGHAI
from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from jinan_union.workflow import move, moved
from tests.url_matrix import CASES

from . import url_cases  # noqa: F401  (registers the hazards URLs in CASES)
from .factories import AFTER_DEADLINE, SH, report, submit
from .test_views import form_data

pytestmark = pytest.mark.rule("SYS-NOBYPASS")


# --- payout re-checks H§3 and H§7 at the moment the round is closed -------------------------------------

def _verified_pair(world):
    rewarded = report(world, deaths=10, location="甲")
    changed = report(world, deaths=3, location="乙")
    submit(world, [rewarded, changed])
    for item in (rewarded, changed):
        services.report_verify(report=item, by=world.users["reviewer"])
    changed.refresh_from_db()
    assert changed.reward_amount == Decimal("3000.00")
    return rewarded, changed


@pytest.mark.rule("HAZ-EXCLUDE")
def test_close_does_not_pay_a_report_whose_finder_turned_out_to_be_a_safety_manager(world):
    rewarded, changed = _verified_pair(world)
    # Found out after verification (the record is corrected in the database, not through a page).
    HazardReport.objects.filter(pk=changed.pk).update(is_safety_manager=True)
    round_ = services.round_close(round_=rewarded.application.round, by=world.users["finance"], now=AFTER_DEADLINE)
    changed.refresh_from_db()
    assert (changed.status, changed.reward_amount) == (ReportState.VERIFIED, Decimal("0.00"))
    assert changed.reward_note == "企业专职安全管理人员排查出的隐患不予奖励（《奖励办法》第三条）"
    assert round_.total_paid == Decimal("5000.00")
    assert [r.location for r in HazardReport.objects.filter(status=ReportState.PAID)] == ["甲"]


@pytest.mark.rule("HAZ-REWARD")
def test_the_pay_move_itself_refuses_an_excluded_or_grade_four_report(world):
    rewarded, changed = _verified_pair(world)
    round_ = rewarded.application.round
    finance = world.users["finance"]
    HazardReport.objects.filter(pk=changed.pk).update(reassessed_grade=4)
    with pytest.raises(DomainError, match="四级事故隐患不予奖励（《奖励办法》第七条）"):
        move(changed, "pay", by=finance, paid_round=round_, paid_at=AFTER_DEADLINE)
    HazardReport.objects.filter(pk=changed.pk).update(reassessed_grade=None, is_safety_manager=True)
    with pytest.raises(DomainError, match="（《奖励办法》第三条）"):
        move(changed, "pay", by=finance, paid_round=round_, paid_at=AFTER_DEADLINE)
    HazardReport.objects.filter(pk=changed.pk).update(is_safety_manager=False, rectification="")
    with pytest.raises(DomainError, match="《奖励办法》第三条、第五条"):
        move(changed, "pay", by=finance, paid_round=round_, paid_at=AFTER_DEADLINE)
    changed.refresh_from_db()
    assert changed.status == ReportState.VERIFIED
    with pytest.raises(DomainError) as refused:  # a reviewer cannot pay, whatever the report
        move(rewarded, "pay", by=world.users["reviewer"], paid_round=round_, paid_at=AFTER_DEADLINE)
    assert refused.value.forbidden


@pytest.mark.rule("HAZ-RECTIFIED")
def test_close_does_not_pay_a_report_that_is_no_longer_rectified(world):
    rewarded, changed = _verified_pair(world)
    HazardReport.objects.filter(pk=changed.pk).update(rectification="")
    round_ = services.round_close(round_=rewarded.application.round, by=world.users["finance"], now=AFTER_DEADLINE)
    changed.refresh_from_db()
    assert (changed.status, changed.reward_amount) == (ReportState.VERIFIED, Decimal("0.00"))
    assert "《奖励办法》第三条、第五条" in changed.reward_note
    assert round_.total_paid == Decimal("5000.00")


# --- dates that describe the past ---------------------------------------------------------------------------

def _today():
    return clock.now().astimezone(SHANGHAI).date()


@pytest.mark.rule("SYS-ERR")
@pytest.mark.parametrize("field", ["found_on", "rectified_on", "reported_at"])
def test_a_future_date_is_refused_beside_its_field(world, client_for, field):
    tomorrow = _today() + timedelta(days=1)
    value = f"{tomorrow:%Y-%m-%d}T09:00" if field == "reported_at" else f"{tomorrow:%Y-%m-%d}"
    response = client_for("lixia").post(reverse("hazards:report-new"), {**form_data(world, **{field: value}),
                                                                       "action": "save"})
    assert response.status_code == 200
    label = {"found_on": "发现日期", "rectified_on": "整改（防范措施）日期", "reported_at": "向单位报告时间"}[field]
    today = _today()
    expected = f"{label}不能晚于今天（{today.year}年{today.month}月{today.day}日）。"
    assert response.context["form"].errors[field] == [expected]
    assert not HazardReport.objects.exists()


@pytest.mark.rule("SYS-ERR")
def test_a_date_before_2000_is_refused_beside_its_field(world, client_for):
    response = client_for("lixia").post(reverse("hazards:report-new"), {**form_data(world, found_on="1926-03-01"),
                                                                       "action": "save"})
    assert response.context["form"].errors["found_on"] == ["发现日期不能早于2000年1月1日，请检查年份。"]


def test_the_service_checks_the_dates_again_at_completion_and_at_submission(world, settings):
    item = report(world, state="draft", reported_at=datetime(2026, 3, 2, 9, tzinfo=SH))
    HazardReport.objects.filter(pk=item.pk).update(found_on=date(1999, 12, 31))
    with pytest.raises(DomainError) as refused:
        services.report_complete(report=item, by=world.users["lixia"])
    assert refused.value.fields == {"found_on": "发现日期不能早于2000年1月1日，请检查年份。"}
    HazardReport.objects.filter(pk=item.pk).update(found_on=date(2026, 3, 1))
    services.report_complete(report=item, by=world.users["lixia"])
    # The clock is turned back to before the rectification: the submission re-checks and refuses.
    settings.HAZARDS_NOW = "2026-03-05T09:00:00+08:00"
    with pytest.raises(DomainError, match="以下隐患报告尚未填报完成"):
        submit(world, [item], now=datetime(2026, 3, 5, 9, tzinfo=SH))
    item.refresh_from_db()
    assert item.status == ReportState.READY


# --- the admin is a window ----------------------------------------------------------------------------------

def _hazard_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if model._meta.app_label == "hazards"]


def test_every_hazards_admin_refuses_add_change_and_delete_to_everyone(world, client_for):
    item = report(world, state="verified")
    request = RequestFactory().get("/admin/")
    request.user = world.users["admin"]
    assert {m._meta.model_name for m, _ in _hazard_admins()} == {
        m._meta.model_name for m in apps.get_app_config("hazards").get_models()}
    for model, model_admin in _hazard_admins():
        if model._meta.model_name == "hazardsynonym":
            continue  # reference data the reviewer maintains (HAZ-FIRST), changes in the history
        assert (model_admin.has_add_permission(request), model_admin.has_change_permission(request),
                model_admin.has_delete_permission(request)) == (False, False, False), model
    client = client_for("admin")
    assert client.get(reverse("admin:hazards_hazardreport_add")).status_code == 403
    change = reverse("admin:hazards_hazardreport_change", args=[item.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    assert client.post(change, {"status": "paid", "reward_amount": "8000"}).status_code == 403
    assert client.post(reverse("admin:hazards_hazardreport_delete", args=[item.pk]), {"post": "yes"}).status_code == 403
    item.refresh_from_db()
    assert (item.status, item.reward_amount) == (ReportState.VERIFIED, Decimal("3000.00"))


def test_an_admin_action_refuses_a_user_without_the_role_in_chinese(world, client_for, settings):
    item = report(world, state="verified", deaths=10)
    client = client_for("admin")  # a superuser, but not 生产保护部 nor finance
    response = client.post(reverse("admin:hazards_hazardreport_changelist"),
                           {"action": "reopen", "_selected_action": [item.pk]}, follow=True)
    assert "只有市总工会生产保护部审核人可以核实隐患报告。" in response.content.decode()
    response = client.post(reverse("admin:hazards_round_changelist"),
                           {"action": "close", "_selected_action": [item.application.round_id]}, follow=True)
    assert "只有市总工会财务可以结算发放。" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ReportState.VERIFIED
    assert Round.objects.get().status == RoundState.OPEN


# --- reads never write ----------------------------------------------------------------------------------------

def _counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()
            if m._meta.app_label in ("hazards", "jinan_union") and m._meta.model_name != "user"}


@pytest.mark.parametrize("url_name", sorted(name for name in CASES if name.startswith("hazards:")))
def test_no_get_of_a_hazards_page_writes(world, client_for, settings, url_name):
    settings.HAZARDS_NOW = "2026-11-10T09:00:00+08:00"  # the 2027 round: no application, no round row yet
    case = CASES[url_name]
    kwargs = case.build(world)
    report(world, location="待申报", reported_at=datetime(2026, 10, 20, 9, tzinfo=SH))
    before = _counts()
    for username in sorted(case.allowed):
        response = client_for(username).get(reverse(url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else ""))
        assert response.status_code in (200, 302), (username, response.status_code)
    assert _counts() == before
    assert not Round.objects.filter(year=2027).exists()


def test_the_current_application_is_shown_before_it_exists_and_created_by_the_first_added_report(
    world, client_for, settings,
):
    settings.HAZARDS_NOW = "2026-11-10T09:00:00+08:00"
    item = report(world, reported_at=datetime(2026, 10, 20, 9, tzinfo=SH))
    client = client_for("lixia")
    url = client.get(reverse("hazards:application-current"))["Location"]
    assert url == reverse("hazards:application-round", args=[2027])
    page = client.get(url)
    assert page.status_code == 200 and "历下区总工会 · 2027年度申报" in page.content.decode()
    assert [r.pk for r in page.context["ready"]] == [item.pk]
    assert not Application.objects.exists() and not Round.objects.filter(year=2027).exists()
    assert "2027年度" in client_for("reviewer").get(reverse("hazards:round-list")).content.decode()
    response = client.post(url, {"action": "add", "report": [item.pk]})
    application = Application.objects.get()
    assert response["Location"] == reverse("hazards:application-detail", args=[application.pk])
    assert (application.round.year, list(application.reports.all())) == (2027, [item])
    assert client.get(reverse("hazards:application-current"))["Location"] == response["Location"]


# --- group merge and undo go through move() -------------------------------------------------------------------

def test_group_merge_and_undo_are_moves_with_history_and_signal(world, django_capture_on_commit_callbacks):
    a = report(world, location="三号塔吊基础")
    b = report(world, location="3号塔吊基础", union="市中区总工会", reported_at=datetime(2026, 3, 5, tzinfo=SH))
    submit(world, [a, b])
    reviewer = world.users["reviewer"]
    seen = []

    def record(sender, name, from_state, to_state, **kwargs):
        seen.append((sender.__name__, name, from_state, to_state))

    moved.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = services.group_confirm(reports=[a, b], by=reviewer, comment="同一塔吊")
        with django_capture_on_commit_callbacks(execute=True):
            services.group_undo(group=first, by=reviewer, comment="误合并")
    finally:
        moved.disconnect(record)
    assert seen == [
        ("DuplicateGroup", "merge", GroupState.MERGED, GroupState.MERGED),
        ("DuplicateGroup", "undo", GroupState.MERGED, GroupState.DISSOLVED),
    ]
    first.refresh_from_db()
    assert first.status == GroupState.DISSOLVED and first.dissolved_at is not None
    entries = [(e.action, e.from_state, e.to_state, e.comment) for e in history_of(first)]
    assert entries[1] == ("撤销合并", "已合并", "已撤销", "误合并")
    assert entries[0][:3] == ("确认重复隐患", "已合并", "已合并")
    assert not HazardReport.objects.filter(duplicate_group=first).exists()


def test_joining_two_groups_dissolves_one_through_its_move(world):
    a = report(world, location="三号塔吊基础")
    b = report(world, location="3号塔吊基础", union="市中区总工会", reported_at=datetime(2026, 3, 5, tzinfo=SH))
    c = report(world, location="三号塔吊 基础", reported_at=datetime(2026, 3, 6, tzinfo=SH))
    d = report(world, location="3号 塔吊基础", reported_at=datetime(2026, 3, 7, tzinfo=SH))
    submit(world, [a, b, c, d])
    reviewer = world.users["reviewer"]
    one = services.group_confirm(reports=[a, b], by=reviewer)
    two = services.group_confirm(reports=[c, d], by=reviewer)
    joined = services.group_confirm(reports=[b, c], by=reviewer)
    assert joined.pk == one.pk
    two.refresh_from_db()
    assert two.status == GroupState.DISSOLVED and two.dissolved_at is not None
    assert [(e.action, e.to_state) for e in history_of(two)][-1] == ("并入其他重复组", "已撤销")
    assert set(HazardReport.objects.filter(duplicate_group=one).values_list("pk", flat=True)) == {
        a.pk, b.pk, c.pk, d.pk}
    assert DuplicateGroup.objects.filter(status=GroupState.MERGED).count() == 1


def test_a_merge_of_reports_of_two_hazard_units_is_refused_by_its_guard(world):
    a = report(world, location="三号塔吊基础")
    b = report(world, unit="济南二七机车配件厂", location="三号塔吊基础")
    submit(world, [a, b])
    with pytest.raises(DomainError, match="同一隐患单位"):
        services.group_confirm(reports=[a, b], by=world.users["reviewer"])
    assert not DuplicateGroup.objects.exists()
    with pytest.raises(DomainError) as refused:
        services.group_confirm(reports=[a, b], by=world.users["finance"])
    assert refused.value.forbidden
