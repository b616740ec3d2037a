"""SYS-MONEY: Decimal yuan with two places, ¥50,000.00 and Chinese capitals."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jinan_union.money import format_yuan, to_yuan, yuan_in_capitals

pytestmark = pytest.mark.rule("SYS-MONEY")


@pytest.mark.parametrize("amount,figures,capitals", [
    ("50000", "¥50,000.00", "伍万元整"),
    ("0.05", "¥0.05", "伍分"),
    ("10.00", "¥10.00", "壹拾元整"),
    ("100010.50", "¥100,010.50", "壹拾万零壹拾元伍角"),
    ("80000000.00", "¥80,000,000.00", "捌仟万元整"),
    ("1000.05", "¥1,000.05", "壹仟元零伍分"),
    ("1004", "¥1,004.00", "壹仟零肆元整"),
    ("8000", "¥8,000.00", "捌仟元整"),
    ("100000000", "¥100,000,000.00", "壹亿元整"),
    ("120000000.07", "¥120,000,000.07", "壹亿贰仟万元零柒分"),
    ("1.01", "¥1.01", "壹元零壹分"),
    ("0", "¥0.00", "零元整"),
])
def test_amounts(amount, figures, capitals):
    assert format_yuan(Decimal(amount)) == figures
    assert yuan_in_capitals(Decimal(amount)) == capitals


def test_float_is_refused():
    with pytest.raises(TypeError):
        to_yuan(0.1)


def test_rounds_half_up_to_the_fen():
    assert to_yuan("2.345") == Decimal("2.35")


DIGIT = dict(zip("零壹贰叁肆伍陆柒捌玖", range(10), strict=True))
UNIT = {"拾": 10, "佰": 100, "仟": 1000}


def parse_capitals(text: str) -> Decimal:
    """An independent reading of the capitals back into a number, to check any amount."""
    total = Decimal(0)
    section = Decimal(0)
    digit = 0
    for ch in text.replace("整", ""):
        if ch in DIGIT:
            digit = DIGIT[ch]
        elif ch in UNIT:
            section += (digit or 1) * UNIT[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10000
            section, digit = Decimal(0), 0
        elif ch == "亿":
            total = (total + section + digit) * 100000000
            section, digit = Decimal(0), 0
        elif ch == "元":
            total += section + digit
            section, digit = Decimal(0), 0
        elif ch == "角":
            total += Decimal(digit) / 10
            digit = 0
        elif ch == "分":
            total += Decimal(digit) / 100
            digit = 0
    return total


@given(st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2, allow_nan=False))
def test_capitals_read_back_to_the_same_amount(amount):
    assert parse_capitals(yuan_in_capitals(amount)) == amount
