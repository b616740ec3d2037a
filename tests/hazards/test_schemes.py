"""HAZ-SCHEME (《奖励办法》第十一条): a union's own reward scheme — its amounts, deadline, fund and verifier —
with its own rounds, verification and payment sheets, scoped to the union; duplicates looked for across
schemes, and a hazard the city already paid flagged in the district's round."""

import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hazards import exports, selectors, services
from hazards.enums import ReportState, RoundState
from hazards.models import Round, Scheme
from hazards.permissions import can_verify
from jinan_union.audit import history_of
from jinan_union.enums import Role
from jinan_union.errors import DomainError

from .factories import AFTER_DEADLINE, report, submit
from .payee_factories import payee_row
from .scheme_factories import DISTRICT_LATE, district_scheme, scheme_report, scheme_reports, staff, submit_to_scheme

pytestmark = pytest.mark.rule("HAZ-SCHEME")
SH = ZoneInfo("Asia/Shanghai")


def _close(world, round_, *, by="lixia_finance", now=DISTRICT_LATE):
    return services.round_close(round_=Round.objects.get(pk=round_.pk), by=world.users[by], now=now)


# --- the city's scheme is the default ------------------------------------------------------------------

def test_the_citys_scheme_holds_the_amounts_of_article_8_and_is_the_default(world):
    city = Scheme.city()
    assert city.is_city and city.pk is not None  # the data migration made it
    assert city.rewards == {1: Decimal("8000.00"), 2: Decimal("5000.00"), 3: Decimal("3000.00"), 4: Decimal("0.00")}
    assert (city.deadline_month, city.deadline_day) == (9, 30)
    item = report(world, state="verified", deaths=3)
    assert item.scheme_id is None and item.scheme_or_city == city
    assert item.reward_amount == Decimal("3000.00")
    assert item.application.round.scheme_id is None and str(item.application.round) == "2026年度"


# --- setting a scheme up --------------------------------------------------------------------------------

def test_a_district_sets_up_its_scheme_with_history_and_only_its_administrator_may(world):
    scheme = district_scheme(world)
    assert scheme.union == world.system_unions["历下区总工会"]
    assert scheme.rewards[3] == Decimal("1000.00") and isinstance(scheme.amount_1, Decimal)
    assert [e.action for e in history_of(scheme)] == ["设立奖励办法"]
    assert "三级事故隐患奖励（元）：¥1,000.00" in history_of(scheme)[0].comment

    # The municipal administrator and another district's administrator may not change it; its clerk neither.
    other_admin = staff(world, "shizhong_admin", "市中区总工会", Role.ADMIN)
    for user in (world.users["admin"], other_admin, world.users["lixia"]):
        scheme.amount_3 = Decimal("1.00")
        with pytest.raises(DomainError) as refused:
            services.scheme_save(scheme=scheme, by=user)
        assert refused.value.forbidden
    # A union sets up one scheme; it changes it afterwards (recorded with before and after).
    with pytest.raises(DomainError, match="已设立"):
        services.scheme_save(scheme=Scheme(name="第二个", amount_1=1, amount_2=1, amount_3=1),
                             by=world.users["lixia_admin"])
    scheme = Scheme.objects.get(pk=scheme.pk)
    scheme.amount_3 = Decimal("1200.00")
    services.scheme_save(scheme=scheme, by=world.users["lixia_admin"])
    last = list(history_of(scheme))[-1]
    assert last.action == "修改奖励办法" and "¥1,000.00 → ¥1,200.00" in last.comment


def test_bad_amounts_and_a_deadline_that_is_not_every_year_are_refused_beside_their_fields(world):
    admin = staff(world, "lixia_admin", "历下区总工会", Role.ADMIN)
    with pytest.raises(DomainError) as refused:
        services.scheme_save(scheme=Scheme(name="历下区办法", amount_1=Decimal("0"), amount_2=Decimal("1.005"),
                                           amount_3=Decimal("1000"), deadline_month=2, deadline_day=29), by=admin)
    assert set(refused.value.fields) == {"amount_1", "amount_2", "deadline_day"}
    assert "2 月 29 日" in refused.value.fields["deadline_day"]
    assert not Scheme.objects.filter(is_city=False).exists()


