import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from jinan_union.documents import chinese_date
from jinan_union.enums import DOCUMENT_TYPES
from jinan_union.files import check_upload

from . import chart, rules
from .enums import SpendingCategory
from .models import Account


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date picker reads and writes ISO dates, whatever the page's locale.
        super().__init__(attrs, format="%Y-%m-%d")


class PastDateField(forms.DateField):
    """A date that describes the past (received, passed on, spent, reversed): not after today and not before
    rules.FLOOR, refused beside the field with the message the service gives when it re-checks."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateInput)
        kwargs.setdefault("initial", timezone.localdate)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None:
            decision = rules.date_decision(on=value, today=timezone.localdate())
            if not decision.allowed:
                raise ValidationError(decision.message, code="date_range")


class PeriodForm(forms.Form):
    """Any period of a union's books (FUN-POSTING reports)."""

    date_from = forms.DateField(label="开始日期", required=False, widget=DateInput)
    date_to = forms.DateField(label="截止日期", required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "截止日期不能早于开始日期。")
        return data


def this_month_by_default(params):
    """The journal's and the ledger's period: the query string as given, or this month when it names no date at all
    (neither date_from nor date_to; both present and empty is the whole life of the books). The page and its
    exports apply the same default, so an export is the rows the page shows."""
    if "date_from" in params or "date_to" in params:
        return params
    today = timezone.localdate()
    first = today.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    params = params.copy()
    params["date_from"], params["date_to"] = first.isoformat(), last.isoformat()
    return params


def period_of(form: PeriodForm) -> tuple:
    """(from, to, label) of a period form; an invalid or empty form means the whole life of the books."""
    data = form.cleaned_data if form.is_valid() else {}
    date_from, date_to = data.get("date_from"), data.get("date_to")
    label = f"{chinese_date(date_from) or '建账'}至{chinese_date(date_to) or '今'}"
    return date_from, date_to, label


class LedgerForm(PeriodForm):
    account = forms.ModelChoiceField(label="科目", queryset=Account.objects.none(), required=False)

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = Account.objects.filter(union=union).select_related("parent").order_by("code")


class AmountField(forms.DecimalField):
    """An amount in yuan to the fen, refused beside the field in the house's Chinese (SYS-ERR)."""

    default_error_messages = {
        "invalid": "请输入金额（数字）。",
        "min_value": "金额必须大于 0 元。",
        "max_decimal_places": "金额最多保留两位小数（到分）。",
        "max_digits": "金额最多 12 位整数（元）。",
        "max_whole_digits": "金额最多 12 位整数（元）。",
    }

    def __init__(self, **kwargs):
        # A Decimal bound: the float 0.01 is a hair above one fen, so ¥0.01 itself would be refused.
        kwargs.setdefault("label", "金额（元）")
        super().__init__(max_digits=14, decimal_places=2, min_value=Decimal("0.01"), **kwargs)


class TransferForm(forms.Form):
    on = PastDateField(label="到账/拨付日期")
    reference = forms.CharField(label="银行回单号", max_length=60, required=False)


class SpendingForm(forms.Form):
    category = forms.ChoiceField(label="支出类别", choices=SpendingCategory.choices)
    on = PastDateField(label="支出日期")
    amount = AmountField()
    payee = forms.CharField(label="收款单位/人", max_length=200)
    description = forms.CharField(label="用途说明", max_length=300, required=False)
    invoice = forms.FileField(label="发票扫描件", required=False, help_text="PDF、JPEG 或 PNG")

    def __init__(self, *args, has_staged: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_staged = has_staged

    def clean_invoice(self):
        upload = self.cleaned_data.get("invoice")
        if upload:
            check_upload(upload, DOCUMENT_TYPES)
        elif not self.has_staged:
            raise ValidationError("请上传发票扫描件。")
        return upload


class MatchingForm(forms.Form):
    on = PastDateField(label="到位日期")
    amount = AmountField()
    source = forms.CharField(label="资金来源", max_length=200)
    note = forms.CharField(label="说明", max_length=300, required=False)


class ReverseForm(forms.Form):
    on = PastDateField(label="冲销日期")
    reason = forms.CharField(label="冲销原因", max_length=150)


class FindingForm(forms.Form):
    spending = forms.TypedChoiceField(label="针对的支出", required=False, coerce=int, empty_value=None)
    text = forms.CharField(label="审查意见", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, spendings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spending"].choices = [("", "整笔资助")] + [
            (s.pk, f"{s.date} {s.get_category_display()} ¥{s.amount:,.2f} {s.payee}") for s in spendings
        ]


class AnswerForm(forms.Form):
    answer = forms.CharField(label="财务答复", widget=forms.Textarea(attrs={"rows": 3}))


class ConcludeForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="结论", choices=[("1", "关闭（答复已落实）"), ("0", "退回（需重新答复）")], coerce=lambda v: v == "1"
    )
    comment = forms.CharField(label="说明", max_length=300, required=False)


class AccountForm(forms.Form):
    """A change of one account's code (and its name, where S§13 does not prescribe it), with the reason."""

    code = forms.RegexField(label="科目编号", max_length=10, regex=r"^[0-9]{3,10}$",
                            error_messages={"invalid": "科目编号须为3至10位数字。"})
    name = forms.CharField(label="科目名称", max_length=60)
    reason = forms.CharField(label="修改原因", max_length=300,
                             help_text="如：按《工会会计制度》（财会〔2021〕7号）科目表调整")

    def __init__(self, *args, account: Account, **kwargs):
        kwargs.setdefault("initial", {"code": account.code, "name": account.name})
        super().__init__(*args, **kwargs)
        if account.key in chart.PRESCRIBED_NAMES:
            self.fields["name"].disabled = True
            self.fields["name"].help_text = "该科目名称由《管理办法》第十三条规定，不能修改。"
