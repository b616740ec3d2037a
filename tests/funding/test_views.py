import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding import services
from funding.enums import TRANSFER_ORDER, TransferStep
from funding.models import Spending
from tests import sheets

from .factories import DAY, fund_fully, make_grant, spend


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def grants(world, n, start=0):
    units = ["山东浪潮通用软件有限公司", "济南历下控股集团有限公司"]
    return [fund_fully(world, make_grant(world, unit=units[i % 2], name=f"工作室{i}")) for i in range(start, start + n)]


@pytest.mark.rule("SYS-SCOPE")
@pytest.mark.parametrize(
    "url_name",
    ["funding:grant-list", "funding:journal", "funding:trial-balance", "funding:ledger", "funding:finding-list"],
)
def test_list_views_make_the_same_number_of_queries_for_1_and_5_rows(world, client_for, url_name):
    from funding import services

    client = client_for("finance")
    union = world.system_unions["历下区总工会"]
    kwargs = (
        {"union_pk": union.pk} if url_name in ("funding:journal", "funding:trial-balance", "funding:ledger") else {}
    )
    url = reverse(url_name, kwargs=kwargs)
    first = grants(world, 1)
    services.finding_raise(grant=first[0], text="一", by=world.users["auditor"])
    one = count_queries(client, url)
    for g in grants(world, 4, start=1):
        services.finding_raise(grant=g, text="多", by=world.users["auditor"])
    assert count_queries(client, url) == one


@pytest.mark.rule("SYS-SCOPE")
def test_other_union_gets_404_for_a_grant(world, client_for):
    grant = make_grant(world)
    assert client_for("shizhong").get(reverse("funding:grant-detail", args=[grant.pk])).status_code == 404
    assert client_for("lixia").get(reverse("funding:grant-detail", args=[grant.pk])).status_code == 200


@pytest.mark.rule("FUN-POSTING")
def test_finance_records_a_transfer_through_the_page(world, client_for):
    grant = make_grant(world)
    url = reverse("funding:transfer-record", args=[grant.pk, TransferStep.SYSTEM_RECEIVES])
    response = client_for("lixia_finance").post(url, {"on": "2026-05-01", "reference": "HD1"})
    assert response.status_code == 302
    assert grant.transfers.get(step=TransferStep.SYSTEM_RECEIVES).entry.union == world.system_unions["历下区总工会"]


@pytest.mark.rule("FUN-POSTING")
def test_grassroots_finance_cannot_post_in_the_system_unions_books(world, client_for):
    grant = make_grant(world)
    url = reverse("funding:transfer-record", args=[grant.pk, TransferStep.SYSTEM_RECEIVES])
    assert client_for("langchao").post(url, {"on": "2026-05-01"}).status_code == 403


@pytest.mark.rule("FUN-POSTING")
@pytest.mark.rule("SYS-ERR")
def test_transfer_dated_before_the_step_before_it_is_refused_beside_the_date(world, client_for):
    grant = make_grant(world)
    client = client_for("finance")
    client.post(reverse("funding:transfer-record", args=[grant.pk, TransferStep.SYSTEM_RECEIVES]), {"on": "2026-05-01"})
    url = reverse("funding:transfer-record", args=[grant.pk, TransferStep.SYSTEM_PASSES_ON])
    response = client.post(url, {"on": "2026-04-01", "reference": "HD2"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"on": ["日期不能早于“系统工会收到资助资金”的日期（2026年5月1日）。"]}
    assert response.context["form"]["reference"].value() == "HD2"
    assert grant.transfers.count() == 2  # the municipal payout and the receipt


@pytest.mark.rule("FUN-USE")
@pytest.mark.rule("SYS-ERR")
def test_spending_dated_before_the_money_arrived_is_refused_beside_the_date(world, client_for, pdf_file):
    grant = fund_fully(world, make_grant(world))
    url = reverse("funding:spending-new", args=[grant.pk])
    data = {"category": "equipment", "on": "2025-01-05", "amount": "300.00", "payee": "仪器公司", "invoice": pdf_file()}
    response = client_for("langchao").post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"on": ["支出日期不能早于基层工会收到资助资金的日期（2026年5月1日）。"]}
    assert [a.original_name for a in response.context["staged"]] == ["scan.pdf"]
    assert Spending.objects.count() == 0


