"""The chart of accounts every union keeps for the grant (工会会计制度; see docs/decisions/funding.md).

Plain data, so that the data migration and the lazy `ensure_chart` service read the same list.
"""

from .enums import AccountType

CASH = "101"
BANK = "102"
CUSTODY = "231"
SUBSIDY_INCOME = "403"
SPECIAL_SUBSIDY = "40302"
BUSINESS_EXPENDITURE = "503"
SPECIAL_BUSINESS_EXPENSE = "50303"
FUND_BALANCE = "303"
GRANTS_TO_LOWER = "506"
SPECIAL_GRANT_TO_LOWER = "50602"

# (code, name, type, parent code)
CHART: tuple[tuple[str, str, str, str | None], ...] = (
    (CASH, "库存现金", AccountType.ASSET, None),
    (BANK, "银行存款", AccountType.ASSET, None),
    (CUSTODY, "代管经费", AccountType.LIABILITY, None),
    (FUND_BALANCE, "工会资金结余", AccountType.NET_ASSETS, None),
    (SUBSIDY_INCOME, "上级补助收入", AccountType.INCOME, None),
    ("40301", "一般性补助", AccountType.INCOME, SUBSIDY_INCOME),
    (SPECIAL_SUBSIDY, "专项补助", AccountType.INCOME, SUBSIDY_INCOME),
    (BUSINESS_EXPENDITURE, "业务支出", AccountType.EXPENDITURE, None),
    ("50301", "培训费", AccountType.EXPENDITURE, BUSINESS_EXPENDITURE),
    ("50302", "会议费", AccountType.EXPENDITURE, BUSINESS_EXPENDITURE),
    (SPECIAL_BUSINESS_EXPENSE, "专项业务费", AccountType.EXPENDITURE, BUSINESS_EXPENDITURE),
    ("50304", "其他业务支出", AccountType.EXPENDITURE, BUSINESS_EXPENDITURE),
    (GRANTS_TO_LOWER, "补助下级支出", AccountType.EXPENDITURE, None),
    (SPECIAL_GRANT_TO_LOWER, "专项补助", AccountType.EXPENDITURE, GRANTS_TO_LOWER),
)

# Organisation kinds that keep books (departments of the municipal union do not).
BOOKKEEPING_KINDS = ("municipal", "system", "grassroots")


def seed_chart(Account, union) -> dict[str, object]:
    """Create the missing accounts of `union`; works with real and historical (migration) models."""
    existing = {a.code: a for a in Account.objects.filter(union=union)}
    for code, name, kind, parent in CHART:
        if code not in existing:
            existing[code] = Account.objects.create(
                union=union,
                code=code,
                name=name,
                type=kind,
                parent=existing[parent] if parent else None,
            )
    return existing


def account_label(code: str) -> str:
    """The code with its full name ("40302 上级补助收入—专项补助"), as the books print it, without a query."""
    names = {c: (name, parent) for c, name, _, parent in CHART}
    name, parent = names[code]
    return f"{code} {names[parent][0]}—{name}" if parent else f"{code} {name}"
