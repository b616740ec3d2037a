"""HAZ-PAYEE: the pure rules of paying real people — the ID card check, masking, and a collective's split.

No database here: the services (hazards/services.py) and the views use these functions, and the tests call
them directly.
"""

from datetime import date
from decimal import ROUND_DOWN, Decimal

# GB 11643-1999: the 18th character is the ISO 7064 MOD 11-2 check of the first 17 digits.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
FEN = Decimal("0.01")


def id_number_refusal(value: str, today: date | None = None) -> str:
    """Why an ID card number (公民身份号码) is not valid, or "" when it is."""
    value = (value or "").strip().upper()
    if len(value) != 18:
        return "身份证号码应为18位。"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "身份证号码前17位应为数字，最后一位为数字或X。"
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号码中的出生日期无效。"
    if born.year < 1900 or born > (today or date.today()):
        return "身份证号码中的出生日期无效。"
    if CHECK[sum(int(d) * w for d, w in zip(value[:17], WEIGHTS, strict=True)) % 11] != value[17]:
        return "身份证号码校验位不正确，请核对。"
    return ""


def normalise_id(value: str) -> str:
    return (value or "").strip().upper()


def normalise_account(value: str) -> str:
    return "".join((value or "").split())


def account_refusal(value: str) -> str:
    value = normalise_account(value)
    if not value.isdigit() or not 8 <= len(value) <= 30:
        return "银行账号应为8至30位数字。"
    return ""


def mask_id(value: str) -> str:
    """110***********1234: the region's first three digits and the last four."""
    value = value or ""
    if len(value) < 8:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_account(value: str) -> str:
    """6222 **** **** 1234: the bank's first four digits and the last four."""
    value = normalise_account(value)
    if len(value) < 9:
        return "*" * len(value)
    return f"{value[:4]} **** **** {value[-4:]}"


def equal_split(amount: Decimal, count: int) -> list[Decimal]:
    """Split `amount` into `count` parts to the fen. Decision (docs/decisions/hazards.md): every member gets the
    same amount rounded down to the fen, and the fen left over go one each to the first members in the list's
    order, so the parts add up exactly: ¥5,000.00 / 3 → 1,666.67 ×2, 1,666.66."""
    if count <= 0:
        return []
    amount = Decimal(amount).quantize(FEN)
    base = (amount / count).quantize(FEN, rounding=ROUND_DOWN)
    left = int((amount - base * count) / FEN)
    return [base + FEN if i < left else base for i in range(count)]


def split_refusal(parts: list[Decimal], amount: Decimal) -> str:
    if any(p is None or p <= 0 for p in parts):
        return "每位成员的金额应大于零。"
    if any(Decimal(p) != Decimal(p).quantize(FEN) for p in parts):
        return "金额精确到分（两位小数）。"
    total = sum((Decimal(p) for p in parts), Decimal("0.00"))
    if total != Decimal(amount):
        return f"各成员金额合计 {total:,.2f} 元，应等于奖励金额 {Decimal(amount):,.2f} 元。"
    return ""
