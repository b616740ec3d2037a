"""HAZ-SCHEME in the browser: 历下区总工会's administrator sets up its own reward scheme, its clerk enters a
report into it and applies, its reviewer verifies, and its finance pays the round at the district's amount."""

import pytest
from playwright.sync_api import expect

from hazards.models import Scheme
from jinan_union.enums import Role
from tests.conftest import PASSWORD
from tests.hazards.factories import report
from tests.hazards.scheme_factories import staff

pytestmark = [pytest.mark.e2e, pytest.mark.rule("HAZ-SCHEME")]


def _with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def test_a_district_sets_up_its_scheme_and_its_round_is_paid(login, page, live_server, world, settings):
    settings.HAZARDS_NOW = "2026-08-20T10:00:00+08:00"
    url = live_server.url
    _with_password(staff(world, "lixia_admin", "历下区总工会", Role.ADMIN))
    _with_password(staff(world, "lixia_reviewer", "历下区总工会", Role.REVIEWER))

    # The district's administrator sets up its scheme; a deadline that is not every year is refused beside it.
    login("lixia_admin")
    page.goto(f"{url}/hazards/schemes/")
    page.get_by_test_id("scheme-new").click()
    page.get_by_label("一级事故隐患奖励（元）").fill("3000")
    page.get_by_label("二级事故隐患奖励（元）").fill("2000")
    page.get_by_label("三级事故隐患奖励（元）").fill("1200.50")
    page.get_by_label("每年报送截止月").fill("2")
    page.get_by_label("每年报送截止日").fill("29")
    page.get_by_label("资金说明").fill("区总工会本级专项经费")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("scheme-form")).to_contain_text("2 月 29 日不是每年都有")
    expect(page.get_by_label("三级事故隐患奖励（元）")).to_have_value("1200.50")
    page.get_by_label("每年报送截止月").fill("8")
    page.get_by_label("每年报送截止日").fill("31")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("amount-3")).to_have_text("¥1,200.50")
    expect(page.get_by_test_id("scheme-deadline")).to_contain_text("8月31日")
    scheme = Scheme.objects.get(union__name="历下区总工会")

    # The clerk enters a ready report (三级) into the district's scheme and applies to its round.
    item = report(world, state="ready", deaths=3)
    login("lixia")
    page.goto(f"{url}/hazards/{item.pk}/")
    page.get_by_test_id("scheme-choice").get_by_role("combobox").select_option(str(scheme.pk))
    page.get_by_role("button", name="改为此奖励办法").click()
    expect(page.get_by_test_id("report-scheme")).to_contain_text(scheme.name)
    page.goto(f"{url}/hazards/schemes/{scheme.pk}/")
    page.get_by_test_id("scheme-application").click()
    page.get_by_role("button", name="加入申报").click()
    page.get_by_role("button", name="连同汇总表报送").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: sending ends the union's round
    expect(page.locator(".alert-success")).to_contain_text("已报送")

    # The district's reviewer verifies it on the verification page.
    login("lixia_reviewer")
    page.goto(f"{url}/hazards/{item.pk}/verify/")
    page.get_by_role("button", name="核实通过").click()
    expect(page.get_by_test_id("reward")).to_contain_text("¥1,200.50")

    # After 31 August the district's finance closes its round: the payment sheet is in the district's amount.
    settings.HAZARDS_NOW = "2026-09-02T10:00:00+08:00"
    login("lixia_finance")
    page.goto(f"{url}/hazards/rounds/")
    page.get_by_test_id("scheme-rounds").get_by_role("link", name="历下区总工会2026年度").click()
    expect(page.get_by_test_id("round-scheme")).to_contain_text("三级 ¥1,200.50")
    page.get_by_test_id("close-round").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("round-status")).to_have_text("已结算发放")
    expect(page.get_by_test_id("payment-total")).to_have_text("¥1,200.50")
