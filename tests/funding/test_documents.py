"""SYS-MONEY on every payment document (amounts also in Chinese capitals) and SYS-ERR on the spending form."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from funding.enums import TransferStep
from funding.models import Spending
from jinan_union.files import attachments_of
from tests import sheets

from .factories import fund_fully, make_grant, spend


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    return "".join(text.split())  # spaces, line breaks and the ideographic space the documents use


@pytest.mark.rule("SYS-MONEY")
@pytest.mark.rule("FUN-POSTING")
@pytest.mark.parametrize(
    ("step", "payer", "payee", "accounts"),
    [
        (TransferStep.SYSTEM_RECEIVES, "济南市总工会", "历下区总工会", "借：102银行存款贷：40302上级补助收入—专项补助"),
        (
            TransferStep.SYSTEM_PASSES_ON,
            "历下区总工会",
            "山东浪潮通用软件有限公司工会",
            "借：50304业务支出—专项业务费贷：102银行存款",
        ),
        (
            TransferStep.GRASSROOTS_RECEIVES,
            "历下区总工会",
            "山东浪潮通用软件有限公司工会",
            "借：102银行存款贷：231代管经费",
        ),
    ],
)
def test_transfer_document_carries_the_amount_in_capitals(world, client_for, step, payer, payee, accounts):
    transfer = fund_fully(world, make_grant(world)).transfers.get(step=step)
    text = pdf_text(client_for("lixia").get(reverse("funding:transfer-document", args=[transfer.pk])))
    assert "金额（大写）伍万元整" in text
    assert "¥50,000.00" in text
    assert f"付款单位{payer}" in text
    assert f"收款单位{payee}" in text
    assert accounts in text
    assert "2026年5月1日" in text


@pytest.mark.rule("SYS-SCOPE")
def test_transfer_document_of_another_union_is_404(world, client_for):
    transfer = fund_fully(world, make_grant(world)).transfers.first()
    assert client_for("shizhong").get(reverse("funding:transfer-document", args=[transfer.pk])).status_code == 404


@pytest.mark.rule("SYS-MONEY")
def test_grant_page_links_each_transfer_document_and_only_readable_vouchers(world, client_for):
    grant = fund_fully(world, make_grant(world))
    transfers = {t.step: t for t in grant.transfers.all()}
    page = client_for("langchao").get(reverse("funding:grant-detail", args=[grant.pk])).content.decode()
    for transfer in transfers.values():
        assert reverse("funding:transfer-document", args=[transfer.pk]) in page
    # 浪潮's finance reads its own books only: the system union's vouchers are not linked.
    own = transfers[TransferStep.GRASSROOTS_RECEIVES].entry_id
    other = transfers[TransferStep.SYSTEM_RECEIVES].entry_id
    assert reverse("funding:entry-detail", args=[own]) in page
    assert reverse("funding:entry-detail", args=[other]) not in page


@pytest.mark.rule("SYS-MONEY")
def test_fund_statement_shows_every_amount_in_capitals(world, client_for):
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "18600.50")
    response = client_for("lixia").get(reverse("funding:grant-statement", args=[grant.pk, "xlsx"]))
    read = sheets.read(response)
    assert read.header == ("日期", "类别", "收款单位/人", "用途", "金额", "金额大写", "凭证号")
    assert read.rows[0][4:6] == (18600.5, "壹万捌仟陆佰元伍角")
    capitals = {r[1]: r[5] for r in read.rows[1:]}
    assert capitals["收到资助资金"] == "伍万元整"
    assert capitals["结余"] == "叁万壹仟叁佰玖拾玖元伍角"
    text = pdf_text(client_for("lixia").get(reverse("funding:grant-statement", args=[grant.pk, "pdf"])))
    assert "伍万元整" in text


@pytest.mark.rule("SYS-MONEY")
def test_voucher_pdf_carries_the_amount_in_capitals(world, client_for):
    entry = fund_fully(world, make_grant(world)).transfers.first().entry
    text = pdf_text(client_for("auditor").get(reverse("funding:entry-detail", args=[entry.pk]) + "?format=pdf"))
    assert "合计（大写）：伍万元整" in text


@pytest.mark.rule("SYS-ERR")
@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        ({"payee": ""}, "payee", "这个字段是必填项。"),
        ({"amount": "abc"}, "amount", "请输入金额（数字）。"),
        ({"amount": "60000.00"}, "amount", "支出金额 ¥60,000.00 超过资助资金余额 ¥50,000.00"),
    ],
)
def test_failed_spending_submit_keeps_what_was_typed_and_the_uploaded_invoice(
    world, client_for, pdf_file, bad, field, message
):
    grant = fund_fully(world, make_grant(world))
    client = client_for("langchao")
    url = reverse("funding:spending-new", args=[grant.pk])
    data = {
        "category": "equipment",
        "on": "2026-05-02",
        "amount": "300.00",
        "payee": "仪器公司",
        "description": "示波器",
    }
    response = client.post(url, {**data, **bad, "invoice": pdf_file("发票.pdf")})
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["description"].value() == "示波器"
    staged = response.context["staged"]
    assert [f.original_name for f in staged] == ["发票.pdf"]
    assert 'name="invoice_staged"' in response.content.decode()
    # Corrected and resubmitted without choosing the file again: the spending keeps the invoice.
    response = client.post(url, {**data, "invoice_staged": str(staged[0].uuid)})
    assert response.status_code == 302
    spending = Spending.objects.get()
    assert spending.amount == Decimal("300.00")
    assert [a.original_name for a in attachments_of(spending)] == ["发票.pdf"]


@pytest.mark.rule("SYS-ERR")
def test_a_second_failure_still_keeps_the_invoice_staged_the_first_time(world, client_for, pdf_file):
    grant = fund_fully(world, make_grant(world))
    client = client_for("langchao")
    url = reverse("funding:spending-new", args=[grant.pk])
    data = {"category": "equipment", "on": "2026-05-02", "amount": "300.00", "payee": ""}
    first = client.post(url, {**data, "invoice": pdf_file("发票.pdf")}).context["staged"][0]
    second = client.post(url, {**data, "invoice_staged": str(first.uuid)})
    assert [f.uuid for f in second.context["staged"]] == [first.uuid]


@pytest.mark.rule("SYS-MONEY")
@pytest.mark.rule("FUN-POSTING")
def test_book_pdfs_show_amounts_as_yuan(world, client_for):
    """The journal, ledger and trial balance PDFs print ¥50,000.00, not 50000 or 26034.5."""
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "23800.00")
    spend(world, grant, "2234.50")
    client = client_for("auditor")
    union = grant.grassroots_union
    tb = pdf_text(client.get(reverse("funding:trial-balance", args=[union.pk]) + "?format=pdf"))
    assert "102银行存款¥0.00¥0.00¥50,000.00¥26,034.50¥23,965.50¥0.00" in tb
    assert "合计¥0.00¥0.00¥76,034.50¥76,034.50¥23,965.50¥23,965.50" in tb
    journal = pdf_text(client.get(reverse("funding:journal", args=[union.pk]) + "?format=pdf&date_from="))
    assert "102银行存款¥50,000.00" in journal
    ledger = pdf_text(client.get(reverse("funding:ledger", args=[union.pk]) + "?format=pdf&date_from="))
    assert "本期合计¥50,000.00¥26,034.50¥23,965.50" in ledger
    statement = pdf_text(client.get(reverse("funding:grant-statement", args=[grant.pk, "pdf"])))
    assert "支出合计¥26,034.50贰万陆仟零叁拾肆元伍角" in statement
