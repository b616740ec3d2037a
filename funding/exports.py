"""Export definitions: each yields the headers, rows and footer of one report (FUN-POSTING, FUN-AUDIT).

The list exports take the same filtered queryset the page shows, so they export what the filters show.
The journal, which can be long, is also registered as a background exporter (jinan_union.exports).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied

from jinan_union.exports import ExportSpec
from jinan_union.models import User
from jinan_union.money import yuan_in_capitals

from .enums import BOOK_READERS
from .forms import PeriodForm, period_of
from .models import Finding, Grant, JournalEntry, JournalLine
from .selectors import FundStatement, Ledger, TrialBalance, book_unions_visible_to, journal, with_totals


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]
    footer: list[list] = field(default_factory=list)


# --- list pages -----------------------------------------------------------------------------------

GRANT_HEADERS = [
    "工作室",
    "所在单位",
    "系统工会",
    "所在单位基层工会",
    "命名年度",
    "资助金额",
    "拨付进度",
    "收到资助资金",
    "已支出",
    "结余",
]


def grant_rows(grants: Iterable[Grant]) -> list[list]:
    return [
        [
            g.studio.name,
            g.studio.work_unit.name,
            str(g.system_union),
            str(g.grassroots_union),
            g.studio.naming_year,
            g.amount,
            g.get_stage_display(),
            g.totals.received,
            g.totals.spent,
            g.totals.remaining,
        ]
        for g in (grants if isinstance(grants, list) else with_totals(grants))
    ]


FINDING_HEADERS = [
    "工作室",
    "系统工会",
    "针对",
    "审查意见",
    "状态",
    "审查人",
    "提出时间",
    "财务答复",
    "答复人",
    "答复时间",
]


def finding_rows(findings: Iterable[Finding]) -> list[list]:
    return [
        [
            f.grant.studio.name,
            str(f.grant.system_union),
            f"支出：{f.spending.get_category_display()} ¥{f.spending.amount:,.2f}（{f.spending.payee}）"
            if f.spending
            else "整笔资助",
            f.text,
            f.get_status_display(),
            f.raised_by.display_name,
            f.raised_at,
            f.answer,
            f.answered_by.display_name if f.answered_by else "",
            f.answered_at,
        ]
        for f in findings
    ]


# --- books ----------------------------------------------------------------------------------------

JOURNAL_HEADERS = ["日期", "凭证号", "摘要", "科目编号", "科目名称", "借方", "贷方"]


def journal_rows(entries: Iterable[JournalEntry]) -> Iterator[list]:
    for entry in entries:
        for line in entry.lines.all():
            yield [
                entry.date,
                entry.voucher_label,
                entry.description,
                line.account.code,
                line.account.full_name,
                line.debit or None,
                line.credit or None,
            ]


def journal_table(union, entries, period: str) -> Table:
    return Table(f"{union} 序时账 {period}", JOURNAL_HEADERS, list(journal_rows(entries)))


def journal_export(user: User, params: dict) -> ExportSpec:
    """Background export of a union's journal: `union` and the page's period filters as the query string."""
    if not user.has_role(*BOOK_READERS):
        raise PermissionDenied("只有财务和经费审查人员可以导出账簿")
    union_id = (params.get("union") or [""])[-1]
    union = book_unions_visible_to(user).filter(pk=int(union_id)).first() if union_id.isdigit() else None
    if union is None:
        raise PermissionDenied("账簿不存在或无权查看")
    date_from, date_to, label = period_of(PeriodForm({key: values[-1] for key, values in params.items() if values}))
    entries = journal(union, date_from, date_to)
    return ExportSpec(
        title=f"{union} 序时账 {label}",
        headers=JOURNAL_HEADERS,
        # iterator() with a chunk size keeps the prefetch of lines, a chunk of entries at a time.
        rows=journal_rows(entries.iterator(chunk_size=500)),
        total=JournalLine.objects.filter(entry__in=entries.values("pk")).count(),
    )


LEDGER_HEADERS = ["科目", "日期", "凭证号", "摘要", "借方", "贷方", "余额"]


def ledger_table(union, ledgers: list[Ledger], period: str) -> Table:
    """总分类账 of the chosen account, or of every account one after the other when none is chosen."""
    rows = []
    for ledger in ledgers:
        name = str(ledger.account)
        rows.append([name, None, "", "期初余额", None, None, ledger.opening])
        rows += [
            [name, r.date, r.voucher, r.description, r.debit or None, r.credit or None, r.balance] for r in ledger.rows
        ]
        rows.append([name, None, "", "本期合计", ledger.debit, ledger.credit, ledger.closing])
    subject = f" {ledgers[0].account}" if len(ledgers) == 1 else ""
    return Table(f"{union} 总分类账{subject} {period}", LEDGER_HEADERS, rows)


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
    # A payment document: every amount also in Chinese capitals (SYS-MONEY).
    rows = [
        [
            s.date,
            s.get_category_display(),
            s.payee,
            s.description,
            s.amount,
            yuan_in_capitals(s.amount),
            s.entry.voucher_label if s.entry else "",
        ]
        for s in spendings
    ]
    totals = [
        (f"收到资助资金（{statement.whereabouts}）" if statement.whereabouts else "收到资助资金", statement.received),
        *[(f"支出：{label}", amount) for label, amount in statement.spent_by_category],
        ("支出合计", statement.spent),
        ("结余", statement.remaining),
        ("单位配套资金（另行记录，不计入资助资金）", statement.matching),
    ]
    footer = [["", label, "", "", amount, yuan_in_capitals(amount), ""] for label, amount in totals]
    headers = ["日期", "类别", "收款单位/人", "用途", "金额", "金额大写", "凭证号"]
    return Table(f"{grant.studio} 资助资金使用情况", headers, rows, footer)
