"""The hazards' exports (jinan_union.exporter): the report and application lists, an application's summary
sheet (汇总表) and a round's award payment sheet (奖励发放表), each also a PDF where it is a form to print."""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied

from jinan_union import exporter as ex
from jinan_union.documents import chinese_date
from jinan_union.enums import OrgKind, Role
from jinan_union.models import Organisation
from jinan_union.money import format_yuan, yuan_in_capitals
from jinan_union.scope import get_visible_or_404, scope_by_org, sees_everything

from . import clock, selectors
from .enums import READERS, FinderKind, Grade, ReportState, RoundState
from .filters import ApplicationFilter, ReportFilter
from .grading import GRADE_LABELS, grade_for
from .models import HazardReport, Round

REPORTS_EXPORT = "hazards-reports"
APPLICATIONS_EXPORT = "hazards-applications"
MUNICIPAL = (Role.REVIEWER, Role.FINANCE, Role.AUDITOR)


@ex.register
class ReportsExport(ex.ListExporter):
    """What the report list shows this user with these filters (SYS-SCOPE: the same visibility query)."""

    identifier = REPORTS_EXPORT
    title = "事故隐患报告列表"
    roles = READERS
    filterset_class = ReportFilter
    columns = [
        ex.number("编号"), ex.text("填报工会"), ex.text("发现人"), ex.text("发现人所在单位", 24),
        ex.text("隐患单位", 24), ex.text("隐患部位", 24), ex.text("专家评定等级"), ex.text("计算等级"),
        ex.text("认定等级"), ex.text("状态"), ex.money("奖励金额（元）"), ex.text("不予奖励原因", 24),
    ]

    def visible(self):
        return selectors.report_list_for(self.user)

    def rows(self):
        """Values, not model instances (issue 10: the 200,000-row export built five objects per report); the cells
        are what the report's own properties show (finder_display, the grade labels), tests/hazards/
        test_report_export_rows.py compares them."""
        fields = ("pk", "union__name", "finder_kind", "finder_name", "finder_unit__name", "hazard_unit__name",
                  "location", "expert_grade", "deaths", "serious_injuries", "direct_loss", "reassessed_grade",
                  "status", "reward_amount", "reward_note")
        states = dict(ReportState.choices)
        for (pk, union, kind, finder, finder_unit, unit, location, expert, deaths, injuries, loss, reassessed, status,
             amount, note) in self.queryset().values_list(*fields).iterator(chunk_size=2000):
            computed = None if None in (deaths, injuries, loss) else grade_for(deaths, injuries, loss)
            yield [
                pk, union, f"{finder}（集体）" if kind == FinderKind.COLLECTIVE else finder, finder_unit or "",
                unit or "", location, Grade(expert).label if expert else "", GRADE_LABELS.get(computed, "—"),
                GRADE_LABELS.get(reassessed or expert, "—"), states[status], amount, note,
            ]


REPORT_HEADERS = [c.label for c in ReportsExport.columns]


@ex.register
class ApplicationsExport(ex.ListExporter):
    """What the application list shows this user with these filters (SYS-SCOPE)."""

    identifier = APPLICATIONS_EXPORT
    title = "隐患奖励申报列表"
    roles = READERS
    filterset_class = ApplicationFilter
    columns = [ex.number("编号"), ex.text("年度"), ex.text("申报工会"), ex.number("隐患数"), ex.text("状态"),
               ex.moment("报送时间"), ex.text("报送人")]

    def visible(self):
        return selectors.application_list_for(self.user)

    def row(self, a, n):
        return [a.pk, str(a.round), str(a.union), a.report_count, a.get_status_display(), a.submitted_at,
                str(a.submitted_by or "")]


APPLICATION_HEADERS = [c.label for c in ApplicationsExport.columns]


