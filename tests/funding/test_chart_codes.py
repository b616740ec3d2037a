"""FUN-POSTING (S§13): the chart's default codes follow the 2021 《工会会计制度》 chart as far as we could establish it
(docs/decisions/funding.md): 业务支出—专项业务费 50304 beside 外事费 50303, 其他业务支出 50399, 工会资金结余 321.
Migration funding/0007 moves the books of a live database there without overriding what finance set."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from funding import chart, services
from funding.enums import TransferStep
from funding.models import Account, AccountVersion
from jinan_union.models import ExportJob
from tests import sheets
from tests.core.test_document_layout import pdf_text, squeezed

from .factories import DAY, fund_fully, make_grant

pytestmark = pytest.mark.rule("FUN-POSTING")

MIGRATION = "0007_chart_keys_by_meaning_and_2021_codes"
migration = import_module(f"funding.migrations.{MIGRATION}")


def codes(union) -> dict[str, str]:
    return dict(Account.objects.filter(union=union).values_list("key", "code"))


def shipped_chart(union) -> None:
    """The union's chart as migration 0006 left it: keyed by the code each account was shipped with."""
    made = {}
    for code, name, kind, parent in chart.SHIPPED_CHART:
        made[code] = Account.objects.create(union=union, key=code, code=code, name=name, type=kind,
                                            parent=made[parent] if parent else None)


def recoded_by_finance(union, user, code, new) -> None:
    account = Account.objects.get(union=union, code=code)
    AccountVersion.objects.create(account=account, old_code=code, old_name=account.name, code=new, name=account.name,
                                  reason="按本工会执行的科目表调整", changed_by=user)
    Account.objects.filter(pk=account.pk).update(code=new)


def historical_apps():
    """The models as migration 0007's data step sees them (after its two field changes)."""
    return MigrationLoader(connection).project_state(("funding", MIGRATION)).apps


CORRECTED = {
    "cash": "101", "bank": "102", "custody": "231", "fund_balance": "321", "subsidy_income": "403",
    "subsidy_general": "40301", "subsidy_special": "40302", "business": "503", "biz_training": "50301",
    "biz_meeting": "50302", "biz_foreign": "50303", "biz_special": "50304", "biz_other": "50399",
    "grants_lower": "506", "grants_lower_special": "50602",
}


def test_the_default_chart_is_the_corrected_one():
    assert chart.DEFAULT_CODES == CORRECTED
    assert chart.account_label(chart.SPECIAL_BUSINESS_EXPENSE) == "50304 业务支出—专项业务费"
    assert chart.account_label(chart.FOREIGN_AFFAIRS) == "50303 业务支出—外事费"
    assert chart.account_label(chart.FUND_BALANCE) == "321 工会资金结余"


def test_the_migration_recodes_the_old_defaults_and_leaves_what_finance_set(world, client_for):
    pristine = world.system_unions["历下区总工会"]
    done_by_finance = world.municipal
    odd = world.units["山东浪潮通用软件有限公司"].grassroots_union
    for union in (pristine, done_by_finance, odd):
        shipped_chart(union)
    finance = world.users["finance"]
    # The municipal finance already set the 2021 codes by hand, in the only order the unique codes allow.
    for code, new in (("50304", "50399"), ("50303", "50304"), ("303", "321")):
        recoded_by_finance(done_by_finance, finance, code, new)
    # The grassroots finance moved 专项业务费 to 50399 and 会议费 to 50303: both targets of the defaults are taken.
    recoded_by_finance(odd, finance, "50303", "50399")
    recoded_by_finance(odd, finance, "50302", "50303")

    migration.forward(historical_apps(), None)

    assert codes(pristine) == CORRECTED
    system_made = AccountVersion.objects.filter(changed_by=None).order_by("pk")
    # Within a union in this order (a code is freed before it is taken); the unions in whatever order the
    # database hands them over (a stable sort by union keeps each union's own order).
    def by_union(rows):
        return sorted(rows, key=lambda row: row[0].pk)

    assert by_union([(v.account.union, v.account.key, v.old_code, v.code, v.name, v.reason) for v in system_made]) == \
        by_union([
            (pristine, "biz_other", "50304", "50399", "其他业务支出", migration.REASON),
            (pristine, "biz_special", "50303", "50304", "专项业务费", migration.REASON),
            (pristine, "fund_balance", "303", "321", "工会资金结余", migration.REASON),
            (odd, "fund_balance", "303", "321", "工会资金结余", migration.REASON),
        ])
    assert migration.REASON == "按《工会会计制度》（财会〔2021〕7号）科目表更正默认编号"
    assert codes(done_by_finance) == CORRECTED  # nothing left for the migration but 外事费
    assert codes(odd) == {**CORRECTED, "biz_meeting": "50303", "biz_special": "50399", "biz_other": "50304",
                          "biz_foreign": "503031"}
    foreign = Account.objects.get(union=odd, key=chart.FOREIGN_AFFAIRS)
    assert (str(foreign), foreign.type) == ("503031 业务支出—外事费", "expenditure")
    # Postings find 专项业务费 by its new key wherever finance put it.
    assert str(services.ensure_chart(odd)[chart.SPECIAL_BUSINESS_EXPENSE]) == "50399 业务支出—专项业务费"
    assert len(services.ensure_chart(pristine)) == len(chart.CHART)

    page = client_for("finance").get(reverse("funding:chart", args=[pristine.pk])).content.decode()
    assert "<td>系统（数据迁移）</td><td>50304 其他业务支出</td><td>50399 其他业务支出</td>" in page
    assert "<td>系统（数据迁移）</td><td>50303 专项业务费</td><td>50304 专项业务费</td>" in page
    assert "请核对编号（" not in page
    page = client_for("finance").get(reverse("funding:chart", args=[odd.pk])).content.decode()
    # Codes nobody chose: the placeholder of 外事费, and 其他业务支出 still on its old default.
    assert 'data-testid="code-to-check-biz_foreign">请核对编号（预置 50303）' in page
    assert 'data-testid="code-to-check-biz_other">请核对编号（预置 50399）' in page
    assert page.count("请核对编号（") == 2


