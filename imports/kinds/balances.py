"""Opening balances of each union's grant accounts (FUN-POSTING): one balanced opening voucher (期初余额) per
union, posted through funding.services.post_entry. Undone by reversing vouchers (红字冲销), never by deleting
a journal row (docs/decisions/imports.md)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min
from django.utils import timezone

from funding import chart
from funding.chart import BOOKKEEPING_KINDS
from funding.models import JournalEntry
from funding.services import post_entry, reverse_entry
from jinan_union.audit import record_change
from jinan_union.money import format_yuan

from ..models import ImportBatch, ImportedRecord
from ..sheets import DATE, MONEY, Col, Problem, Row
from . import Kind, Names, duplicates, records_of

ZERO = Decimal("0.00")
# Balance-sheet accounts only: income and expenditure are closed into the fund balance at the year's end. A row
# names the account by the union's own code (its finance keeps the chart: funding.services.account_change); a union
# whose chart is not made yet (no posting so far) uses the default codes (funding.chart.CHART), which its first
# posting creates. Each row posts to the union's account of that key, whatever its code.
OPENING_KEYS = (chart.CASH, chart.BANK, chart.CUSTODY, chart.FUND_BALANCE)
KEY_OF = {chart.DEFAULT_CODES[key]: key for key in OPENING_KEYS}
OPENING_CODES = tuple(KEY_OF)
NAMES = {code: name for key, code, name, _, _ in chart.CHART if key in OPENING_KEYS}
DEFAULT_ACCOUNTS = {code: (KEY_OF[code], NAMES[code]) for code in OPENING_CODES}


def opening_accounts(union_ids) -> dict[int, dict[str, tuple[str, str]]]:
    """For each union, its balance-sheet accounts by code: code → (key, name); the defaults where it has no chart."""
    from funding.models import Account

    found: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    for union_id, code, key, name in Account.objects.filter(union_id__in=union_ids, key__in=OPENING_KEYS).values_list(
            "union_id", "code", "key", "name"):
        found[union_id][code] = (key, name)
    return {pk: found.get(pk) or DEFAULT_ACCOUNTS for pk in union_ids}


COLUMNS = (
    Col("union", "工会", required=True, help="记账工会的全称（市总工会、系统工会或基层工会）",
        example="历下区总工会", width=30),
    Col("date", "期初日期", DATE, required=True,
        help="期初余额的记账日期，同一工会各行相同；须早于该工会账簿中已有的凭证", example=date(2025, 12, 31)),
    Col("code", "科目编号", required=True, example="102", width=10, max_length=10,
        help=f"只录入资产、负债和净资产科目，填本工会科目表中的编号（默认：{'、'.join(OPENING_CODES)}）"),
    Col("account", "科目名称", help="选填，填写时须与科目编号一致", example="银行存款", width=14, max_length=60),
    Col("debit", "借方余额", MONEY, help="借方余额与贷方余额只填一个", example=Decimal("150000.00")),
    Col("credit", "贷方余额", MONEY, example=None),
    Col("note", "摘要", help="选填，写入凭证摘要", example="2025年末结转", max_length=100),
)


def opening_entries():
    """Opening vouchers of imports that stand (neither a reversal nor reversed)."""
    return JournalEntry.objects.filter(
        cause_type=ContentType.objects.get_for_model(ImportBatch), reverses__isnull=True, reversed_by__isnull=True)


class BalancesKind(Kind):
    key = "balances"
    title = "工会账簿期初余额导入模板"
    columns = COLUMNS
    notes = (
        "1. 在“数据”表中每行填写一个工会的一个科目的期初余额，第1行表头不要改动；红色列名为必填列。",
        f"2. 科目只填资产、负债和净资产类：{'、'.join(f'{c} {NAMES[c]}' for c in OPENING_CODES)}；"
        "收入、支出类科目年末已结转，不录期初余额。财务人员改过本工会科目编号的，填写本工会科目表中的编号。",
        "3. 每个工会各行的借方余额合计须等于贷方余额合计；导入时每个工会生成一张期初余额凭证。",
        "4. 每个工会只能有一次有效的期初余额；需要更正时先撤销原导入（系统以红字冲销凭证撤销），再重新导入。",
        "5. 上传后系统先试导入，逐行列出所有问题；全部改正后才能确认导入，导入时要么全部写入，要么一行也不写入。",
    )

    def reference_lists(self) -> dict:
        from jinan_union.models import Organisation

        unions = Organisation.objects.filter(kind__in=BOOKKEEPING_KINDS, is_active=True)
        return {
            "工会名录": (("工会", "类型"), [(o.name, o.get_kind_display()) for o in unions]),
            "科目表": (("科目编号", "科目名称"), [(c, NAMES[c]) for c in OPENING_CODES]),
        }

    def check(self, rows: list[Row]) -> list[Problem]:
        names = Names()
        today = timezone.localdate()
        problems: list[Problem] = []
        for row in rows:
            v = row.values
            union = names.org(v["union"]) if v["union"] else None
            if v["union"] and union is None:
                problems.append(Problem(row.number, "工会", f"系统中没有名为“{v['union']}”的工会。"))
            elif union is not None and union.kind not in BOOKKEEPING_KINDS:
                problems.append(Problem(row.number, "工会", f"“{union}”是市总工会的部门，不单独记账。"))
                union = None
            row.refs["union"] = union
        charts = opening_accounts({r.refs["union"].pk for r in rows if r.refs["union"] is not None})
        for row in rows:
            v = row.values
            union = row.refs["union"]
            accounts = charts[union.pk] if union is not None else DEFAULT_ACCOUNTS
            row.refs["key"] = accounts[v["code"]][0] if v["code"] in accounts else None
            if v["code"] and v["code"] not in accounts:
                whose = f"“{union}”" if union is not None else ""
                listed = sorted(accounts.items(), key=lambda item: OPENING_KEYS.index(item[1][0]))
                problems.append(Problem(row.number, "科目编号", f"“{v['code']}”不是{whose}可录期初余额的科目，"
                                        f"只能填写：{'、'.join(f'{c} {n}' for c, (_, n) in listed)}。"))
            elif v["code"] and v["account"] and v["account"] != accounts[v["code"]][1]:
                problems.append(Problem(row.number, "科目名称", f"科目{v['code']}的名称是“{accounts[v['code']][1]}”，"
                                        f"不是“{v['account']}”。"))
            if v["date"] and v["date"] > today:
                problems.append(Problem(row.number, "期初日期", f"{v['date']:%Y-%m-%d}晚于今天。"))
            debit, credit = v["debit"] or ZERO, v["credit"] or ZERO
            if not row.bad & {"debit", "credit"} and (debit > 0) == (credit > 0):
                problems.append(Problem(row.number, "借方余额", "借方余额和贷方余额须且只能填写一个大于零的金额。"))
        problems += duplicates(rows, lambda r: (r.refs["union"].pk, r.refs["key"]) if r.refs["union"] and
                               r.refs["key"] else None, "科目编号", "同一工会的同一科目")
        by_union: dict[int, list[Row]] = defaultdict(list)
        for row in rows:
            if row.refs["union"] is not None:
                by_union[row.refs["union"].pk].append(row)
        standing = set(opening_entries().filter(union_id__in=by_union).values_list("union_id", flat=True))
        # The books' own vouchers: an undone opening balance and its reversal do not count.
        ct = ContentType.objects.get_for_model(ImportBatch)
        own = JournalEntry.objects.filter(union_id__in=by_union).exclude(cause_type=ct).exclude(reverses__cause_type=ct)
        earliest = dict(own.values("union_id").annotate(first=Min("date")).values_list("union_id", "first"))
        for union_id, union_rows in by_union.items():
            union = union_rows[0].refs["union"]
            first = union_rows[0]
            if union_id in standing:
                problems.append(Problem(first.number, "工会", f"“{union}”已导入过期初余额；如需更正，请先撤销原导入。"))
            dates = {r.values["date"] for r in union_rows if r.values["date"]}
            if len(dates) > 1:
                problems.append(Problem(first.number, "期初日期",
                                        f"“{union}”各行的期初日期不一致，同一工会只有一个期初日期。"))
            elif dates and union_id in earliest and min(dates) >= earliest[union_id]:
                problems.append(Problem(first.number, "期初日期",
                                        f"“{union}”的账簿中已有{earliest[union_id]:%Y-%m-%d}的凭证，"
                                        "期初日期须早于账簿中最早的凭证。"))
            debits = sum((r.values["debit"] or ZERO for r in union_rows), ZERO)
            credits = sum((r.values["credit"] or ZERO for r in union_rows), ZERO)
            known = not any(r.bad & {"debit", "credit"} for r in union_rows)  # an unreadable amount: no total
            if known and debits != credits:
                rows_text = "、".join(str(r.number) for r in union_rows)
                problems.append(Problem(first.number, "借方余额", f"“{union}”的期初余额借贷不平衡（第{rows_text}行）："
                                        f"借方合计 {format_yuan(debits)}，贷方合计 {format_yuan(credits)}。"))
        return problems

    def summary(self, rows: list[Row]) -> str:
        unions = {r.refs["union"].pk for r in rows}
        total = sum((r.values["debit"] or ZERO for r in rows), ZERO)
        return f"{len(unions)} 个工会的期初余额（{len(rows)} 个科目），借方合计 {format_yuan(total)}"

    def write(self, batch, rows: list[Row]) -> None:
        by_union: dict[int, list[Row]] = defaultdict(list)
        for row in rows:
            by_union[row.refs["union"].pk].append(row)
        for union_rows in by_union.values():
            union = union_rows[0].refs["union"]
            note = next((r.values["note"] for r in union_rows if r.values["note"]), "")
            entry = post_entry(
                union=union, on=union_rows[0].values["date"], by=self.user, cause=batch,
                description=f"期初余额（{batch}）" + (f"：{note}" if note else ""),
                lines=[(r.refs["key"], r.values["debit"] or ZERO, r.values["credit"] or ZERO)
                       for r in union_rows],
            )
            numbers = "、".join(str(r.number) for r in union_rows)
            record_change(entry, actor=self.user, action="导入期初余额", to_state=entry.voucher_label,
                          comment=f"{batch}第{numbers}行")
            ImportedRecord.objects.create(batch=batch, rows=numbers[:60], target=entry,
                                          label=f"{union} {entry.voucher_label} 期初余额 {format_yuan(entry.amount)}")

    def undo_refusal(self, batch) -> str:
        reasons = []
        for entry in records_of(batch, JournalEntry):
            if JournalEntry.objects.filter(reverses=entry).exists():
                reasons.append(f"凭证{entry.voucher_label}（{entry.union}）已被冲销")
        return "；".join(reasons)

    def undo(self, batch, reason: str) -> None:
        """Each opening voucher is reversed by a voucher of the same date: every period's balances are again
        what they were without the import, and both vouchers stay in the journal."""
        for entry in records_of(batch, JournalEntry):
            reverse_entry(entry=entry, by=self.user, reason=f"撤销{batch}：{reason}", on=entry.date)
