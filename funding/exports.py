"""Export definitions: each yields the headers, rows and footer of one report (FUN-POSTING, FUN-AUDIT)."""

from dataclasses import dataclass, field

from .selectors import FundStatement, Ledger, TrialBalance


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]
    footer: list[list] = field(default_factory=list)


def journal_table(union, entries, period: str) -> Table:
    rows = []
    for entry in entries:
        for line in entry.lines.all():
            rows.append(
                [
                    entry.date,
                    entry.voucher_label,
                    entry.description,
                    line.account.code,
                    line.account.full_name,
                    line.debit or None,
                    line.credit or None,
                ]
            )
    return Table(f"{union} 序时账 {period}", ["日期", "凭证号", "摘要", "科目编号", "科目名称", "借方", "贷方"], rows)


def ledger_table(union, ledger: Ledger, period: str) -> Table:
    rows = [[None, "", "期初余额", None, None, ledger.opening]]
    rows += [[r.date, r.voucher, r.description, r.debit or None, r.credit or None, r.balance] for r in ledger.rows]
    footer = [["", "", "本期合计", ledger.debit, ledger.credit, ledger.closing]]
    return Table(
        f"{union} 总分类账 {ledger.account} {period}", ["日期", "凭证号", "摘要", "借方", "贷方", "余额"], rows, footer
    )


def trial_balance_table(union, tb: TrialBalance, period: str) -> Table:
    rows = [
        [
            r.account.code,
            r.account.full_name,
            r.opening_debit,
            r.opening_credit,
            r.debit,
            r.credit,
            r.closing_debit,
            r.closing_credit,
        ]
        for r in tb.rows
    ]
    t = tb.totals
    footer = [["合计", "", t.opening_debit, t.opening_credit, t.debit, t.credit, t.closing_debit, t.closing_credit]]
    headers = ["科目编号", "科目名称", "期初借方", "期初贷方", "本期借方", "本期贷方", "期末借方", "期末贷方"]
    return Table(f"{union} 科目余额表 {period}", headers, rows, footer)


def statement_table(statement: FundStatement, spendings) -> Table:
    grant = statement.grant
    rows = [
        [s.date, s.get_category_display(), s.payee, s.description, s.amount, s.entry.voucher_label if s.entry else ""]
        for s in spendings
    ]
    footer = [
        ["", "收到资助资金", "", "", statement.received, ""],
        *[["", f"支出：{label}", "", "", amount, ""] for label, amount in statement.spent_by_category],
        ["", "支出合计", "", "", statement.spent, ""],
        ["", "结余", "", "", statement.remaining, ""],
        ["", "单位配套资金（另行记录，不计入资助资金）", "", "", statement.matching, ""],
    ]
    return Table(
        f"{grant.studio} 资助资金使用情况", ["日期", "类别", "收款单位/人", "用途", "金额", "凭证号"], rows, footer
    )
