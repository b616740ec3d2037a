"""SYS-FILES / SYS-SCOPE: a spending's invoice scan shows on its pages and is served only to those who
may see the spending."""

import pytest
from django.urls import reverse

from jinan_union.files import attachments_of

from .factories import fund_fully, make_grant, spend_with_invoice


@pytest.fixture
def invoice(world):
    spending = spend_with_invoice(world, fund_fully(world, make_grant(world)), name="仪器发票.pdf")
    return spending, attachments_of(spending).get()


@pytest.mark.rule("SYS-FILES")
def test_grant_page_links_each_spendings_invoice_to_the_scoped_download(world, client_for, invoice):
    spending, file = invoice
    page = client_for("auditor").get(reverse("funding:grant-detail", args=[spending.grant_id])).content.decode()
    assert f'href="{reverse("attachment-download", args=[file.uuid])}?inline=1"' in page
    assert "仪器发票.pdf" in page


@pytest.mark.rule("SYS-FILES")
def test_finding_on_a_spending_shows_its_invoice(world, client_for, invoice):
    from funding import services

    spending, file = invoice
    finding = services.finding_raise(
        grant=spending.grant, spending=spending, text="核对发票", by=world.users["auditor"]
    )
    page = client_for("lixia_finance").get(reverse("funding:finding-detail", args=[finding.pk])).content.decode()
    assert f'href="{reverse("attachment-download", args=[file.uuid])}?inline=1"' in page


@pytest.mark.rule("SYS-SCOPE")
@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("langchao", 200),  # the owning grassroots union's clerk
        ("lixia", 200),  # its system union's clerk
        ("lixia_finance", 200),
        ("lixia_auditor", 200),  # 历下 auditor
        ("auditor", 200),  # municipal auditor
        ("finance", 200),
        ("shizhong", 404),  # another union's clerk
        ("jiaotong", 404),
        ("secretary", 404),  # municipal, but no funding role
    ],
)
def test_invoice_download_is_scoped(world, client_for, invoice, username, status):
    _, file = invoice
    response = client_for(username).get(reverse("attachment-download", args=[file.uuid]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.rule("SYS-FILES")
def test_payment_document_names_the_attached_invoice(world, client_for, invoice):
    import io

    from pypdf import PdfReader

    spending, _ = invoice
    response = client_for("langchao").get(reverse("funding:spending-document", args=[spending.pk]))
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text().replace(" ", "")
    assert "仪器发票.pdf" in text
