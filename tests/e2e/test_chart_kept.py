"""The chart journey in the browser: 历下 finance opens its books' chart of accounts, changes the code of 银行存款
(the dialog states the consequence), sees the change in the versions list, and the journal prints the new code."""

import pytest
from playwright.sync_api import expect

from funding import services
from funding.enums import TransferStep
from tests.funding.factories import DAY, make_grant

pytestmark = pytest.mark.e2e


@pytest.mark.rule("FUN-POSTING")
def test_finance_recodes_an_account_and_the_books_print_it(login, page, live_server, world):
    base = live_server.url
    grant = make_grant(world)
    services.transfer_record(grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY, by=world.users["finance"])
    lixia = world.system_unions["历下区总工会"].pk
    login("lixia_finance")
    page.goto(f"{base}/funding/books/{lixia}/journal/")
    page.get_by_role("link", name="会计科目表").click()
    page.get_by_test_id("change-bank").click()
    page.get_by_label("科目编号").fill("1002")
    page.get_by_label("修改原因").fill("按本工会执行的科目表调整")
    page.get_by_role("button", name="保存修改").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM
    expect(page.get_by_text("科目已修改：102 银行存款 → 1002 银行存款")).to_be_visible()
    expect(page.get_by_test_id("chart-versions")).to_contain_text("102 银行存款")
    expect(page.get_by_test_id("chart-versions")).to_contain_text("按本工会执行的科目表调整")
    page.goto(f"{base}/funding/books/{lixia}/journal/?date_from=&date_to=")
    expect(page.get_by_test_id("journal")).to_contain_text("1002 银行存款")