def test_the_scheme_form_keeps_what_was_typed_and_shows_the_message_beside_the_field(world, client_for):
    staff(world, "lixia_admin", "历下区总工会", Role.ADMIN)
    client = client_for("lixia_admin")
    data = {"name": "历下区办法", "amount_1": "3000", "amount_2": "2000", "amount_3": "1000", "deadline_month": "2",
            "deadline_day": "30", "fund_source": "government", "fund_note": "区政府专项资金", "verifier": "own",
            "pays_if_rewarded_elsewhere": "on"}
    page = client.post(reverse("hazards:scheme-new"), data)
    assert page.status_code == 200
    assert "2 月 29 日不是每年都有" in page.content.decode() and "区政府专项资金" in page.content.decode()
    data["deadline_day"] = "28"
    done = client.post(reverse("hazards:scheme-new"), data)
    scheme = Scheme.objects.get(union__name="历下区总工会")
    assert done.status_code == 302 and done["Location"] == reverse("hazards:scheme-detail", args=[scheme.pk])
    assert scheme.amount_1 == Decimal("3000.00") and scheme.fund_source == "government"
    assert client_for("lixia").get(reverse("hazards:scheme-new")).status_code == 403


# --- its own round, paid with its own amounts -------------------------------------------------------------

def test_a_district_scheme_pays_its_own_round_with_its_amounts(world):
    scheme = district_scheme(world)
    three, two = scheme_reports(world, scheme, {"deaths": 3, "location": "三号塔吊基础"},
                                {"deaths": 10, "location": "锅炉房", "description": "安全阀失效"}, state="verified")
    assert (three.reward_amount, two.reward_amount) == (Decimal("1000.00"), Decimal("1500.00"))
    round_ = three.application.round
    assert round_.scheme == scheme and two.application.round == round_
    assert str(round_) == "历下区总工会2026年度"
    # The city's finance does not pay the district's round; the district's finance does.
    with pytest.raises(DomainError) as refused:
        _close(world, round_, by="finance")
    assert refused.value.forbidden
    paid = _close(world, round_)
    assert paid.status == RoundState.PAID and paid.total_paid == Decimal("2500.00")
    # The payment sheet: its rows and total in the district's amounts.
    rows, subtotals, total = exports.payment_table(selectors.payment_rows(paid))
    assert [row[7] for row in rows] == [Decimal("1000.00"), Decimal("1500.00")]
    assert total == Decimal("2500.00") and subtotals[0][1] == "历下区总工会 小计"
    # The city's round of that year is untouched.
    assert not Round.objects.filter(scheme__isnull=True, year=2026, status=RoundState.PAID).exists()


def test_the_district_finance_downloads_its_sheet_and_issues_its_payments(world, client_for):
    scheme = district_scheme(world)
    item = scheme_report(world, scheme, state="ready", deaths=3)
    clerk = world.users["lixia"]
    services.report_save(report=item, by=clerk)  # back to a draft to type the payee
    services.payees_set(report=item, by=clerk, rows=[payee_row("张三")])
    services.report_complete(report=item, by=clerk)
    item.refresh_from_db()
    submit_to_scheme(world, scheme, [item])
    item = services.report_verify(report=item, by=world.users["lixia_reviewer"])
    round_ = item.application.round
    _close(world, round_)
    finance = client_for("lixia_finance")
    sheet = finance.get(reverse("hazards:payment-xlsx", args=[round_.pk]))
    assert sheet.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(sheet.streaming_content)))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c is not None]
    assert 1000 in cells and "合计" in cells and 3000 not in cells
    page = finance.post(reverse("hazards:round-payments", args=[round_.pk]), {"action": "issue"})
    assert page.status_code == 302
    assert [p.amount for p in round_.payments.all()] == [Decimal("1000.00")]
    # The city's finance does not issue the district's payments; another district's finance sees nothing.
    assert client_for("finance").post(reverse("hazards:round-payments", args=[round_.pk]),
                                      {"action": "issue"}).status_code == 403
    staff(world, "shizhong_finance", "市中区总工会", Role.FINANCE)
    assert client_for("shizhong_finance").get(reverse("hazards:round-detail", args=[round_.pk])).status_code == 404
    assert client_for("shizhong_finance").get(reverse("hazards:payment-xlsx", args=[round_.pk])).status_code == 404


# --- scoping: who verifies ---------------------------------------------------------------------------------