@ex.register
class SummaryExport(ex.ListExporter):
    """An application's summary sheet (汇总表): its reports, in the order they were reported."""

    identifier = "hazards-summary"
    title = "职工排查安全生产事故隐患汇总表"
    roles = READERS
    pdf_template = "hazards/pdf/summary.html"
    columns = [
        ex.number("序号"), ex.text("发现人"), ex.text("类型"), ex.text("发现人所在单位", 24), ex.text("隐患单位", 24),
        ex.text("隐患部位", 24), ex.text("可能后果（死亡/重伤/直接损失）", 24), ex.text("专家评定等级"),
        ex.day("发现日期"), ex.moment("报告单位时间"), ex.text("整改情况"), ex.day("整改日期"),
    ]

    def setup(self):
        self.application = get_visible_or_404(selectors.application_list_for(self.user), pk=self.object_id())

    def queryset(self):
        return self.application.reports.select_related("hazard_unit", "finder_unit").order_by("reported_at", "pk")

    def row(self, r, n):
        return [
            n, r.finder_name, FinderKind(r.finder_kind).label, str(r.finder_unit or ""), str(r.hazard_unit or ""),
            r.location, f"{r.deaths}/{r.serious_injuries}/{format_yuan(r.direct_loss)}",
            r.get_expert_grade_display() or "", r.found_on, r.reported_at, r.get_rectification_display(),
            r.rectified_on,
        ]

    def footer(self):
        return [["合计", f"{self.count()} 项"]]

    def heading(self):
        return f"{self.title}（{self.application.union} · {self.application.round}）"

    def scope_items(self):
        return [("申报工会", str(self.application.union)), ("年度", str(self.application.round))]

    def made_on(self):
        return chinese_date(clock.now())  # the hazards' clock, as the round's deadlines

    def filename(self):
        return f"汇总表-{self.application.union}-{self.application.round.year}"

    def context(self):
        return {"application": self.application}


def payment_table(reports: Iterable[HazardReport]) -> tuple[list[list], list[list], Decimal]:
    """Rows, subtotal lines per union, and the grand total (SYS-MONEY: Decimal throughout)."""
    rows, subtotals, per_union = [], [], {}
    for index, r in enumerate(reports, start=1):
        rows.append([
            index, str(r.union), r.finder_display, str(r.finder_unit or ""), str(r.hazard_unit or ""), r.location,
            r.effective_grade_label, r.reward_amount, yuan_in_capitals(r.reward_amount),
        ])
        if r.finder_kind == FinderKind.COLLECTIVE:  # HAZ-PAYEE: the members' parts under the collective's row
            from .services import split_of

            for payee, part in split_of(r):
                rows.append(["", "", f"其中：{payee.name}", "", "", "", "", part, yuan_in_capitals(part)])
        per_union[str(r.union)] = per_union.get(str(r.union), Decimal("0.00")) + r.reward_amount
    for union, amount in per_union.items():
        subtotals.append(["", f"{union} 小计", "", "", "", "", "", amount, yuan_in_capitals(amount)])
    total = sum(per_union.values(), Decimal("0.00"))
    return rows, subtotals, total


