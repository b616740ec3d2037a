"""Every list page exports what its filters show (SPEC: Documents and exports), and never another union's rows."""

from decimal import Decimal

import pytest
from django.urls import reverse

from funding import services
from jinan_union.models import ExportJob
from tests import sheets

from .factories import DAY, fund_fully, make_grant, spend

LIXIA_UNITS = ["山东浪潮通用软件有限公司", "济南历下控股集团有限公司"]
SHIZHONG_UNIT = "济南市中区热力有限公司"


def sheet_rows(response) -> sheets.Sheet:
    return sheets.read(response)


@pytest.fixture
def grants(world):
    """Five grants: three in 历下's tree at different stages, two in 市中's."""
    made = {
        "浪潮甲": fund_fully(world, make_grant(world, unit=LIXIA_UNITS[0], name="浪潮甲工作室")),
        "浪潮乙": make_grant(world, unit=LIXIA_UNITS[0], name="浪潮乙工作室"),
        "控股": fund_fully(world, make_grant(world, unit=LIXIA_UNITS[1], name="控股工作室")),
        "热力甲": fund_fully(world, make_grant(world, unit=SHIZHONG_UNIT, name="热力甲工作室")),
        "热力乙": make_grant(world, unit=SHIZHONG_UNIT, name="热力乙工作室"),
    }
    spend(world, made["浪潮甲"], "1200.00")
    return made


@pytest.mark.rule("SYS-SCOPE")
@pytest.mark.parametrize(
    ("username", "query"),
    [
        ("finance", ""),
        ("finance", "stage=received"),
        ("finance", "stage=open"),
        ("finance", "q=浪潮"),
        ("lixia", ""),
        ("lixia", "stage=received"),
        ("shizhong", ""),
        ("langchao", ""),
    ],
)
def test_grant_export_rows_are_the_rows_the_filtered_list_shows(world, client_for, grants, username, query):
    client = client_for(username)
    page = client.get(reverse("funding:grant-list") + f"?{query}")
    shown = [g.studio.name for g in page.context["grants"]]
    read = sheet_rows(client.get(reverse("funding:grant-export") + f"?{query}"))
    assert read.title == "创新工作室资助资金"
    *rows, total = read.rows
    assert [r[0] for r in rows] == shown
    assert total[0] == "合计"  # the amounts' totals (SYS-MONEY)
    assert Decimal(str(total[5])) == sum((g.amount for g in page.context["grants"]), Decimal("0"))
    if username in ("lixia", "langchao"):
        assert not any(name.startswith("热力") for name in shown)


@pytest.mark.rule("FUN-AUDIT")
def test_grant_export_carries_received_spent_and_remaining(world, client_for, grants):
    read = sheet_rows(client_for("auditor").get(reverse("funding:grant-export") + "?q=浪潮甲"))
    assert read.header[-3:] == ("收到资助资金", "已支出", "结余")
    assert [Decimal(str(v)) for v in read.rows[0][-3:]] == [Decimal("50000"), Decimal("1200"), Decimal("48800")]


@pytest.mark.rule("SYS-SCOPE")
@pytest.mark.parametrize(
    ("username", "query"), [("auditor", ""), ("auditor", "status=answered"), ("lixia_finance", "")]
)
def test_finding_export_rows_are_the_rows_the_filtered_list_shows(world, client_for, grants, username, query):
    auditor = world.users["auditor"]
    for key, grant in grants.items():
        finding = services.finding_raise(grant=grant, text=f"{key}：请补充材料", by=auditor)
        if key in ("浪潮甲", "热力甲"):
            services.finding_answer(finding=finding, answer="已补充", by=world.users["finance"])
    client = client_for(username)
    shown = [f.text for f in client.get(reverse("funding:finding-list") + f"?{query}").context["findings"]]
    rows = sheet_rows(client.get(reverse("funding:finding-export") + f"?{query}")).rows
    assert [r[3] for r in rows] == shown  # no amounts listed: no 合计 row
    expected = {
        ("auditor", ""): 5,
        ("auditor", "status=answered"): 2,
        ("lixia_finance", ""): 3,
    }[(username, query)]
    assert len(shown) == expected
    if username == "lixia_finance":
        assert not any(text.startswith("热力") for text in shown)


def journal_job(client, union, query=""):
    url = reverse("export-start", args=["funding-journal"]) + f"?union={union.pk}" + (f"&{query}" if query else "")
    response = client.post(url, {"title": f"序时账-{union}"})
    job = ExportJob.objects.latest("pk")
    assert response["Location"] == reverse("export-progress", args=[job.uuid])
    return job


