"""SYS-NOTIFY for the hazard payouts: a failed payment tells the finance of the union that pays it, the
reviewer's named exception tells the clerks of the named report's union, and a union's own scheme's
application goes to whoever verifies for that scheme (HAZ-SCHEME)."""

from datetime import datetime
from decimal import Decimal

import pytest

from hazards import services
from hazards.enums import PaymentState
from hazards.models import Round
from jinan_union.enums import Role
from jinan_union.models import User
from notifications.models import Notification
from tests.hazards.factories import AFTER_DEADLINE, SH, report, submit
from tests.hazards.payee_factories import individual, payee_row
from tests.hazards.scheme_factories import DISTRICT_LATE, district_scheme, scheme_report, staff, submit_to_scheme

pytestmark = pytest.mark.rule("SYS-NOTIFY")


def _sent(reason):
    return list(Notification.objects.filter(reason=reason).order_by("pk").values_list("recipient__username", "body",
                                                                                           "link"))


def test_a_failed_payment_of_the_citys_round_tells_the_municipal_finance(world, committed):
    item = individual(world)
    round_ = Round.objects.get(pk=item.application.round_id)
    cashier = User.objects.create(username="finance2", organisation=world.departments["财务部"],
                                  roles=[Role.FINANCE], full_name="第二位市总财务")
    services.round_close(round_=round_, by=cashier, now=AFTER_DEADLINE)
    payment = services.payments_issue(round_=round_, by=cashier)[0]
    with committed():
        services.payment_fail(payment=payment, by=cashier, reason="账号已销户")
    # The municipal finance (never the one who recorded it, nor a district's finance) is told.
    assert [who for who, _, _ in _sent("fail")] == ["finance"]


def test_a_failed_payment_of_a_district_round_tells_the_districts_finance(world, committed):
    scheme = district_scheme(world)
    item = scheme_report(world, scheme, state="ready", deaths=3)
    clerk = world.users["lixia"]
    services.report_save(report=item, by=clerk)
    services.payees_set(report=item, by=clerk, rows=[payee_row("张三")])
    services.report_complete(report=item, by=clerk)
    item.refresh_from_db()
    submit_to_scheme(world, scheme, [item])
    item = services.report_verify(report=item, by=world.users["lixia_reviewer"])
    round_ = Round.objects.get(pk=item.application.round_id)
    cashier = staff(world, "lixia_cashier", "历下区总工会", Role.FINANCE)
    services.round_close(round_=round_, by=cashier, now=DISTRICT_LATE)
    payment = services.payments_issue(round_=round_, by=cashier)[0]
    with committed():
        services.payment_fail(payment=payment, by=cashier, reason="账号已销户")
    sent = _sent("fail")
    assert [who for who, _, _ in sent] == ["lixia_finance"]  # the district's finance, not the city's
    assert "账号已销户" in sent[0][1] and "重新发放" in sent[0][1]
    assert sent[0][2] == f"/hazards/rounds/{round_.pk}/payments/"
    payment.refresh_from_db()
    assert payment.status == PaymentState.FAILED and payment.amount == Decimal("1000.00")


def test_the_reviewers_named_exception_tells_the_named_reports_clerks(world, committed):
    first = report(world, finder="张三", deaths=3, reported_at=datetime(2026, 3, 1, 9, tzinfo=SH))
    second = report(world, union="济南市建筑业产业工会", finder="李四", deaths=10, location="3号塔吊基础",
                    reported_at=datetime(2026, 3, 5, 9, tzinfo=SH))
    submit(world, [first, second])
    reviewer = world.users["reviewer"]
    group = services.group_confirm(reports=[first, second], by=reviewer)
    services.report_reject(report=first, by=reviewer, reason="发现人系专职安全员")
    second = services.report_verify(report=second, by=reviewer)
    with committed():
        services.group_name_exception(group=group, report=second, by=reviewer, reason="李四独立发现并及时报告")
    sent = _sent("name_exception")
    assert [who for who, _, _ in sent] == ["jianzhu"]
    assert "李四独立发现并及时报告" in sent[0][1] and sent[0][2] == f"/hazards/{second.pk}/"


def test_an_application_to_a_district_scheme_goes_to_its_own_reviewer(world, committed):
    scheme = district_scheme(world)
    with committed():
        scheme_report(world, scheme, deaths=3)
    assert [who for who, _, _ in _sent("submit") if who.endswith("reviewer")] == ["lixia_reviewer"]