@pytest.mark.rule("FUN-USE")
def test_meals_refused_on_the_page_with_reason_and_invoice_kept(world, client_for, pdf_file):
    grant = fund_fully(world, make_grant(world))
    client = client_for("langchao")
    url = reverse("funding:spending-new", args=[grant.pk])
    data = {"category": "meals", "on": "2026-05-02", "amount": "300.00", "payee": "某酒店", "invoice": pdf_file()}
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "资助资金不得用于“食宿安排”" in text
    assert "第十二条" in text
    assert "已上传：scan.pdf" in text
    assert Spending.objects.count() == 0
    staged = response.context["staged"][0].uuid
    response = client.post(
        url,
        {
            "category": "equipment",
            "on": "2026-05-02",
            "amount": "300.00",
            "payee": "仪器公司",
            "invoice_staged": str(staged),
        },
    )
    assert response.status_code == 302
    spending = Spending.objects.get()
    from jinan_union.files import attachments_of

    assert [a.original_name for a in attachments_of(spending)] == ["scan.pdf"]


@pytest.mark.rule("SYS-FILES")
def test_spending_without_invoice_is_refused(world, client_for):
    grant = fund_fully(world, make_grant(world))
    response = client_for("langchao").post(
        reverse("funding:spending-new", args=[grant.pk]),
        {"category": "equipment", "on": "2026-05-02", "amount": "300.00", "payee": "仪器公司"},
    )
    assert "请上传发票扫描件。" in response.content.decode()


@pytest.mark.rule("FUN-AUDIT")
def test_auditor_downloads_trial_balance_xlsx_that_balances(world, client_for):
    grants(world, 1)
    union = world.system_unions["历下区总工会"]
    response = client_for("auditor").get(reverse("funding:trial-balance", args=[union.pk]) + "?format=xlsx")
    assert response.status_code == 200
    read = sheets.read(response)
    assert read.header == (
        "科目编号", "科目名称", "期初借方", "期初贷方", "本期借方", "本期贷方", "期末借方", "期末贷方")
    total = read.rows[-1]
    assert total[0] == "合计"
    assert total[4] == total[5] == 100000


@pytest.mark.rule("FUN-AUDIT")
def test_auditor_cannot_record_or_reverse(world, client_for):
    grant = fund_fully(world, make_grant(world))
    client = client_for("auditor")
    entry = grant.transfers.first().entry
    assert (
        client.post(reverse("funding:entry-reverse", args=[entry.pk]), {"on": "2026-05-01", "reason": "x"}).status_code
        == 403
    )
    assert client.post(reverse("funding:spending-new", args=[grant.pk]), {}).status_code == 403


@pytest.mark.rule("FUN-AUDIT")
def test_finding_answered_by_finance_through_the_page(world, client_for):
    grant = make_grant(world)
    client_for("lixia_auditor").post(reverse("funding:finding-new", args=[grant.pk]), {"text": "发票不全"})
    finding = grant.findings.get()
    client_for("lixia_finance").post(reverse("funding:finding-detail", args=[finding.pk]), {"answer": "已补"})
    finding.refresh_from_db()
    assert (finding.status, finding.answer) == ("answered", "已补")


@pytest.mark.rule("SYS-MONEY")
def test_payment_document_carries_amount_in_capitals(world, client_for):
    from pypdf import PdfReader

    grant = fund_fully(world, make_grant(world))
    spending = spend(world, grant, "18600.50")
    response = client_for("langchao").get(reverse("funding:spending-document", args=[spending.pk]))
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "壹万捌仟陆佰元伍角" in text.replace(" ", "").replace("\n", "")
    assert "¥18,600.50" in text


@pytest.mark.rule("FUN-AUDIT")
def test_statement_xlsx_lists_received_spent_and_remaining(world, client_for):
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "1000.00")
    response = client_for("reviewer").get(reverse("funding:grant-statement", args=[grant.pk, "xlsx"]))
    footer = {r[1]: r[4] for r in sheets.read(response).rows[1:]}
    assert footer["收到资助资金"] == 50000
    assert footer["结余"] == 49000
    assert Decimal(str(footer["支出：设备购置"])) == Decimal("1000")


@pytest.mark.rule("FUN-AUDIT")
@pytest.mark.rule("SYS-MONEY")
def test_grant_page_names_a_findings_spending_with_its_amount_in_yuan(world, client_for):
    from funding import services

    grant = fund_fully(world, make_grant(world))
    spending = spend(world, grant, "18600.00")
    services.finding_raise(grant=grant, spending=spending, text="发票抬头不一致", by=world.users["auditor"])
    page = client_for("auditor").get(reverse("funding:grant-detail", args=[grant.pk])).content.decode()
    assert "针对支出 设备购置 ¥18,600.00（济南仪器公司）" in page
    assert "18600.00" not in page


