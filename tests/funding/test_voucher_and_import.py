"""Issue 12, books a finance office accepts: each posting prints as a 记账凭证, and the journal exports in the plain
layout finance software imports (FUN-POSTING)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from jinan_union.models import ExportJob
from tests import sheets
from tests.core.test_document_layout import pages, pdf_text, squeezed

from .factories import fund_fully, make_grant, spend


@pytest.mark.rule("FUN-POSTING")
@pytest.mark.rule("SYS-MONEY")
def test_a_posting_prints_as_a_voucher_with_its_lines_totals_and_signature_lines(world, client_for):
    grant = fund_fully(world, make_grant(world))
    spending = spend(world, grant, "18600.50")
    entry = spending.entry
    client = client_for("auditor")
    page = client.get(reverse("funding:entry-detail", args=[entry.pk])).content.decode()
    assert reverse("funding:entry-detail", args=[entry.pk]) + "?format=pdf" in page  # 打印凭证
    response = client.get(reverse("funding:entry-detail", args=[entry.pk]) + "?format=pdf")
    text = squeezed(pdf_text(response.content))
    lines = list(entry.lines.select_related("account__parent"))
    for expected in ["记账凭证", "2026年5月", entry.voucher_label, squeezed(entry.description)[:12],
                     "合计（大写）：壹万捌仟陆佰元伍角", "附件0张",
                     "制单：", "审核：", "记账：", f"第1页/共{pages(response.content)}页", "制表日期："]:
        assert expected in text, expected
    for line in lines:
        assert f"{line.account.code}{squeezed(line.account.full_name)}" in text
    assert text.count("¥18,600.50") == 4  # the debit line, the credit line, and both totals


@pytest.mark.rule("FUN-POSTING")
def test_the_journal_exports_in_the_plain_layout_finance_software_imports(world, client_for):
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "1200.00")
    union = grant.grassroots_union
    client = client_for("auditor")
    client.post(reverse("export-start", args=["funding-journal-import"]) + f"?union={union.pk}", {"title": "导入"})
    job = ExportJob.objects.get()
    assert (job.status, job.error) == ("done", "")
    read = sheets.read(client.get(reverse("export-download", args=[job.uuid])))
    assert read.header_row == 1 and read.above == []  # no title row: the header is the first line
    assert read.header == ("日期", "凭证号", "科目编号", "科目名称", "摘要", "借方金额", "贷方金额")
    office = client.get(reverse("funding:journal", args=[union.pk])).context["entries"]
    expected = [(e.voucher_label, line.account.code, line.account.full_name, e.description, line.debit, line.credit)
                for e in office for line in e.lines.all()]
    assert [(r[1], r[2], r[3], r[4], Decimal(str(r[5])), Decimal(str(r[6]))) for r in read.rows] == expected
    assert all(r[0].year == 2026 for r in read.rows)  # dates are date cells
    assert not any(isinstance(v, str) and "合计" in v for r in read.rows for v in r)  # nothing but the lines
    assert sum(Decimal(str(r[5])) for r in read.rows) == sum(Decimal(str(r[6])) for r in read.rows)