def test_the_district_reviewer_verifies_its_scheme_and_not_the_citys(world, client_for):
    scheme = district_scheme(world)
    own = scheme_report(world, scheme, deaths=3)
    city = report(world, state="submitted", deaths=3, location="锅炉房")
    lixia_reviewer, city_reviewer = world.users["lixia_reviewer"], world.users["reviewer"]
    shizhong_reviewer = staff(world, "shizhong_reviewer", "市中区总工会", Role.REVIEWER)
    assert can_verify(lixia_reviewer, own)[0] and not can_verify(lixia_reviewer, city)[0]
    assert can_verify(city_reviewer, city)[0] and not can_verify(city_reviewer, own)[0]
    assert not can_verify(shizhong_reviewer, own)[0]
    with pytest.raises(DomainError):
        services.report_verify(report=own, by=city_reviewer)
    with pytest.raises(DomainError):
        services.report_verify(report=city, by=lixia_reviewer)
    # Pages: the other district's reviewer does not even see the report; the district reviewer verifies it.
    assert client_for("shizhong_reviewer").get(reverse("hazards:report-verify", args=[own.pk])).status_code == 404
    done = client_for("lixia_reviewer").post(reverse("hazards:report-verify", args=[own.pk]), {"action": "verify"})
    assert done.status_code == 302
    own.refresh_from_db()
    assert own.status == ReportState.VERIFIED and own.reward_amount == Decimal("1000.00")
    # The district's round page: its staff and the municipal union read it; another district does not.
    round_ = own.application.round
    assert client_for("lixia_reviewer").get(reverse("hazards:round-detail", args=[round_.pk])).status_code == 200
    assert client_for("auditor").get(reverse("hazards:round-detail", args=[round_.pk])).status_code == 200
    assert client_for("shizhong_reviewer").get(reverse("hazards:round-detail", args=[round_.pk])).status_code == 404
    # The city's round stays the municipal union's.
    assert client_for("lixia_reviewer").get(
        reverse("hazards:round-detail", args=[city.application.round_id])).status_code == 403


def test_a_scheme_may_leave_verification_to_the_municipal_reviewer(world):
    scheme = district_scheme(world, verifier="municipal")
    own = scheme_report(world, scheme, deaths=3)
    assert not can_verify(world.users["lixia_reviewer"], own)[0]
    verified = services.report_verify(report=own, by=world.users["reviewer"])
    assert verified.reward_amount == Decimal("1000.00")  # the district's amount, whoever verifies
    paid = _close(world, own.application.round)  # the district's finance pays its fund
    assert paid.total_paid == Decimal("1000.00")


def test_a_report_is_entered_into_the_city_or_its_unions_scheme_by_the_clerk(world, client_for):
    scheme = district_scheme(world)
    item = report(world, state="ready", deaths=3)
    page = client_for("lixia").get(reverse("hazards:report-detail", args=[item.pk])).content.decode()
    assert 'data-testid="scheme-choice"' in page and scheme.name in page
    done = client_for("lixia").post(reverse("hazards:report-scheme", args=[item.pk]), {"scheme": str(scheme.pk)})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.scheme == scheme and history_of(item).last().action == "选择奖励办法"
    # Another union's clerk cannot; a report of a union without a scheme is offered no choice.
    assert client_for("shizhong").post(reverse("hazards:report-scheme", args=[item.pk]),
                                       {"scheme": "city"}).status_code == 404
    other = report(world, state="ready", union="市中区总工会")
    assert 'data-testid="scheme-choice"' not in client_for("shizhong").get(
        reverse("hazards:report-detail", args=[other.pk])).content.decode()
    # A report of the district's scheme cannot join the city's application, nor the reverse.
    city_round = services.round_for_year(2026)
    application = services.application_for(union=item.union, round_=city_round, by=world.users["lixia"])
    with pytest.raises(DomainError, match="不能加入"):
        services.application_add_report(application=application, report=item, by=world.users["lixia"])


# --- the scheme's deadline -------------------------------------------------------------------------------------

def test_the_schemes_own_deadline_is_used(world):
    scheme = district_scheme(world, deadline=(8, 31))
    round_ = services.round_for_year(2026, scheme)
    assert round_.deadline == datetime(2026, 8, 31, 23, 59, 59, 999999, tzinfo=SH)
    assert services.round_for_year(2026).deadline == datetime(2026, 9, 30, 23, 59, 59, 999999, tzinfo=SH)
    # On 5 September the district's submissions go to its 2027 round; the city's still to 2026.
    assert services.current_round(DISTRICT_LATE, scheme).year == 2027
    assert services.current_round(DISTRICT_LATE).year == 2026
    item = scheme_report(world, scheme, state="ready", deaths=3)
    clerk = world.users["lixia"]
    application = services.application_for(union=item.union, round_=round_, by=clerk)
    services.application_add_report(application=application, report=item, by=clerk)
    submitted, notice = services.application_submit(application=application, by=clerk, now=DISTRICT_LATE)
    assert "2026年8月31日截止" in notice and submitted.round.year == 2027 and submitted.round.scheme == scheme
    # A round is not closed before its own deadline.
    with pytest.raises(DomainError, match="2027年8月31日"):
        _close(world, submitted.round, now=datetime(2027, 8, 31, 12, tzinfo=SH))


# --- across schemes ----------------------------------------------------------------------------------------------