def test_the_migration_goes_back_to_the_shipped_chart(world):
    union = world.system_unions["历下区总工会"]
    shipped_chart(union)
    recoded_by_finance(union, world.users["finance"], "102", "1002")
    apps = historical_apps()
    migration.forward(apps, None)
    migration.backward(apps, connection.schema_editor())  # not entered: SQLite's refuses inside a transaction
    assert codes(union) == {code: ("1002" if code == "102" else code) for code, *_ in chart.SHIPPED_CHART}
    assert list(AccountVersion.objects.values_list("old_code", "code", "changed_by")) == [
        ("102", "1002", world.users["finance"].pk)]


def test_a_default_code_taken_by_finance_gives_the_new_account_a_placeholder(world):
    union = world.system_unions["历下区总工会"]
    services.ensure_chart(union)
    # A chart from before 外事费, whose finance gave 50303 and 503031 to other accounts.
    Account.objects.filter(union=union, key=chart.FOREIGN_AFFAIRS).delete()
    finance = world.users["lixia_finance"]
    for key, code in ((chart.SPECIAL_BUSINESS_EXPENSE, "5030401"), (chart.MEETINGS, "50303"),
                      (chart.TRAINING, "503031")):
        services.account_change(account=Account.objects.get(union=union, key=key), by=finance, code=code,
                                name=Account.objects.get(union=union, key=key).name, reason="按科目表调整")
    foreign = services.ensure_chart(union)[chart.FOREIGN_AFFAIRS]
    assert (foreign.code, foreign.full_name) == ("503032", "业务支出—外事费")
    assert chart.placeholder_code("50303", set()) == "503031"
    # Finance sets it like any other code.
    services.account_change(account=foreign, by=finance, code="5030302", name="外事费", reason="按科目表设置")
    assert Account.objects.get(pk=foreign.pk).code == "5030302"


def test_passing_the_grant_on_posts_to_50304_and_the_voucher_and_journal_export_print_it(world, client_for):
    grant = fund_fully(world, make_grant(world))
    transfer = grant.transfers.get(step=TransferStep.SYSTEM_PASSES_ON)
    assert [(str(line.account), line.debit, line.credit) for line in transfer.entry.lines.all()] == [
        ("50304 业务支出—专项业务费", Decimal("50000.00"), Decimal("0.00")),
        ("102 银行存款", Decimal("0.00"), Decimal("50000.00")),
    ]
    client = client_for("auditor")
    voucher = squeezed(pdf_text(client.get(
        reverse("funding:entry-detail", args=[transfer.entry_id]) + "?format=pdf").content))
    assert "50304业务支出—专项业务费" in voucher
    union = grant.system_union
    client.post(reverse("export-start", args=["funding-journal-import"]) + f"?union={union.pk}&date_from=",
                {"title": "导入"})
    job = ExportJob.objects.get()
    read = sheets.read(client.get(reverse("export-download", args=[job.uuid])))
    assert [(r[2], r[3], Decimal(str(r[5]))) for r in read.rows if r[1] == transfer.entry.voucher_label] == [
        ("50304", "业务支出—专项业务费", Decimal("50000.00")), ("102", "银行存款", Decimal("0")),
    ]
    assert read.rows[0][0].date() == DAY