@pytest.mark.rule("FUN-POSTING")
@pytest.mark.parametrize("query", ["", "date_from=&date_to=", "date_from=2026-05-02", "date_to=2026-05-01"])
def test_journal_background_export_rows_are_the_lines_the_page_shows(world, client_for, grants, query):
    union = grants["浪潮甲"].grassroots_union
    services.spending_record(
        grant=grants["浪潮甲"],
        category="training",
        on=DAY.replace(day=3),
        amount=Decimal("300.00"),
        payee="培训中心",
        by=world.users["langchao"],
    )
    client = client_for("auditor")
    entries = client.get(reverse("funding:journal", args=[union.pk]) + f"?{query}").context["entries"]
    shown = [(e.voucher_label, line.account.code, line.debit or None) for e in entries for line in e.lines.all()]
    job = journal_job(client, union, query)
    assert (job.status, job.rows_total, job.rows_done) == ("done", len(shown), len(shown))
    read = sheet_rows(client.get(reverse("export-download", args=[job.uuid])))
    assert read.header == ("日期", "凭证号", "摘要", "科目编号", "科目名称", "借方", "贷方")
    rows = [r for r in read.rows if r[0] != "合计"]
    assert [(r[1], r[3], r[5] and Decimal(str(r[5]))) for r in rows] == shown
    if rows:
        total = read.rows[-1]
        assert total[0] == "合计" and total[5] == total[6] == sum(r[5] or 0 for r in rows)
    assert read.signatures  # a ledger document: 制表/审核/负责人
    # Without a date the page and the export are this month's (nothing in the test books); both dates present and
    # empty mean the whole life of the books.
    assert len(shown) == {"": 0, "date_from=&date_to=": 6, "date_from=2026-05-02": 2, "date_to=2026-05-01": 4}[query]


@pytest.mark.rule("SYS-SCOPE")
def test_journal_export_of_another_unions_books_fails_and_gives_no_file(world, client_for, grants):
    client = client_for("lixia_auditor")
    job = journal_job(client, world.system_unions["市中区总工会"])
    assert (job.status, job.error) == ("failed", "导出失败：账簿不存在或无权查看")
    assert client.get(reverse("export-download", args=[job.uuid])).status_code == 404


@pytest.mark.rule("SYS-SCOPE")
def test_journal_export_needs_a_book_reader(world, client_for, grants):
    job = journal_job(client_for("lixia"), world.system_unions["历下区总工会"])
    assert (job.status, job.error) == ("failed", "导出失败：只有财务和经费审查人员可以导出账簿")


def test_journal_page_offers_the_background_export_with_its_filters(world, client_for, grants):
    union = world.system_unions["历下区总工会"]
    page = client_for("auditor").get(reverse("funding:journal", args=[union.pk]) + "?date_from=2026-05-01")
    action = reverse("export-start", args=["funding-journal"]) + f"?union={union.pk}&amp;date_from=2026-05-01"
    assert f'action="{action}"' in page.content.decode()


@pytest.mark.rule("FUN-POSTING")
def test_ledger_export_without_an_account_covers_every_account(world, client_for, grants):
    union = world.system_unions["历下区总工会"]
    client = client_for("auditor")
    whole_life = reverse("funding:ledger", args=[union.pk]) + "?date_from="
    shown = [str(ledger.account) for ledger in client.get(whole_life).context["ledgers"]]
    *rows, total = sheet_rows(client.get(reverse("funding:ledger", args=[union.pk]) + "?format=xlsx&date_from=")).rows
    assert (total[0], total[3]) == ("合计", "本期发生额合计") and total[4] == total[5]  # the book balances
    exported = list(dict.fromkeys(r[0] for r in rows))
    assert exported == shown
    assert len(shown) > 3
    bank = [r for r in rows if r[0].startswith("102 ") and r[3] == "本期合计"]
    assert [Decimal(str(v)) for v in bank[0][4:]] == [Decimal("100000"), Decimal("100000"), Decimal("0")]


@pytest.mark.rule("FUN-POSTING")
def test_ledger_export_of_one_account(world, client_for, grants):
    union = world.system_unions["历下区总工会"]
    client = client_for("auditor")
    account = client.get(reverse("funding:ledger", args=[union.pk]) + "?date_from=").context["ledgers"][0].account
    url = reverse("funding:ledger", args=[union.pk]) + f"?account={account.pk}&format=xlsx&date_from="
    *rows, total = sheet_rows(client.get(url)).rows
    assert {r[0] for r in rows} == {str(account)} and total[0] == "合计"
