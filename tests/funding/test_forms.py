import pytest

from funding.forms import MatchingForm, SpendingForm


@pytest.mark.rule("SYS-ERR")
@pytest.mark.parametrize("form_class", [SpendingForm, MatchingForm])
@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "金额必须大于 0 元。"),
        ("-5.00", "金额必须大于 0 元。"),
        ("12.345", "金额最多保留两位小数（到分）。"),
        ("abc", "请输入金额（数字）。"),
        ("1000000000000.00", "金额最多 12 位整数（元）。"),
    ],
)
def test_amount_errors_are_in_house_chinese_beside_the_field(form_class, amount, message):
    form = form_class({"amount": amount})
    assert form.is_valid() is False
    assert form.errors["amount"] == [message]


@pytest.mark.parametrize("form_class", [SpendingForm, MatchingForm])
def test_amount_of_one_fen_is_accepted(form_class):
    form = form_class({"amount": "0.01"})
    form.is_valid()
    assert "amount" not in form.errors
