"""SYS-CONFIRM for the postings that are not moves (a spending, matching funds, a reversal, an account's new code):
the service asks with the same sentence the button's dialog shows (funding.rules.CONFIRM); without JavaScript the
server's confirmation page stands before anything is written, and its 确认 writes once with what was typed and
uploaded."""

import pytest
from django.urls import reverse

from funding import rules
from funding.models import Account, AccountVersion, JournalEntry, MatchingFund, Spending
from jinan_union.files import attachments_of
from tests.core.test_confirm import _as_post, _hidden_fields

from .factories import fund_fully, make_grant, spend_with_invoice

pytestmark = pytest.mark.rule("SYS-CONFIRM")


def _asks(response, sentence):
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="confirm-page"' in page, page[:500]
    assert sentence in page
    return _hidden_fields(page)


def test_a_spending_posted_without_javascript_asks_first_and_keeps_the_invoice(world, client_for, pdf_file):
    grant = fund_fully(world, make_grant(world))
    client = client_for("langchao", confirmed=False)
    url = reverse("funding:spending-new", args=[grant.pk])
    data = {"category": "equipment", "on": "2026-05-02", "amount": "300.00", "payee": "仪器公司",
            "invoice": pdf_file("发票.pdf")}
    fields = _asks(client.post(url, data), rules.CONFIRM["spending"])
    assert Spending.objects.count() == 0
    assert ("payee", "仪器公司") in fields and ("confirmed", "1") in fields
    response = client.post(url, _as_post(fields))
    assert response.status_code == 302
    spending = Spending.objects.get()
    assert spending.payee == "仪器公司" and spending.entry is not None
    assert [a.original_name for a in attachments_of(spending)] == ["发票.pdf"]


def test_the_spending_buttons_dialog_carries_the_same_sentence(world, client_for):
    grant = fund_fully(world, make_grant(world))
    page = client_for("langchao").get(reverse("funding:spending-new", args=[grant.pk])).content.decode()
    assert f'data-confirm="{rules.CONFIRM["spending"]}"' in page


def test_matching_funds_ask_before_they_are_recorded(world, client_for):
    grant = fund_fully(world, make_grant(world))
    client = client_for("langchao", confirmed=False)
    url = reverse("funding:matching-new", args=[grant.pk])
    fields = _asks(client.post(url, {"on": "2026-05-02", "amount": "500.00", "source": "单位自筹"}),
                   rules.CONFIRM["matching"])
    assert MatchingFund.objects.count() == 0
    client.post(url, _as_post(fields))
    assert MatchingFund.objects.get().source == "单位自筹"


def test_a_reversal_asks_before_the_red_voucher_is_written(world, client_for):
    grant = fund_fully(world, make_grant(world))
    spending = spend_with_invoice(world, grant, "300.00")
    client = client_for("finance", confirmed=False)
    url = reverse("funding:entry-reverse", args=[spending.entry_id])
    before = JournalEntry.objects.count()
    fields = _asks(client.post(url, {"on": "2026-05-03", "reason": "金额录错"}), rules.CONFIRM["reversal"])
    assert JournalEntry.objects.count() == before
    client.post(url, _as_post(fields))
    assert JournalEntry.objects.filter(reverses=spending.entry).exists()


def test_an_accounts_new_code_asks_before_it_is_saved(world, client_for):
    grant = fund_fully(world, make_grant(world))
    account = Account.objects.get(union=grant.grassroots_union, code="50301")
    client = client_for("finance", confirmed=False)
    url = reverse("funding:account-change", args=[account.pk])
    fields = _asks(client.post(url, {"code": "50311", "name": "培训费", "reason": "按本单位科目表"}),
                   rules.CONFIRM["account"])
    account.refresh_from_db()
    assert account.code == "50301" and not AccountVersion.objects.filter(account=account).exists()
    client.post(url, _as_post(fields))
    account.refresh_from_db()
    assert account.code == "50311"
