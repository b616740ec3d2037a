"""HAZ-PAYEE pages: the clerk's payee form (messages beside the fields, nothing typed lost), masked values
on every page but the paying finance's recorded view, the split form and the payments page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hazards import services
from hazards.enums import PaymentState
from hazards.models import Payment
from jinan_union.audit import history_of
from jinan_union.models import ExportJob

from .factories import AFTER_DEADLINE, report
from .payee_factories import collective, id_number, individual

pytestmark = pytest.mark.rule("HAZ-PAYEE")


def _management(n):
    return {"payee-TOTAL_FORMS": str(n), "payee-INITIAL_FORMS": "0", "payee-MIN_NUM_FORMS": "1",
            "payee-MAX_NUM_FORMS": "50"}


def test_clerk_types_payee_bad_id_shown_beside_the_field_and_kept(world, client_for):
    item = report(world, state="draft")
    url = reverse("hazards:report-payees", args=[item.pk])
    client = client_for("lixia")
    assert client.get(url).status_code == 200
    data = _management(1) | {"payee-0-name": "张三", "payee-0-id_number": "110105194912310021",
                             "payee-0-bank": "中国工商银行", "payee-0-branch": "济南历下支行",
                             "payee-0-account": "6222021602000001234"}
    page = client.post(url, data).content.decode()
    assert "身份证号码校验位不正确，请核对。" in page and "6222021602000001234" in page and "济南历下支行" in page
    assert not item.payees.exists()
    good = id_number("11010519491231002")
    assert client.post(url, data | {"payee-0-id_number": good}).status_code == 302
    # Editing again: the stored numbers are not sent back, only their masks; left empty they are kept.
    page = client.get(url).content.decode()
    assert good not in page and "110***********" in page
    assert client.post(url, data | {"payee-0-id_number": "", "payee-0-account": ""}).status_code == 302
    assert item.payees.get().id_number == good


def test_masked_on_every_page_but_the_finances_recorded_post(world, client_for):
    item = individual(world)
    payee = item.payees.get()
    detail = reverse("hazards:report-detail", args=[item.pk])
    for user in ("reviewer", "auditor", "lixia", "finance"):
        page = client_for(user).get(detail).content.decode()
        assert payee.masked_id in page and payee.id_number not in page and payee.account not in page
    reveal = reverse("hazards:report-payees-reveal", args=[item.pk])
    assert client_for("finance").get(reveal).status_code == 302  # a GET records nothing, shows nothing
    assert not [e for e in history_of(item) if e.action == services.REVEALED]
    assert client_for("reviewer").post(reveal).status_code == 403
    assert client_for("lixia_finance").post(reveal).status_code in (403, 404)
    page = client_for("finance").post(reveal).content.decode()
    assert payee.id_number in page and payee.account in page
    [entry] = [e for e in history_of(item) if e.action == services.REVEALED]
    assert entry.actor == world.users["finance"]


def test_split_form_refuses_parts_that_do_not_add_up(world, client_for):
    item = collective(world, deaths=3)
    payees = list(item.payees.all())
    url = reverse("hazards:report-split", args=[item.pk])
    data = {f"part-{p.pk}": v for p, v in zip(payees, ("1500.00", "1000.00", "499.00"), strict=True)}
    page = client_for("finance").post(url, data).content.decode()
    assert "应等于奖励金额 3,000.00 元" in page and "499.00" in page
    data[f"part-{payees[2].pk}"] = "500.00"
    assert client_for("finance").post(url, data | {"reason": "按贡献"}).status_code == 302
    assert [a for _, a in services.split_of(item)] == [Decimal("1500.00"), Decimal("1000.00"), Decimal("500.00")]


def test_payments_page_issues_exports_the_bank_file_and_records_the_reference(world, client_for):
    item = collective(world, deaths=10)
    services.round_close(round_=item.application.round, by=world.users["finance"], now=AFTER_DEADLINE)
    round_id = item.application.round_id
    url = reverse("hazards:round-payments", args=[round_id])
    finance = client_for("finance")
    assert finance.post(url, {"action": "issue"}).status_code == 302
    assert Payment.objects.filter(status=PaymentState.ISSUED).count() == 3
    page = finance.get(url).content.decode()
    assert "1,666.67" in page and "1,666.66" in page
    assert all(p.id_number not in page for p in item.payees.all())
    response = finance.post(reverse("export-start", args=["hazards-bank-file"]) + f"?pk={round_id}")
    assert response.status_code in (200, 302)
    job = ExportJob.objects.get(exporter="hazards-bank-file")
    assert job.status == ExportJob.Status.DONE
    assert client_for("reviewer").post(reverse("export-start", args=["hazards-bank-file"]) + f"?pk={round_id}")
    assert ExportJob.objects.filter(exporter="hazards-bank-file", status=ExportJob.Status.DONE).count() == 1
    first = Payment.objects.order_by("pk").first()
    finance.post(url, {"action": "confirm", "payment": first.pk, "bank_reference": "ICBC-0001"})
    first.refresh_from_db()
    assert (first.status, first.bank_reference) == (PaymentState.PAID, "ICBC-0001")


def test_the_admin_window_shows_payees_masked(world, client_for):
    item = individual(world)
    payee = item.payees.get()
    client = client_for("admin")
    for url in (reverse("admin:hazards_payee_changelist"), reverse("admin:hazards_payee_change", args=[payee.pk])):
        page = client.get(url).content.decode()
        assert payee.masked_id in page and payee.id_number not in page and payee.account not in page


@pytest.mark.rule("SYS-CONFIRM")
def test_issuing_the_batch_without_javascript_asks_first_and_issues_nothing_until_confirmed(world, client_for):
    """生成本批发放 cannot be taken back: the server asks with the sentence the button's dialog shows."""
    from tests.core.test_confirm import _as_post, _hidden_fields

    item = collective(world, deaths=10)
    services.round_close(round_=item.application.round, by=world.users["finance"], now=AFTER_DEADLINE)
    url = reverse("hazards:round-payments", args=[item.application.round_id])
    client = client_for("finance", confirmed=False)
    assert f'data-confirm="{services.ISSUE_CONFIRM}"' in client.get(url).content.decode()
    page = client.post(url, {"action": "issue"}).content.decode()
    assert 'data-testid="confirm-page"' in page and services.ISSUE_CONFIRM in page
    assert not Payment.objects.exists()
    client.post(url, _as_post(_hidden_fields(page)))
    assert Payment.objects.filter(status=PaymentState.ISSUED).count() == 3
