"""The chart of accounts every union keeps for the grant (工会会计制度; see docs/decisions/funding.md).

Plain data, so that the data migration and the lazy `ensure_chart` service read the same list. The constants
are the accounts' keys (`Account.key`, the codes they were shipped with); each union's finance keeps the codes
and names it uses (services.account_change), so a posting looks its accounts up by key, never by code.
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


# S§13 names these accounts ("上级补助收入—专项补助", "业务支出—专项业务费", "代管经费"): finance may change their
# codes, not their names.
PRESCRIBED_NAMES = (SUBSIDY_INCOME, SPECIAL_SUBSIDY, BUSINESS_EXPENDITURE, SPECIAL_BUSINESS_EXPENSE, CUSTODY)


def seed_chart(Account, union) -> dict[str, object]:
    """Create the missing accounts of `union`, by key (the shipped code: a union whose finance re-coded an
    account keeps its code); works with real and historical (migration) models. Returns them by key."""
    keyed = any(f.name == "key" for f in Account._meta.fields)  # migrations before 0006 know no key
    existing = {(a.key if keyed else a.code): a for a in Account.objects.filter(union=union)}
    taken = {a.code for a in existing.values()}
    for key, name, kind, parent in CHART:
        if key not in existing:
            existing[key] = Account.objects.create(
                union=union,
                # A shipped code another account of this union took by a re-coding: the new one waits for finance.
                code=key if key not in taken else f"X{key}",
                name=name,
                type=kind,
                parent=existing[parent] if parent else None,
                **({"key": key} if keyed else {}),
            )
    return existing


def account_label(key: str, accounts: dict | None = None) -> str:
    """The code with its full name ("40302 上级补助收入—专项补助"), as the books print it: the union's own (its
    accounts by key) or, for a union without a chart yet, the shipped one."""
    if accounts and key in accounts:
        return str(accounts[key])
    names = {c: (name, parent) for c, name, _, parent in CHART}
    name, parent = names[key]
    return f"{key} {names[parent][0]}—{name}" if parent else f"{key} {name}"
