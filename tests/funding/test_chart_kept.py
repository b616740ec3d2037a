"""FUN-POSTING (S§13): each union's chart of accounts is data its finance keeps — codes (and the names S§13 does
not prescribe) change on a page, each change a recorded version (who, when, old → new, why), codes unique per
union — and every document prints the account's code and name as kept."""

import pytest
from django.urls import reverse

from funding import chart, services
from funding.enums import TransferStep
from funding.models import Account, AccountVersion
from jinan_union.audit import history_of
from jinan_union.errors import DomainError

from .factories import DAY, fund_fully, make_grant, spend
from .test_documents import pdf_text

pytestmark = pytest.mark.rule("FUN-POSTING")


def account(union, key):
    return Account.objects.get(union=union, key=key)


def test_a_change_is_a_recorded_version_and_every_document_prints_the_new_code(world, client_for):
    grant = make_grant(world)
    union = grant.system_union
    services.ensure_chart(union)
    finance = world.users["lixia_finance"]
    version = services.account_change(account=account(union, chart.BANK), by=finance, code="1002", name="银行存款",
                                      reason="按本工会执行的科目表调整")
    assert (version.old_code, version.old_name, version.code, version.name) == ("102", "银行存款", "1002", "银行存款")
    assert version.changed_by == finance and version.changed_at and version.reason == "按本工会执行的科目表调整"
    bank = account(union, chart.BANK)
    assert bank.code == "1002" and list(history_of(bank))[-1].action == "修改会计科目"
    # Postings find their accounts by key, whatever their code now is.
    transfer = services.transfer_record(grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY,
                                        by=world.users["finance"])
    assert {line.account.code for line in transfer.entry.lines.all()} == {"1002", "40302"}
    client = client_for("lixia_auditor")
    books = {"union_pk": union.pk}
    journal = client.get(reverse("funding:journal", kwargs=books) + "?date_from=&date_to=").content.decode()
    assert "1002 银行存款" in journal
    tb = client.get(reverse("funding:trial-balance", kwargs=books)).content.decode()
    assert "<td>1002</td><td>银行存款</td>" in tb
    ledger = pdf_text(client.get(reverse("funding:ledger", kwargs=books) + "?format=pdf&date_from="))
    assert "1002银行存款" in ledger
    voucher = pdf_text(client.get(reverse("funding:entry-detail", args=[transfer.entry_id]) + "?format=pdf"))
    assert "1002银行存款" in voucher and "40302上级补助收入—专项补助" in voucher
    slip = pdf_text(client.get(reverse("funding:transfer-document", args=[transfer.pk])))
    assert "借：1002银行存款贷：40302上级补助收入—专项补助" in slip
    page = client.get(reverse("funding:chart", kwargs=books)).content.decode()
    assert "102 银行存款" in page and "1002 银行存款" in page and "按本工会执行的科目表调整" in page
    # Another union's books keep the shipped code.
    assert account(world.municipal, chart.BANK).code == "102"


def test_the_fund_statement_prints_the_custody_account_as_kept(world, client_for):
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "100.00")
    services.account_change(account=account(grant.grassroots_union, chart.CUSTODY), by=world.users["langchao"],
                            code="2401", name="代管经费", reason="按科目表调整")
    statement = pdf_text(client_for("langchao").get(reverse("funding:grant-statement", args=[grant.pk, "pdf"])))
    assert "核算科目：2401代管经费" in statement


def test_codes_stay_unique_and_prescribed_names_stay(world):
    union = world.system_unions["历下区总工会"]
    services.ensure_chart(union)
    finance = world.users["lixia_finance"]
    custody = account(union, chart.CUSTODY)
    with pytest.raises(DomainError) as refused:
        services.account_change(account=custody, by=finance, code="102", name="代管经费", reason="调整")
    assert refused.value.field == "code" and "不能重复" in refused.value.message
    with pytest.raises(DomainError) as refused:
        services.account_change(account=custody, by=finance, code="231", name="代收经费", reason="调整")
    assert refused.value.field == "name" and "第十三条" in refused.value.text
    with pytest.raises(DomainError) as refused:
        services.account_change(account=custody, by=finance, code="2401", name="代管经费", reason=" ")
    assert refused.value.field == "reason"
    cash = account(union, chart.CASH)  # not prescribed by S§13: its name may change too
    services.account_change(account=cash, by=finance, code="1001", name="现金", reason="按科目表调整")
    assert str(account(union, chart.CASH)) == "1001 现金"
    assert AccountVersion.objects.count() == 1
    # The chart is seeded by key: a union that re-coded an account gets no second one.
    assert len(services.ensure_chart(union)) == len(chart.CHART) == Account.objects.filter(union=union).count()


def test_only_the_unions_finance_keeps_its_chart(world, client_for):
    union = world.system_unions["历下区总工会"]
    bank = services.ensure_chart(union)[chart.BANK]
    url = reverse("funding:account-change", args=[bank.pk])
    with pytest.raises(DomainError) as refused:
        services.account_change(account=bank, by=world.users["langchao"], code="1002", name="银行存款", reason="x")
    assert refused.value.forbidden
    assert client_for("lixia_auditor").get(url).status_code == 403
    chart_page = client_for("lixia_auditor").get(reverse("funding:chart", args=[union.pk])).content.decode()
    assert url not in chart_page and "102" in chart_page
    client = client_for("lixia_finance")
    assert url in client.get(reverse("funding:chart", args=[union.pk])).content.decode()
    bad = client.post(url, {"code": "10a", "name": "银行存款", "reason": "按科目表调整"})
    assert bad.status_code == 200 and "科目编号须为3至10位数字" in bad.content.decode()
    assert "按科目表调整" in bad.content.decode()  # nothing typed is lost
    assert client.post(url, {"code": "1002", "name": "银行存款", "reason": "按科目表调整"}).status_code == 302
    assert account(union, chart.BANK).code == "1002"
