"""The funding exports (jinan_union.exporter): the grant and finding lists as their filters show them, and the
books (journal, general ledger, trial balance) and a grant's fund statement, each also as a PDF
(FUN-POSTING, FUN-AUDIT)."""

from decimal import Decimal
from itertools import islice

from django.core.exceptions import PermissionDenied

from jinan_union import exporter as ex
from jinan_union.enums import Role
from jinan_union.money import format_yuan, yuan_in_capitals

from . import chart, selectors
from .enums import BOOK_READERS, FUNDING_READERS
from .filters import FindingFilter, GrantFilter
from .forms import LedgerForm, PeriodForm, period_of, this_month_by_default
from .models import JournalLine

TABLE_PDF = "funding/pdf/table.html"


@ex.register
class GrantsExport(ex.ListExporter):
    """The grant list: exactly the rows its filters show (SYS-SCOPE through the same selector)."""

    identifier = "funding-grants"
    title = "创新工作室资助资金"
    roles = FUNDING_READERS
    filterset_class = GrantFilter
    columns = [
        ex.text("工作室", 30), ex.text("所在单位", 30), ex.text("系统工会"), ex.text("所在单位基层工会", 30),
        ex.number("命名年度"), ex.money("资助金额"), ex.text("拨付进度"), ex.money("收到资助资金"),
        ex.money("已支出"), ex.money("结余"),
    ]

    def visible(self):
        return selectors.grants_visible_to(self.user).select_related("studio__work_unit")

    def rows(self):
        grants = self.queryset().iterator(chunk_size=500)
        while chunk := list(islice(grants, 500)):  # totals a chunk at a time, in two queries each
            for g in selectors.with_totals(chunk):
                yield [g.studio.name, g.studio.work_unit.name, str(g.system_union), str(g.grassroots_union),
                       g.studio.naming_year, g.amount, g.get_stage_display(), g.totals.received, g.totals.spent,
                       g.totals.remaining]


@ex.register
class FindingsExport(ex.ListExporter):
    identifier = "funding-findings"
    title = "资助资金审查意见"
    roles = (Role.FINANCE, Role.AUDITOR)
    filterset_class = FindingFilter
    columns = [
        ex.text("工作室", 30), ex.text("系统工会"), ex.text("针对", 30), ex.text("审查意见", 40), ex.text("状态"),
        ex.text("审查人"), ex.moment("提出时间"), ex.text("财务答复", 40), ex.text("答复人"), ex.moment("答复时间"),
    ]

    def visible(self):
        return selectors.findings_visible_to(self.user)

    def row(self, f, n):
        target = (f"支出：{f.spending.get_category_display()} ¥{f.spending.amount:,.2f}（{f.spending.payee}）"
                  if f.spending else "整笔资助")
        return [f.grant.studio.name, str(f.grant.system_union), target, f.text, f.get_status_display(),
                f.raised_by.display_name, f.raised_at, f.answer,
                f.answered_by.display_name if f.answered_by else "", f.answered_at]

    def filename(self):
        return "审查意见"


# --- books ----------------------------------------------------------------------------------------


class _Book(ex.Exporter):
    """A union's book (?union=) for a period (the page's date_from, date_to)."""

    roles = BOOK_READERS
    denied = "只有财务和经费审查人员可以导出账簿"
    pdf_template = TABLE_PDF
    form_class = PeriodForm
    name = ""
    this_month = False  # the journal and the ledger default to this month, as their pages do

    def setup(self):
        union_id = self.param("union")
        unions = selectors.book_unions_visible_to(self.user)
        self.union = unions.filter(pk=int(union_id)).first() if union_id.isascii() and union_id.isdigit() else None
        if self.union is None:
            raise PermissionDenied("账簿不存在或无权查看")
        params = this_month_by_default(self.params) if self.this_month else self.params
        self.form = self.form_class(params, **({"union": self.union} if self.form_class is LedgerForm else {}))
        self.date_from, self.date_to, self.period = period_of(self.form)

    signatures = True  # a ledger document: 制表/审核/负责人

    def heading(self):
        return f"{self.union} {self.name} {self.period}"

    def scope_items(self):
        return [("单位", str(self.union)), ("期间", self.period)]

    def filename(self):
        return f"{self.name}-{self.union}"


@ex.register
class JournalExport(_Book):
    """序时账: every line of every entry of the period; long, so big ones run in the background."""

    identifier = "funding-journal"
    title = name = "序时账"
    this_month = True
    columns = [ex.day("日期"), ex.text("凭证号"), ex.text("摘要", 30), ex.text("科目编号"), ex.text("科目名称", 30),
               ex.money("借方"), ex.money("贷方")]

    def entries(self):
        return selectors.journal(self.union, self.date_from, self.date_to)

    def count(self):
        return JournalLine.objects.filter(entry__in=self.entries().values("pk")).count()

    def rows(self):
        # iterator() with a chunk size keeps the prefetch of lines, a chunk of entries at a time.
        for entry in self.entries().iterator(chunk_size=500):
            for line in entry.lines.all():
                yield [entry.date, entry.voucher_label, entry.description, line.account.code,
                       line.account.full_name, line.debit or None, line.credit or None]


