"""HAZ-SCHEME: the form a union's administrator sets up or changes its own reward scheme with."""

from decimal import Decimal

from django import forms

from .models import Scheme


class SchemeForm(forms.ModelForm):
    """Grades 1–3 and their amounts; grade 4 (一般事故隐患) is never rewarded (《奖励办法》第七条)."""

    class Meta:
        model = Scheme
        fields = ["name", "amount_1", "amount_2", "amount_3", "deadline_month", "deadline_day", "fund_source",
                  "fund_note", "verifier", "pays_if_rewarded_elsewhere"]
        help_texts = {
            "deadline_month": "每年报送截止的月份（北京时间），如 9",
            "deadline_day": "截止日，如 30；当日 24 时截止",
            "fund_note": "如：本级工会专项经费中列支；或同级政府（行政）支持的专项资金文件名称",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for grade in (1, 2, 3):
            field = self.fields[f"amount_{grade}"]
            field.min_value = Decimal("0.01")
            field.widget.attrs.update({"inputmode": "decimal", "step": "0.01", "min": "0.01"})
        self.fields["deadline_month"].widget.attrs.update({"min": 1, "max": 12})
        self.fields["deadline_day"].widget.attrs.update({"min": 1, "max": 31})
        if self.instance.is_city:  # the city's reports are verified by the municipal union (《奖励办法》第三条)
            self.fields["verifier"].disabled = True


class SchemeChoiceForm(forms.Form):
    scheme = forms.ChoiceField(label="申请哪一级的奖励")

    def __init__(self, *args, schemes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.schemes = {("city" if s.is_city else str(s.pk)): s for s in schemes}
        self.fields["scheme"].choices = [(key, str(s)) for key, s in self.schemes.items()]

    def chosen(self) -> Scheme:
        return self.schemes[self.cleaned_data["scheme"]]