def _paid_by_city(world):
    """A hazard the city paid in its 2025 round (reported by the industry union)."""
    first = report(world, union="济南市建筑业产业工会", state="ready", deaths=3,
                   reported_at=datetime(2025, 3, 2, 9, tzinfo=SH))
    submit(world, [first], year=2025, now=datetime(2025, 9, 1, tzinfo=SH))
    services.report_verify(report=first, by=world.users["reviewer"])
    services.round_close(round_=Round.objects.get(year=2025, scheme__isnull=True), by=world.users["finance"],
                         now=datetime(2025, 10, 8, tzinfo=SH))
    first.refresh_from_db()
    assert first.status == ReportState.PAID
    return first


def test_a_hazard_already_paid_by_the_city_is_flagged_in_the_district_round(world, client_for):
    city_paid = _paid_by_city(world)
    scheme = district_scheme(world)
    again, fresh = scheme_reports(
        world, scheme, {"deaths": 3, "location": "3号塔吊基础", "description": "塔吊基础螺栓松动"},
        {"deaths": 3, "location": "二号锅炉房", "description": "锅炉安全阀失效", "unit": "济南历下控股集团有限公司"})
    # A likely duplicate across schemes is proposed, and flagged as perhaps already paid.
    flags = selectors.paid_elsewhere([again, fresh])
    assert list(flags) == [again.pk] and not flags[again.pk][0].merged
    assert "市总工会" in flags[again.pk][0].text and "2025年度" in flags[again.pk][0].text
    round_ = again.application.round
    page = client_for("lixia_reviewer").get(reverse("hazards:round-detail", args=[round_.pk])).content.decode()
    assert page.count('data-testid="paid-elsewhere"') == 1 and 'data-testid="elsewhere-alert"' in page
    verify = client_for("lixia_reviewer").get(reverse("hazards:report-verify", args=[again.pk])).content.decode()
    assert 'data-testid="paid-elsewhere"' in verify and f"#{city_paid.pk}" in verify
    # The municipal reviewer merges them (duplicates look across schemes): the flag says so for sure.
    services.group_confirm(reports=[city_paid, again], by=world.users["reviewer"])
    again.refresh_from_db()
    assert selectors.paid_elsewhere([again])[again.pk][0].merged
    # By default the district still rewards it (its own fund, 《奖励办法》第十一条), at its own amount.
    again = services.report_verify(report=again, by=world.users["lixia_reviewer"])
    assert again.reward_amount == Decimal("1000.00") and again.reward_note == ""


def test_a_scheme_that_does_not_pay_twice_refuses_a_hazard_the_city_paid(world):
    city_paid = _paid_by_city(world)
    scheme = district_scheme(world, pays_if_rewarded_elsewhere=False)
    again = scheme_report(world, scheme, deaths=3, location="3号塔吊基础")
    services.group_confirm(reports=[city_paid, again], by=world.users["reviewer"])
    again = services.report_verify(report=again, by=world.users["lixia_reviewer"])
    assert again.reward_amount == Decimal("0.00")
    assert "已获市总工会2025年度奖励" in again.reward_note
    # The city's own first-finder rule is not disturbed by the district's report in the group.
    city_paid.refresh_from_db()
    assert city_paid.reward_amount == Decimal("3000.00")


def test_changing_the_amounts_changes_unpaid_rewards_and_keeps_paid_ones(world):
    scheme = district_scheme(world)
    item = scheme_report(world, scheme, state="verified", deaths=3)
    _close(world, item.application.round)
    waiting = scheme_report(world, scheme, state="verified", deaths=3, location="锅炉房",
                            now=datetime(2027, 3, 1, tzinfo=SH))
    scheme.amount_3 = Decimal("1300.00")
    services.scheme_save(scheme=scheme, by=world.users["lixia_admin"])
    item.refresh_from_db()
    waiting.refresh_from_db()
    assert item.reward_amount == Decimal("1000.00") and waiting.reward_amount == Decimal("1300.00")


def test_the_city_round_close_does_not_take_district_reports(world):
    scheme = district_scheme(world)
    own = scheme_report(world, scheme, state="verified", deaths=3)
    city = report(world, state="verified", deaths=3, location="锅炉房")
    paid = services.round_close(round_=city.application.round, by=world.users["finance"], now=AFTER_DEADLINE)
    assert paid.total_paid == Decimal("3000.00")
    own.refresh_from_db()
    assert own.status == ReportState.VERIFIED


def test_the_municipal_administrator_changes_the_citys_scheme_with_history(world):
    city = Scheme.city()
    item = report(world, state="verified", deaths=3)
    city.amount_3 = Decimal("3500.00")
    with pytest.raises(DomainError):
        services.scheme_save(scheme=city, by=staff(world, "lixia_admin", "历下区总工会", Role.ADMIN))
    services.scheme_save(scheme=city, by=world.users["admin"])
    item.refresh_from_db()
    assert item.reward_amount == Decimal("3500.00")
    assert "¥3,000.00 → ¥3,500.00" in history_of(city).last().comment