@ex.register
class PaymentExport(ex.TableExporter):
    """A round's award payment sheet: the whole city or one union (?union=) for the municipal union; a system
    union's finance reads only its own rows, and only once the round is paid (SYS-SCOPE)."""

    identifier = "hazards-payment"
    title = "职工排查安全生产事故隐患奖励发放表"
    roles = MUNICIPAL
    pdf_template = "hazards/pdf/payment.html"
    pdf_in_parts = True  # a city-wide sheet runs to thousands of rows: rendered in parts (jinan_union.exporter)
    signatures = True  # a payment document
    columns = [
        ex.number("序号"), ex.text("申报工会"), ex.text("发现人"), ex.text("发现人所在单位", 24),
        ex.text("隐患单位", 24), ex.text("隐患部位", 24), ex.text("认定等级"), ex.money("奖励金额（元）"),
        ex.text("大写金额", 24),
    ]

    def setup(self):
        self.union = None
        round_ = get_visible_or_404(Round.objects.select_related("scheme__union"), pk=self.object_id())
        if round_.scheme_id and selectors.may_read_round(self.user, round_):
            # HAZ-SCHEME: a union's own round — its sheet is the union's, for the municipal union and its staff.
            self.round = round_
            self.reports = selectors.payment_rows(self.round)
            self.scope = str(round_.scheme.union)
            return
        if sees_everything(self.user):
            self.round = get_visible_or_404(Round.objects.filter(scheme__isnull=True), pk=self.object_id())
            if self.param("union"):
                self.union = get_visible_or_404(Organisation.objects.all(), pk=self.object_id("union"))
            self.reports = selectors.payment_rows(self.round, self.union)
        else:
            org = self.user.organisation
            if not (self.user.has_role(Role.FINANCE) and org is not None and org.kind == OrgKind.SYSTEM):
                raise PermissionDenied("只有市总工会和系统工会财务可以查看。")
            self.union = org
            self.round = get_visible_or_404(Round.objects.filter(status=RoundState.PAID, scheme__isnull=True),
                                            pk=self.object_id())
            self.reports = scope_by_org(selectors.payment_rows(self.round), self.user, "union")
        self.scope = f"{self.union}" if self.union else "全市"

    def table(self):
        rows, subtotals, total = payment_table(self.reports)
        return rows, [*subtotals, ["", "合计", "", "", "", "", "", total, yuan_in_capitals(total)]]

    def heading(self):
        return f"{self.round}{self.title}（{self.scope}）"

    def scope_items(self):
        return [("范围", self.scope), ("年度", str(self.round))]

    def made_on(self):
        return chinese_date(clock.now())  # the hazards' clock, as the round's deadlines

    def filename(self):
        return f"奖励发放表-{self.round.year}-{self.scope}"

    def context(self):
        *subtotals, (*_, total, capitals) = self.footer()
        return {"round": self.round, "scope": self.scope, "subtotals": subtotals, "total_text": format_yuan(total),
                "total_capitals": capitals}


@ex.register
class BankFileExport(ex.TableExporter):
    """HAZ-PAYEE: the round's bank batch file (银行批量代发文件) — the issued, not yet settled payments with the
    payees' full ID and account numbers. The only export that carries them unmasked: for the paying finance
    only, and every generation is recorded in the round's history (it is started by a POST)."""

    identifier = "hazards-bank-file"
    title = "职工排查安全生产事故隐患奖励银行批量代发文件"
    roles = (Role.FINANCE,)
    office_layout = False  # the bank's system reads it: its header in row 1 (docs/decisions.md, documents)
    columns = [
        ex.number("序号"), ex.text("收款人姓名"), ex.text("身份证号码", 22), ex.text("开户银行", 18),
        ex.text("开户网点", 24), ex.text("银行账号", 26), ex.money("金额（元）"), ex.text("备注", 24),
    ]

    def setup(self):
        from jinan_union.audit import record_change

        from . import permissions as may
        from .enums import PaymentState
        from .models import Payment
        from .services import REVEALED

        self.round = get_visible_or_404(Round.objects.all(), pk=self.object_id())
        ok, reason = may.can_issue_payments(self.user, self.round)
        if not ok:
            raise PermissionDenied(reason)
        self.payments = list(
            Payment.objects.filter(round=self.round, status=PaymentState.ISSUED)
            .select_related("payee", "report").order_by("report_id", "payee__order", "pk")
        )
        record_change(self.round, actor=self.user, action=f"{REVEALED}（银行批量文件）",
                      comment=f"{len(self.payments)} 笔")

    def table(self):
        rows = [
            [n, p.payee.name, p.payee.id_number, p.payee.bank, p.payee.branch, p.payee.account, p.amount,
             f"隐患#{p.report_id} 第{p.attempt}次发放"]
            for n, p in enumerate(self.payments, start=1)
        ]
        total = sum((p.amount for p in self.payments), Decimal("0.00"))
        return rows, [["", "合计", "", "", "", "", total, f"{len(rows)} 笔"]]

    def heading(self):
        return f"{self.round}{self.title}"

    def filename(self):
        return f"银行批量文件-{self.round.year}"
