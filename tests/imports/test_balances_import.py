"""SYS-IMPORT with FUN-POSTING: opening balances are one balanced voucher per union, posted through the one
posting service; undone by reversing vouchers, never by deleting a journal row."""

from datetime import date
from decimal import Decimal

import pytest

from funding.models import JournalEntry, JournalLine
from funding.selectors import trial_balance
from imports import services
from imports.enums import BatchState
from jinan_union.errors import DomainError

from .factories import balance_rows, filled

pytestmark = pytest.mark.rule("SYS-IMPORT")


def run(world, rows, user="finance"):
    return services.dry_run(kind="balances", upload=filled("balances", world.users[user], rows), by=world.users[user])


@pytest.mark.rule("FUN-POSTING")
def test_opening_balances_keep_the_trial_balance_balanced_and_undo_reverses_them(world):
    finance = world.users["finance"]
    rows = balance_rows() + balance_rows("山东浪潮通用软件有限公司工会")
    batch = services.batch_create(kind="balances", upload=filled("balances", finance, rows), by=finance)
    services.batch_import(batch=batch, by=finance)
    lixia = world.system_unions["历下区总工会"]
    entry = JournalEntry.objects.get(union=lixia)
    assert (entry.date, entry.amount, entry.cause) == (date(2025, 12, 31), Decimal("150000.00"), batch)
    assert entry.description == f"期初余额（{batch}）"
    tb = trial_balance(lixia, date_from=date(2026, 1, 1))
    assert tb.balances
    opening = {r.account.code: (r.opening_debit, r.opening_credit)
               for r in tb.rows if r.opening_debit or r.opening_credit}
    assert opening == {"102": (Decimal("150000.00"), 0), "231": (0, Decimal("100000.00")),
                       "321": (0, Decimal("50000.00"))}

    lines = JournalLine.objects.count()
    services.batch_undo(batch=batch, by=finance, reason="余额表取错了月份")
    batch.refresh_from_db()
    assert batch.status == BatchState.UNDONE
    assert JournalLine.objects.count() == 2 * lines  # the reversals are new rows; nothing was deleted
    reversal = JournalEntry.objects.get(reverses=entry)
    assert reversal.date == entry.date and "余额表取错了月份" in reversal.description
    tb = trial_balance(lixia, date_from=date(2026, 1, 1))
    assert tb.balances and not any(r.opening_debit or r.opening_credit for r in tb.rows)
    # Imported again after the undo.
    assert run(world, balance_rows()).clean


def test_every_problem_of_the_balances_is_listed_by_row(world):
    rows = balance_rows()
    rows[0]["借方余额"] = "15万"
    rows += [{"工会": "济南市总工会财务部", "期初日期": date(2025, 12, 31), "科目编号": "102", "借方余额": 1},
             {"工会": "市中区总工会", "期初日期": date(2025, 12, 31), "科目编号": "403", "借方余额": 1},
             {"工会": "市中区总工会", "期初日期": date(2025, 12, 31), "科目编号": "102", "科目名称": "现金",
              "借方余额": 5, "贷方余额": 5}]
    found = {(p.row, p.column): p.message for p in run(world, rows).problems}
    assert found[(2, "借方余额")].startswith("“15万”不是金额")
    assert found[(5, "工会")] == "“济南市总工会财务部”是市总工会的部门，不单独记账。"
    assert found[(6, "科目编号")].startswith("“403”不是“市中区总工会”可录期初余额的科目")
    assert found[(7, "科目名称")] == "科目102的名称是“银行存款”，不是“现金”。"
    assert found[(7, "借方余额")] == "借方余额和贷方余额须且只能填写一个大于零的金额。"
    # With the bad amount fixed, 历下's rows do not balance: said once, on its first row, with the totals.
    rows[0]["借方余额"] = Decimal("140000")
    found = {(p.row, p.column): p.message for p in run(world, rows[:3]).problems}
    assert found == {(2, "借方余额"): "“历下区总工会”的期初余额借贷不平衡（第2、3、4行）：借方合计 ¥140,000.00，"
                                     "贷方合计 ¥150,000.00。"}


def test_only_municipal_finance_imports_balances_and_only_once_per_union(world):
    with pytest.raises(DomainError) as refused:
        run(world, balance_rows(), user="lixia_finance")
    assert refused.value.forbidden
    finance = world.users["finance"]
    batch = services.batch_create(kind="balances", upload=filled("balances", finance, balance_rows()), by=finance)
    services.batch_import(batch=batch, by=finance)
    problems = run(world, balance_rows(on=date(2024, 12, 31))).problems
    assert problems[0].message == "“历下区总工会”已导入过期初余额；如需更正，请先撤销原导入。"


@pytest.mark.rule("FUN-POSTING")
def test_the_fund_balance_takes_its_corrected_code_321_and_posts_to_the_unions_account(world):
    """工会资金结余 is 321 in the 2021 chart; 303 (投资基金 there) is refused, naming the codes the sheet takes."""
    rows = balance_rows()
    rows[2]["科目编号"] = "303"
    [problem] = run(world, rows).problems
    assert (problem.row, problem.column) == (4, "科目编号")
    assert problem.message == ("“303”不是“历下区总工会”可录期初余额的科目，只能填写：101 库存现金、102 银行存款、"
                               "231 代管经费、321 工会资金结余。")
    rows[2].update({"科目编号": "321", "科目名称": "工会资金结余"})
    assert run(world, rows).clean
    finance = world.users["finance"]
    batch = services.batch_create(kind="balances", upload=filled("balances", finance, rows), by=finance)
    services.batch_import(batch=batch, by=finance)
    line = JournalLine.objects.get(entry__union=world.system_unions["历下区总工会"], credit=Decimal("50000.00"))
    assert (line.account.key, str(line.account)) == ("fund_balance", "321 工会资金结余")


@pytest.mark.rule("FUN-POSTING")
def test_a_union_whose_finance_changed_a_code_imports_by_its_own_code(world):
    """The chart is each union's data: after 历下's finance renumbered 银行存款 102 → 1002, its opening balances
    name 1002 (posted to its bank account), and 102 is refused with the codes it does keep."""
    from funding import chart
    from funding import services as funding
    from funding.models import Account

    lixia = world.system_unions["历下区总工会"]
    funding.ensure_chart(lixia)
    funding.account_change(account=Account.objects.get(union=lixia, key=chart.BANK), by=world.users["lixia_finance"],
                           code="1002", name="银行存款", reason="按本工会执行的科目表调整")
    found = {(p.row, p.column): p.message for p in run(world, balance_rows()).problems}
    assert found == {(2, "科目编号"): "“102”不是“历下区总工会”可录期初余额的科目，只能填写："
                                     "101 库存现金、1002 银行存款、231 代管经费、321 工会资金结余。"}
    rows = balance_rows()
    rows[0]["科目编号"] = "1002"
    # Another union, still on the default codes, imports 102 in the same sheet.
    rows += balance_rows("山东浪潮通用软件有限公司工会")
    finance = world.users["finance"]
    batch = services.batch_create(kind="balances", upload=filled("balances", finance, rows), by=finance)
    services.batch_import(batch=batch, by=finance)
    entry = JournalEntry.objects.get(union=lixia)
    bank = entry.lines.get(debit=Decimal("150000.00")).account
    assert (bank.key, bank.code) == (chart.BANK, "1002")