@pytest.mark.rule("FUN-POSTING")
@pytest.mark.parametrize(
    ("step", "posting"),
    [
        (TransferStep.SYSTEM_RECEIVES, "借 102 银行存款，贷 40302 上级补助收入—专项补助"),
        (TransferStep.SYSTEM_PASSES_ON, "借 50304 业务支出—专项业务费，贷 102 银行存款"),
    ],
)
def test_transfer_form_names_the_accounts_beside_their_codes(world, client_for, step, posting):
    grant = make_grant(world)
    if step == TransferStep.SYSTEM_PASSES_ON:
        client_for("finance").post(
            reverse("funding:transfer-record", args=[grant.pk, TransferStep.SYSTEM_RECEIVES]), {"on": "2026-05-01"}
        )
    response = client_for("finance").get(reverse("funding:transfer-record", args=[grant.pk, step]))
    assert response.status_code == 200
    assert response.context["posting"] == posting
    assert posting in response.content.decode()


@pytest.mark.rule("FUN-POSTING")
@pytest.mark.rule("SYS-ERR")
@pytest.mark.parametrize(
    ("record_first", "step", "reason"),
    [
        (
            True,
            TransferStep.SYSTEM_RECEIVES,
            "“系统工会收到资助资金”已经记账，不得重复记账。（《管理办法》第十二条）",
        ),
        (
            False,
            TransferStep.SYSTEM_PASSES_ON,
            "请先记录“系统工会收到资助资金”。（《管理办法》第十三条）",
        ),
    ],
)
def test_a_step_that_cannot_be_recorded_shows_why_instead_of_a_form(world, client_for, record_first, step, reason):
    grant = make_grant(world)
    client = client_for("finance")
    if record_first:
        client.post(reverse("funding:transfer-record", args=[grant.pk, step]), {"on": "2026-05-01"})
    response = client.get(reverse("funding:transfer-record", args=[grant.pk, step]))
    assert response.status_code == 200
    assert response.context["refusal"] == reason
    assert response.context["form"] is None
    body = response.content.decode()
    assert reason in body
    assert "确认记账" not in body
    assert f'href="{reverse("funding:grant-detail", args=[grant.pk])}"' in body


@pytest.mark.rule("FUN-POSTING")
def test_posting_a_step_already_recorded_is_still_refused(world, client_for):
    grant = make_grant(world)
    client = client_for("finance")
    url = reverse("funding:transfer-record", args=[grant.pk, TransferStep.SYSTEM_RECEIVES])
    client.post(url, {"on": "2026-05-01"})
    response = client.post(url, {"on": "2026-05-02"})
    assert response.status_code == 200
    # A refusal that belongs to no field is the page's message (jinan_union.errors.show_error).
    reason = "“系统工会收到资助资金”已经记账，不得重复记账。（《管理办法》第十二条）"
    assert [str(m) for m in response.context["messages"]][-1] == reason
    assert reason in response.content.decode()
    assert grant.transfers.count() == 2  # the municipal payout and the receipt


@pytest.mark.rule("FUN-AUDIT")
@pytest.mark.parametrize(
    ("steps", "whereabouts"),
    [
        (0, "尚未拨付：市总工会尚未拨付资助资金"),
        (1, "资金在途：市总工会已拨付，系统工会尚未入账"),
        (2, "资金在途：系统工会已收到，尚未拨付基层工会"),
        (3, "资金在途：系统工会已拨付，基层工会尚未入账"),
        (4, ""),
    ],
)
def test_grant_page_says_where_the_money_is_until_the_grassroots_union_has_it(world, client_for, steps, whereabouts):
    grant = make_grant(world, paid_out=False)
    for step in TRANSFER_ORDER[:steps]:
        services.transfer_record(grant=grant, step=step, on=DAY, by=world.users["finance"])
    response = client_for("auditor").get(reverse("funding:grant-detail", args=[grant.pk]))
    assert response.context["statement"].whereabouts == whereabouts
    body = response.content.decode()
    assert ('data-testid="whereabouts"' in body) is bool(whereabouts)
    if whereabouts:
        assert f'data-testid="whereabouts">{whereabouts}</div>' in body


@pytest.mark.rule("FUN-AUDIT")
def test_statement_xlsx_says_the_money_is_in_transit(world, client_for):
    grant = make_grant(world)
    services.transfer_record(grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY, by=world.users["finance"])
    response = client_for("reviewer").get(reverse("funding:grant-statement", args=[grant.pk, "xlsx"]))
    footer = {r[1]: r[4] for r in sheets.read(response).rows}  # no spending rows: the totals follow the headers
    assert footer["收到资助资金（资金在途：系统工会已收到，尚未拨付基层工会）"] == 0
