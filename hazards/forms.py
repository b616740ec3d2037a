"""The clerk's report form and the reviewer's verification forms (crispy, Bootstrap 5)."""

from django import forms

from jinan_union.articles import cite
from jinan_union.models import WorkUnit
from jinan_union.widgets import PlainSelect, plain_selects

from .enums import Grade
from .models import HazardReport
from .payees import account_refusal, id_number_refusal, normalise_account, normalise_id
from .rules import PAST_DATES, past_date_refusal, today_in_shanghai
from .unit_picker import UnitChoiceField


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; their content is checked by jinan_union.files when they are stored."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


class ReportForm(forms.ModelForm):
    """Every field may be empty for a draft; what a submit needs is checked by rules.submit_problems."""

    members = forms.CharField(
        label="集体成员", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="集体发现时填写，每行一人：姓名 岗位",
    )
    photos = MultipleFileField(
        label="隐患影像资料（照片或视频）", required=False,
        help_text=f"至少一份，JPEG/PNG/MP4（{cite('H§6')}）",
    )
    hazard_unit = UnitChoiceField(
        label="存在隐患单位", queryset=WorkUnit.objects.all(), required=False,
        error_messages={"invalid_choice": "所选单位不存在，请从搜索结果中选择。"},
    )
    expert_scan = forms.FileField(
        label="专家签字认可的《事故隐患报告》扫描件", required=False, help_text=f"PDF/JPEG/PNG（{cite('H§6')}）"
    )

    class Meta:
        model = HazardReport
        fields = [
            "finder_kind", "finder_name", "finder_unit", "is_safety_manager", "members",
            "hazard_unit", "hazard_address", "location", "description",
            "deaths", "serious_injuries", "direct_loss",
            "found_on", "reported_at", "rectification", "rectified_on",
            "experts", "expert_grade",
        ]
        widgets = {
            "found_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "rectified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reported_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "experts": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, union=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finder_kind"].required = False
        if union is not None:
            self.fields["finder_unit"].queryset = WorkUnit.objects.filter(system_union=union)
        plain_selects(self, "finder_unit")  # the union's own units (hundreds in a big system union)
        self.fields["reported_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        self.fields["rectification"].choices = [("", "尚未整改")] + list(self.fields["rectification"].choices)[1:]
        if self.instance.pk and not self.is_bound:
            self.initial["members"] = "\n".join(
                f"{m.name} {m.position}".strip() for m in self.instance.members.all()
            )

    def clean_finder_kind(self):
        return self.cleaned_data.get("finder_kind") or "individual"

    def clean(self):
        """Dates that describe the past are neither in the future nor before 2000 (the service checks again)."""
        cleaned = super().clean()
        today = today_in_shanghai()
        for name in PAST_DATES:
            refusal = past_date_refusal(name, cleaned.get(name), today)
            if refusal:
                self.add_error(name, refusal)
        return cleaned

    def member_rows(self) -> list[tuple[str, str]]:
        rows = []
        for line in (self.cleaned_data.get("members") or "").splitlines():
            parts = line.strip().split(maxsplit=1)
            if parts:
                rows.append((parts[0], parts[1] if len(parts) > 1 else ""))
        return rows


class VerifyForm(forms.Form):
    reassessed_grade = forms.TypedChoiceField(
        label="复核等级（不复核请留空）", required=False, coerce=int, empty_value=None,
        choices=[("", "不复核，按专家评定等级")] + list(Grade.choices),
    )
    note = forms.CharField(label="核实意见 / 复核专家意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    reason = forms.CharField(label="未通过原因", widget=forms.Textarea(attrs={"rows": 2}))


# --- HAZ-PAYEE --------------------------------------------------------------------------------------------

class PayeeForm(forms.Form):
    """One payee: the individual finder, or one member of a collective. Checked here beside each field, and
    again by services.payees_set."""

    name = forms.CharField(label="姓名", max_length=60)
    id_number = forms.CharField(label="身份证号码", max_length=18, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}))
    bank = forms.CharField(label="开户银行", max_length=60)
    branch = forms.CharField(label="开户网点", max_length=120)
    account = forms.CharField(label="银行账号", max_length=40, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))

    def clean_id_number(self):
        value = normalise_id(self.cleaned_data["id_number"])
        if not value:  # kept from what is stored, or refused by the service ("请填写。")
            return value
        refusal = id_number_refusal(value, today=today_in_shanghai())
        if refusal:
            raise forms.ValidationError(refusal)
        return value

    def clean_account(self):
        value = normalise_account(self.cleaned_data["account"])
        if not value:
            return value
        refusal = account_refusal(value)
        if refusal:
            raise forms.ValidationError(refusal)
        return value


PayeeFormSet = forms.formset_factory(PayeeForm, extra=0, min_num=1, validate_min=True, max_num=50)


class SplitForm(forms.Form):
    """A collective's split: one amount per member, adding up exactly to the reward (checked by the service)."""

    reason = forms.CharField(label="调整说明", required=False, max_length=300)

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        for payee, amount in parts:
            self.fields[f"part-{payee.pk}"] = forms.DecimalField(
                label=payee.name, max_digits=14, decimal_places=2, min_value=0.01, initial=amount,
            )
        self.payees = [payee for payee, _ in parts]

    def parts(self):
        return {p.pk: self.cleaned_data[f"part-{p.pk}"] for p in self.payees}


class CarryOverForm(forms.Form):
    reason = forms.CharField(label="转入下一年度的原因", widget=forms.Textarea(attrs={"rows": 2}))


class ExceptionForm(forms.Form):
    exception_report = forms.TypedChoiceField(label="指定获奖的报告", coerce=int,
                                              widget=forms.Select(attrs={"class": "form-select"}))
    reason = forms.CharField(label="例外理由", widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

    def __init__(self, *args, reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exception_report"].choices = [(r.pk, f"#{r.pk} {r.finder_display}") for r in reports]


class UnitForm(forms.Form):
    """Issue 11: a hazard unit missing from the list, added under the clerk's own union."""

    name = forms.CharField(label="单位名称", max_length=200, help_text="填写单位全称，与营业执照一致")
    address = forms.CharField(label="地址", max_length=300, required=False,
                              help_text="填写到门牌号；同一地址各单位的隐患报告互相比对查重")
    enterprise = forms.ModelChoiceField(
        label="所属企业（集团）", queryset=WorkUnit.objects.only("pk", "name"), required=False,
        empty_label="（无：独立单位）",
        help_text="分公司、分厂、项目部等选所属集团或总公司；同一企业各单位的隐患报告互相比对查重",
        error_messages={"invalid_choice": "所选企业不存在，请从列表中选择。"}, widget=PlainSelect,
    )
