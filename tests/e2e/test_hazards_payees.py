"""HAZ-PAYEE in the browser: a collective of three is paid in three exact parts through the bank file; the
reviewer's page shows masked values; the finance's full view is a recorded POST."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from hazards import services
from jinan_union.audit import history_of
from tests.hazards.factories import report, submit
from tests.hazards.payee_factories import id_number

pytestmark = [pytest.mark.e2e, pytest.mark.rule("HAZ-PAYEE")]

MEMBERS = ["王强", "李娜", "赵磊"]


def test_collective_of_three_paid_in_three_exact_parts_through_the_bank_file(login, page, live_server, world,
                                                                              settings):
    settings.HAZARDS_NOW = "2026-09-20T10:00:00+08:00"
    url = live_server.url
    item = report(world, state="draft", finder_kind="collective", finder="三号班组", deaths=10)  # 二级 ¥5,000
    services.report_save(report=item, by=world.users["lixia"], members=[(name, "") for name in MEMBERS])
    ids = [id_number(f"37010219850101{n:03d}") for n in range(1, 4)]

    # The clerk types the three payees; a wrong check digit is refused beside the field, nothing typed is lost.
    login("lixia")
    page.goto(f"{url}/hazards/{item.pk}/payees/")
    for n, name in enumerate(MEMBERS):
        block = page.get_by_test_id(f"payee-{n}")
        expect(block.get_by_label("姓名")).to_have_value(name)
        block.get_by_label("身份证号码").fill(ids[n] if n else ids[0][:17] + ("1" if ids[0][17] != "1" else "2"))
        block.get_by_label("开户银行").fill("中国工商银行")
        block.get_by_label("开户网点").fill("济南历下支行")
        block.get_by_label("银行账号").fill(f"6222 0216 0200 000{n}")
    page.get_by_role("button", name="保存收款人信息").click()
    first = page.get_by_test_id("payee-0")
    expect(first).to_contain_text("身份证号码校验位不正确，请核对。")
    expect(page.get_by_test_id("payee-1").get_by_label("身份证号码")).to_have_value(ids[1])
    first.get_by_label("身份证号码").fill(ids[0])
    page.get_by_role("button", name="保存收款人信息").click()
    expect(page.get_by_test_id("payee-table")).to_contain_text("370***********")
    expect(page.get_by_test_id("payee-table")).not_to_contain_text(ids[0])

    services.report_complete(report=item, by=world.users["lixia"])
    item.refresh_from_db()
    submit(world, [item])
    services.report_verify(report=item, by=world.users["reviewer"])

    # The reviewer sees masked values only, and no button to reveal them.
    login("reviewer")
    page.goto(f"{url}/hazards/{item.pk}/")
    table = page.get_by_test_id("payee-table")
    expect(table).to_contain_text("6222 **** **** 0000")
    for number in ids:
        expect(table).not_to_contain_text(number)
    expect(page.get_by_test_id("reveal")).to_have_count(0)

    # Finance closes the round, issues the batch and exports the bank file.
    settings.HAZARDS_NOW = "2026-10-08T09:00:00+08:00"
    login("finance")
    page.goto(f"{url}/hazards/rounds/{item.application.round_id}/")
    page.get_by_test_id("close-round").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(page.get_by_test_id("round-status")).to_have_text("已结算发放")
    page.get_by_test_id("payments-link").click()
    page.get_by_test_id("issue").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    payments = page.get_by_test_id("payments")
    expect(payments).to_contain_text("¥1,666.67")
    expect(payments).to_contain_text("¥1,666.66")
    page.get_by_test_id("bank-file").get_by_role("button").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Excel 文件").click()
    sheet = load_workbook(BytesIO(open(download.value.path(), "rb").read())).active
    body = [[c.value for c in row] for row in sheet.iter_rows() if isinstance(row[0].value, int)]
    assert [(row[1], row[2], Decimal(str(row[6]))) for row in body] == [
        ("王强", ids[0], Decimal("1666.67")), ("李娜", ids[1], Decimal("1666.67")),
        ("赵磊", ids[2], Decimal("1666.66")),
    ]
    assert sum(Decimal(str(row[6])) for row in body) == Decimal("5000.00")
    assert any(e.action.startswith(services.REVEALED) for e in history_of(item.application.round))

    # The finance's full view on the report page is a recorded POST.
    page.goto(f"{url}/hazards/{item.pk}/")
    page.get_by_test_id("reveal").click()
    expect(page.get_by_test_id("revealed")).to_be_visible()
    expect(page.get_by_test_id("payee-table")).to_contain_text(ids[2])
    assert [e.actor.username for e in history_of(item) if e.action == services.REVEALED] == ["finance"]
