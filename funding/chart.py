"""The chart of accounts every union keeps for the grant (工会会计制度; see docs/decisions/funding.md).

Plain data, so that the data migrations and the lazy `ensure_chart` service read the same list. The constants
are the accounts' keys (`Account.key`): names of an account's place in the app's postings, which never change.
Each union's finance keeps the codes and names it uses (services.account_change), so a posting looks its
accounts up by key, never by code; the codes below are only the defaults a new chart starts with.
"""

from .enums import AccountType

CASH = "cash"
BANK = "bank"
CUSTODY = "custody"
FUND_BALANCE = "fund_balance"
SUBSIDY_INCOME = "subsidy_income"
GENERAL_SUBSIDY = "subsidy_general"
SPECIAL_SUBSIDY = "subsidy_special"
BUSINESS_EXPENDITURE = "business"
TRAINING = "biz_training"
MEETINGS = "biz_meeting"
FOREIGN_AFFAIRS = "biz_foreign"
SPECIAL_BUSINESS_EXPENSE = "biz_special"
OTHER_BUSINESS = "biz_other"
GRANTS_TO_LOWER = "grants_lower"
SPECIAL_GRANT_TO_LOWER = "grants_lower_special"

# (key, default code, name, type, parent key); the source of each default code is in docs/decisions/funding.md.
CHART: tuple[tuple[str, str, str, str, str | None], ...] = (
    (CASH, "101", "库存现金", AccountType.ASSET, None),
    (BANK, "102", "银行存款", AccountType.ASSET, None),
    (CUSTODY, "231", "代管经费", AccountType.LIABILITY, None),
    (FUND_BALANCE, "321", "工会资金结余", AccountType.NET_ASSETS, None),
    (SUBSIDY_INCOME, "403", "上级补助收入", AccountType.INCOME, None),
    (GENERAL_SUBSIDY, "40301", "一般性补助", AccountType.INCOME, SUBSIDY_INCOME),
    (SPECIAL_SUBSIDY, "40302", "专项补助", AccountType.INCOME, SUBSIDY_INCOME),
    (BUSINESS_EXPENDITURE, "503", "业务支出", AccountType.EXPENDITURE, None),
    (TRAINING, "50301", "培训费", AccountType.EXPENDITURE, BUSINESS_EXPENDITURE),
    (MEETINGS, "50302", "会议费", AccountType.EXPENDITURE, BUSINESS_EXPENDITURE),
    (FOREIGN_AFFAIRS, "50303", "外事费", AccountType.EXPENDITURE, BUSINESS_EXPENDITURE),
    (SPECIAL_BUSINESS_EXPENSE, "50304", "专项业务费", AccountType.EXPENDITURE, BUSINESS_EXPENDITURE),
    (OTHER_BUSINESS, "50399", "其他业务支出", AccountType.EXPENDITURE, BUSINESS_EXPENDITURE),
    (GRANTS_TO_LOWER, "506", "补助下级支出", AccountType.EXPENDITURE, None),
    (SPECIAL_GRANT_TO_LOWER, "50602", "专项补助", AccountType.EXPENDITURE, GRANTS_TO_LOWER),
)
DEFAULT_CODES: dict[str, str] = {key: code for key, code, _, _, _ in CHART}

# The chart as shipped before the keys had meaning (until migration funding/0007), frozen: (code, name, type,
# parent code). Only the migrations before 0006, whose historical Account knows no key, seed from it, so that
# 0006 (key = code) and 0007 (old code → key) find on a fresh database exactly what they found on a live one.
SHIPPED_CHART: tuple[tuple[str, str, str, str | None], ...] = (
    ("101", "库存现金", AccountType.ASSET, None),
    ("102", "银行存款", AccountType.ASSET, None),
    ("231", "代管经费", AccountType.LIABILITY, None),
    ("303", "工会资金结余", AccountType.NET_ASSETS, None),
    ("403", "上级补助收入", AccountType.INCOME, None),
    ("40301", "一般性补助", AccountType.INCOME, "403"),
    ("40302", "专项补助", AccountType.INCOME, "403"),
    ("503", "业务支出", AccountType.EXPENDITURE, None),
    ("50301", "培训费", AccountType.EXPENDITURE, "503"),
    ("50302", "会议费", AccountType.EXPENDITURE, "503"),
    ("50303", "专项业务费", AccountType.EXPENDITURE, "503"),
    ("50304", "其他业务支出", AccountType.EXPENDITURE, "503"),
    ("506", "补助下级支出", AccountType.EXPENDITURE, None),
    ("50602", "专项补助", AccountType.EXPENDITURE, "506"),
)

# Organisation kinds that keep books (departments of the municipal union do not).
BOOKKEEPING_KINDS = ("municipal", "system", "grassroots")


# S§13 names these accounts ("上级补助收入—专项补助", "业务支出—专项业务费", "代管经费"): finance may change their
# codes, not their names.
PRESCRIBED_NAMES = (SUBSIDY_INCOME, SPECIAL_SUBSIDY, BUSINESS_EXPENDITURE, SPECIAL_BUSINESS_EXPENSE, CUSTODY)


def placeholder_code(code: str, taken) -> str:
    """A free code for an account whose default `code` another account of the union took: the default with the
    first free suffix digit ("50303" → "503031"), digits only like every code, so finance sees where it belongs
    and sets it on the chart page (which marks it as to be checked)."""
    n = 1
    while f"{code}{n}" in taken:
        n += 1
    return f"{code}{n}"


def seed_chart(Account, union) -> dict[str, object]:
    """Create the missing accounts of `union`, by key (a union whose finance re-coded an account keeps its
    code); works with real and historical (migration) models. Returns them by key."""
    if not any(f.name == "key" for f in Account._meta.fields):
        return _seed_shipped_chart(Account, union)
    existing = {a.key: a for a in Account.objects.filter(union=union)}
    taken = {a.code for a in existing.values()}
    for key, code, name, kind, parent in CHART:
        if key not in existing:
            # A default code another account of this union took by a re-coding: the new one waits for finance.
            code = code if code not in taken else placeholder_code(code, taken)
            taken.add(code)
            existing[key] = Account.objects.create(
                union=union, key=key, code=code, name=name, type=kind, parent=existing[parent] if parent else None
            )
    return existing


def _seed_shipped_chart(Account, union) -> dict[str, object]:
    # Before migration 0006 an account was known by its code: a missing code is a missing account.
    existing = {a.code: a for a in Account.objects.filter(union=union)}
    for code, name, kind, parent in SHIPPED_CHART:
        if code not in existing:
            existing[code] = Account.objects.create(
                union=union, code=code, name=name, type=kind, parent=existing[parent] if parent else None
            )
    return existing


def account_label(key: str, accounts: dict | None = None) -> str:
    """The code with its full name ("40302 上级补助收入—专项补助"), as the books print it: the union's own (its
    accounts by key) or, for a union without a chart yet, the default one."""
    if accounts and key in accounts:
        return str(accounts[key])
    names = {k: (code, name, parent) for k, code, name, _, parent in CHART}
    code, name, parent = names[key]
    return f"{code} {names[parent][1]}—{name}" if parent else f"{code} {name}"
