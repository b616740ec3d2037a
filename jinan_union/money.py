"""SYS-MONEY: yuan amounts as Decimal with two places, shown as ¥50,000.00 and 伍万元整."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ["", "拾", "佰", "仟"]
BIG_UNITS = ["", "万", "亿", "万亿"]


def to_yuan(value) -> Decimal:
    """A Decimal rounded to the fen. Floats are refused: they cannot hold money exactly."""
    if isinstance(value, float):
        raise TypeError("金额不能用浮点数表示")
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise ValueError(f"不是有效的金额：{value!r}") from None
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_yuan(value) -> str:
    amount = to_yuan(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def _four_digits(group: int) -> str:
    """0 < group < 10000, written with 仟佰拾 and inner zeros as 零."""
    text = ""
    zero_pending = False
    for position in range(3, -1, -1):
        digit = group // 10**position % 10
        if digit == 0:
            if text:
                zero_pending = True
            continue
        if zero_pending:
            text += "零"
            zero_pending = False
        text += DIGITS[digit] + SMALL_UNITS[position]
    return text


def yuan_in_capitals(value) -> str:
    """The amount in Chinese capitals as written on payment documents (中文大写金额).

    伍万元整, 壹拾元整, 壹拾万零壹拾元伍角, 伍分, 捌仟万元整. A zero between non-zero places is
    written once as 零; "整" follows 元 when there are no 角 and 分.
    """
    amount = to_yuan(value)
    if amount < 0:
        return "负" + yuan_in_capitals(-amount)
    fen_total = int(amount * 100)
    yuan, cents = divmod(fen_total, 100)
    jiao, fen = divmod(cents, 10)
    if fen_total == 0:
        return "零元整"

    parts = []
    groups = []
    rest = yuan
    while rest:
        groups.append(rest % 10000)
        rest //= 10000
    zero_pending = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(parts)
            continue
        if parts and (zero_pending or group < 1000):
            parts.append("零")
        parts.append(_four_digits(group) + BIG_UNITS[index])
        zero_pending = False
    text = "".join(parts)
    if yuan:
        text += "元"

    if jiao == 0 and fen == 0:
        return text + "整"
    if jiao:
        # A zero in the 元 place before 角 may be left unwritten (支付结算办法); we leave it out.
        text += DIGITS[jiao] + "角"
    if fen:
        if jiao == 0 and yuan:
            text += "零"
        text += DIGITS[fen] + "分"
    return text