@ex.register
class JournalImportExport(JournalExport):
    """The journal in the plain layout finance software imports (FUN-POSTING): one row per line — date, voucher
    number, account code, account name, summary, debit, credit — with the header in row 1 and nothing else: no
    title, no 合计, no signatures; an amount not on a side is 0."""

    identifier = "funding-journal-import"
    title = "序时账（财务软件导入格式）"
    name = "序时账导入"
    office_layout = False
    pdf_template = None
    columns = [ex.day("日期"), ex.text("凭证号"), ex.text("科目编号"), ex.text("科目名称", 30), ex.text("摘要", 30),
               ex.money("借方金额"), ex.money("贷方金额")]

    def rows(self):
        for entry in self.entries().iterator(chunk_size=500):
            for line in entry.lines.all():
                yield [entry.date, entry.voucher_label, line.account.code, line.account.full_name, entry.description,
                       line.debit, line.credit]


@ex.register
class LedgerExport(_Book, ex.TableExporter):
    """总分类账 of the chosen account (?account=), or of every account one after the other when none is chosen."""

    identifier = "funding-ledger"
    title = name = "总分类账"
    this_month = True
    form_class = LedgerForm
    columns = [ex.text("科目", 30), ex.day("日期"), ex.text("凭证号"), ex.text("摘要", 30), ex.money("借方"),
               ex.money("贷方"), ex.money("余额")]

    def setup(self):
        super().setup()
        self.account = self.form.cleaned_data.get("account") if self.form.is_valid() else None
        accounts = [self.account] if self.account else selectors.accounts_of(self.union).filter(parent__isnull=True)
        self.ledgers = selectors.general_ledgers(accounts, self.date_from, self.date_to)

    def table(self):
        rows = []
        for ledger in self.ledgers:
            name = str(ledger.account)
            rows.append([name, None, "", "期初余额", None, None, ledger.opening])
            rows += [[name, r.date, r.voucher, r.description, r.debit or None, r.credit or None, r.balance]
                     for r in ledger.rows]
            rows.append([name, None, "", "本期合计", ledger.debit, ledger.credit, ledger.closing])
        # The accounts' movements together: the debits equal the credits when the book balances.
        debit = sum((ledger.debit for ledger in self.ledgers), Decimal("0.00"))
        credit = sum((ledger.credit for ledger in self.ledgers), Decimal("0.00"))
        return rows, [["合计", None, "", "本期发生额合计", debit, credit, None]]

    def heading(self):
        subject = f" {self.account}" if self.account else ""
        return f"{self.union} 总分类账{subject} {self.period}"

    def filename(self):
        return super().filename() + (f"-{self.account.code}" if self.account else "")


@ex.register
class TrialBalanceExport(_Book, ex.TableExporter):
    identifier = "funding-trial-balance"
    title = name = "科目余额表"
    columns = [ex.text("科目编号"), ex.text("科目名称", 30), ex.money("期初借方"), ex.money("期初贷方"),
               ex.money("本期借方"), ex.money("本期贷方"), ex.money("期末借方"), ex.money("期末贷方")]

    def table(self):
        tb = selectors.trial_balance(self.union, self.date_from, self.date_to)
        rows = [[r.account.code, r.account.full_name, r.opening_debit, r.opening_credit, r.debit, r.credit,
                 r.closing_debit, r.closing_credit] for r in tb.rows]
        t = tb.totals
        return rows, [["合计", "", t.opening_debit, t.opening_credit, t.debit, t.credit, t.closing_debit,
                       t.closing_credit]]


@ex.register
class StatementExport(ex.TableExporter):
    """A grant's fund statement (资助资金使用情况), a payment document: every amount also in capitals (SYS-MONEY)."""

    identifier = "funding-statement"
    title = "资助资金使用情况"
    roles = FUNDING_READERS
    pdf_template = TABLE_PDF
    signatures = True  # a payment document
    columns = [ex.day("日期"), ex.text("类别"), ex.text("收款单位/人", 24), ex.text("用途", 30), ex.money("金额"),
               ex.text("金额大写", 24), ex.text("凭证号")]

    def setup(self):
        self.grant = selectors.grant_or_404(self.user, self.object_id())

    def table(self):
        statement = selectors.fund_statement(self.grant)
        spendings = self.grant.spendings.filter(is_reversed=False).select_related("entry").order_by("date", "pk")
        rows = [[s.date, s.get_category_display(), s.payee, s.description, s.amount, yuan_in_capitals(s.amount),
                 s.entry.voucher_label if s.entry else ""] for s in spendings]
        received = f"收到资助资金（{statement.whereabouts}）" if statement.whereabouts else "收到资助资金"
        totals = [
            (received, statement.received),
            *[(f"支出：{label}", amount) for label, amount in statement.spent_by_category],
            ("支出合计", statement.spent),
            ("结余", statement.remaining),
            ("单位配套资金（另行记录，不计入资助资金）", statement.matching),
        ]
        return rows, [["", label, "", "", amount, yuan_in_capitals(amount), ""] for label, amount in totals]

    def heading(self):
        return f"{self.grant.studio} {self.title}"

    def scope_items(self):
        # S§13: the grassroots union books the grant to 代管经费, with the code its finance keeps.
        custody = selectors.accounts_of(self.grant.grassroots_union).filter(key=chart.CUSTODY).first()
        return [("工作室", self.grant.studio.name), ("基层工会", str(self.grant.grassroots_union)),
                ("资助金额", format_yuan(self.grant.amount)),
                ("核算科目", str(custody) if custody else chart.account_label(chart.CUSTODY))]

    def filename(self):
        return f"{self.title}-{self.grant.studio.name}"
