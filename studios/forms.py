from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from jinan_union.articles import cite
from jinan_union.models import WorkUnit

from . import rules
from .enums import KEEP_REASONS, BasicCondition, DecisionReason, MaterialKind, checklist_items
from .models import (
    Application,
    Assessment,
    Honour,
    LedgerEntry,
    NamingBatch,
    SpotCheck,
    Studio,
    StudioDecision,
    StudioMember,
)
from .steps import required_material, upload_limit_text

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FIRST_YEAR = rules.FIRST_YEAR


class CrispyMixin:
    def _helper(self):
        self.helper = FormHelper()
        self.helper.form_tag = False


class HappenedMixin:
    """Dates of something that has already happened (an award, an inspection, a meeting) are not after today,
    nor before the floor of rules.EARLIEST_DATE; the services check the same again.

    `happened` maps each such field to the words of its message: {"inspected_on": "考察日期"}."""

    happened: dict[str, str] = {}

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name, words in self.happened.items():
            problem = rules.past_date_problem(cleaned.get(name), words, today)
            if problem:
                self.add_error(name, problem)
        return cleaned


class StudioForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Studio
        fields = ["name", "work_unit", "category", "leader_name", "members", "member_count",
                  "system_named_on", "system_document_number"]
        widgets = {"system_named_on": DATE, "members": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_unit"].queryset = WorkUnit.objects.filter(system_union_id=user.organisation_id)
        self._helper()

    def clean_system_named_on(self):
        value = self.cleaned_data["system_named_on"]
        problem = rules.past_date_problem(value, "系统工会命名日期", timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return value


class BasicStepForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = [f"basic_{c.value}" for c in BasicCondition]
        widgets = {f"basic_{c.value}": forms.Textarea(attrs={"rows": 2}) for c in BasicCondition}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for c in BasicCondition:
            self.fields[f"basic_{c.value}"].label = f"{c.label}（{cite('S§4')}）"
        self._helper()


class LeaderStepForm(CrispyMixin, forms.ModelForm):
    evidence = forms.FileField(label="领衔人资格证明（必备）", required=False,
                               help_text="荣誉证书或职业技能等级证书的扫描件")

    class Meta:
        model = Application
        fields = ["leader_name", "leader_position", "leader_qualification", "leader_title_level",
                  "leader_skill_level", "leader_is_frontline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = f"荣誉证书或职业技能等级证书的扫描件，{upload_limit_text()}"
        self._helper()


class CategoryStepForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["category", "category_statement"]
        widgets = {"category_statement": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].help_text = (
            f"按{cite('S§6(五)')}三类择一；所选类别的获奖、专利、称号在下方填写，系统按日期和级别自动检查。")
        self.fields["category_statement"].help_text = (
            "对照上方所列本类别条件逐项说明（每项一段，写明成果、效益、推广或认可的情况），审核人员逐项核对。")
        self._helper()


class HonourForm(HappenedMixin, CrispyMixin, forms.ModelForm):
    happened = {"awarded_on": "获得日期"}
    class Meta:
        model = Honour
        fields = ["kind", "level", "title", "awarded_on", "issuer", "number"]
        widgets = {"awarded_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="honour", **kwargs)
        # Shown below the category step's form and submitted with it (see application_edit.html).
        for field in self.fields.values():
            field.widget.attrs["form"] = "step-form"
        self._helper()


class MaterialsStepForm(forms.Form):
    """One file field per kind of S§10; each valid file is stored at once (SYS-ERR: none is lost)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The required ones are marked, the size limit stated beside each (the form keeps them optional:
        # each save stores what is chosen; the pre-submit check blocks while a required one is missing).
        for kind in MaterialKind:
            label = f"{kind.label}（必备）" if required_material(kind) else f"{kind.label}（非必备）"
            self.fields[kind.value] = forms.FileField(label=label, required=False, help_text=upload_limit_text())


class ReasonForm(forms.Form):
    reason = forms.CharField(label="意见/原因", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequiredReasonForm(forms.Form):
    """The admin's intermediate page for a move that needs a reason (退回修改, 审核不通过)."""

    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
                             error_messages={"required": "请填写原因。"})


class ChecklistForm(forms.Form):
    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        marks = {m.item: m for m in application.marks.all()}
        self.items = checklist_items(application.category)
        for code, article, label in self.items:
            mark = marks.get(code)
            self.fields[code] = forms.TypedChoiceField(
                label=f"{cite(article)} {label}", required=False, coerce=lambda v: v == "1", empty_value=None,
                choices=[("", "未标记"), ("1", "符合"), ("0", "不符合")],
                initial="" if mark is None else ("1" if mark.met else "0"),
            )
            self.fields[f"{code}_note"] = forms.CharField(
                label="说明", required=False, max_length=300, initial=mark.note if mark else ""
            )

    def rows(self):
        return [(self[code], self[f"{code}_note"]) for code, _, _ in self.items]

    def marks(self) -> dict:
        return {
            code: (self.cleaned_data[code], self.cleaned_data[f"{code}_note"])
            for code, _, _ in self.items if self.cleaned_data.get(code) is not None
        }


class InspectionForm(HappenedMixin, CrispyMixin, forms.Form):
    happened = {"inspected_on": "考察日期"}
    inspected_on = forms.DateField(label="考察日期", widget=DATE, initial=timezone.localdate)
    people = forms.CharField(label="考察人员", max_length=300)
    findings = forms.CharField(label="考察情况", widget=forms.Textarea(attrs={"rows": 4}))
    photo = forms.FileField(label="现场照片（JPEG/PNG）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class FraudForm(HappenedMixin, CrispyMixin, forms.Form):
    happened = {"issued_on": "通报日期"}
    notice_number = forms.CharField(label="通报文号", max_length=100)
    issued_on = forms.DateField(label="通报日期", widget=DATE, initial=timezone.localdate)
    findings = forms.CharField(label="经核实的弄虚作假/不实情况", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class BatchForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = NamingBatch
        fields = ["year", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self._helper()

    def clean_year(self):
        # The year whose quota of ten (S§6) the batch takes; a batch may be prepared for next year.
        year, latest = self.cleaned_data["year"], timezone.localdate().year + 1
        if year < FIRST_YEAR:
            raise forms.ValidationError(f"命名年度应在{FIRST_YEAR}年（本办法2020年4月27日施行，{cite('S§24')}）之后。")
        if year > latest:
            raise forms.ValidationError(f"命名年度不能晚于{latest}年。")
        return year


class MeetingForm(HappenedMixin, CrispyMixin, forms.ModelForm):
    happened = {"meeting_date": "会议日期"}
    class Meta:
        model = NamingBatch
        fields = ["meeting_type", "meeting_date", "minutes_number"]
        widgets = {"meeting_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="meeting", **kwargs)
        for name in self.fields:
            self.fields[name].required = True
        self._helper()


class NamingForm(HappenedMixin, CrispyMixin, forms.Form):
    happened = {"named_on": "发文日期"}
    document_number = forms.CharField(label="命名发文文号", max_length=100)
    named_on = forms.DateField(label="发文日期", widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="naming", **kwargs)
        self._helper()


class LedgerForm(HappenedMixin, CrispyMixin, forms.ModelForm):
    happened = {"happened_on": "台帐日期"}
    attachment = forms.FileField(label="附件（PDF/JPEG/PNG）", required=False)

    class Meta:
        model = LedgerEntry
        fields = ["kind", "happened_on", "title", "description", "participants", "result_applied", "corrects"]
        widgets = {"happened_on": DATE, "description": forms.Textarea(attrs={"rows": 2}),
                   "corrects": forms.HiddenInput}

    def __init__(self, *args, studio=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Issue 11: a correction names an entry of this studio; the page fills it from ?corrects=<id>.
        self.fields["corrects"].queryset = LedgerEntry.objects.filter(studio=studio) if studio else \
            LedgerEntry.objects.none()
        self.fields["corrects"].error_messages["invalid_choice"] = "只能更正本工作室的台帐记录。"
        self._helper()


class AssessmentForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["year", "score", "conclusion", "comments", "deadline"]
        widgets = {"deadline": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="assess", **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self._helper()

    def clean_year(self):
        year = self.cleaned_data["year"]
        problem = rules.assessment_year_problem(year, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return year

    def clean_score(self):
        score = self.cleaned_data["score"]
        if score is not None and not (0 <= score <= 100):
            raise forms.ValidationError("得分应在0到100之间。")
        return score

    def clean(self):
        """STU-ASSESS: 不合格 starts a rectification, so it needs a deadline after today (the service checks again)."""
        cleaned = super().clean()
        problem = rules.assessment_deadline_problem(
            cleaned.get("conclusion"), cleaned.get("deadline"), timezone.localdate())
        if problem:
            self.add_error("deadline", problem)
        return cleaned


class SpotCheckForm(HappenedMixin, CrispyMixin, forms.ModelForm):
    happened = {"checked_on": "抽查日期"}
    passed = forms.TypedChoiceField(
        label="结论", coerce=lambda v: v == "1", choices=[("1", "达到要求"), ("0", "未达到要求")]
    )
    attachment = forms.FileField(label="检查材料（PDF/JPEG/PNG）", required=False)

    class Meta:
        model = SpotCheck
        fields = ["checked_on", "operation", "results", "fund_use", "passed", "findings", "deadline"]
        widgets = {"checked_on": DATE, "deadline": DATE, "operation": forms.Textarea(attrs={"rows": 2}),
                   "results": forms.Textarea(attrs={"rows": 2}), "fund_use": forms.Textarea(attrs={"rows": 2}),
                   "findings": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].initial = timezone.localdate()
        self.fields["deadline"].help_text = "抽查未达到要求时必填（限期整改）；整改复查时不填"
        self._helper()


class StudioDecisionForm(HappenedMixin, CrispyMixin, forms.ModelForm):
    """STU-SPOTCHECK / STU-REVOKE: 摘牌 or 撤销命名 as the meeting decided it, with the published document."""

    happened = {"meeting_date": "会议日期", "decided_on": "发文日期"}

    class Meta:
        model = StudioDecision
        fields = ["reason", "findings", "meeting_type", "meeting_date", "minutes_number", "document_number",
                  "decided_on", "notice_number"]
        widgets = {"meeting_date": DATE, "decided_on": DATE, "findings": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="decision", **kwargs)
        self.fields["reason"].help_text = "整改复查不达标、整改逾期的予以摘牌；弄虚作假的撤销命名并通报批评"
        if "notice_number" in self.fields:
            self.fields["notice_number"].help_text = "原因为弄虚作假时必填（《管理办法》第十条）"
        self._helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == "fraud" and not (cleaned.get("notice_number") or "").strip():
            self.add_error("notice_number", "弄虚作假撤销命名的，须同时通报批评：请填写通报批评文号。")
        meeting, decided = cleaned.get("meeting_date"), cleaned.get("decided_on")
        if meeting and decided and decided < meeting:
            self.add_error("decided_on", "发文日期不能早于会议日期。")
        return cleaned


class KeepDecisionForm(StudioDecisionForm):
    """STU-SPOTCHECK: the meeting keeps a studio awaiting de-listing named (保留), recorded like a de-listing."""

    class Meta(StudioDecisionForm.Meta):
        fields = ["reason", "findings", "meeting_type", "meeting_date", "minutes_number", "document_number",
                  "decided_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reasons = dict(DecisionReason.choices)
        self.fields["reason"].choices = [("", "---------")] + [(r, reasons[r]) for r in KEEP_REASONS]
        self.fields["reason"].label = "待摘牌的原因"
        self.fields["reason"].help_text = "该工作室被提请摘牌的原因"
        self.fields["findings"].label = "查实的情况与保留理由"


# --- the yearly call and expert scoring (STU-CALL, STU-SCORE) ------------------------------------------------


class CallForm(CrispyMixin, forms.Form):
    year = forms.IntegerField(label="申报年度", min_value=FIRST_YEAR)
    title = forms.CharField(label="通知标题", max_length=200)
    opens_on = forms.DateField(label="申报开始日期", widget=DATE)
    closes_on = forms.DateField(label="申报截止日期", widget=DATE,
                                help_text="《管理办法》第六条第（一）项及第七条至第九条的年限统一从此日期倒算")
    categories = forms.MultipleChoiceField(label="申报类别", choices=[], widget=forms.CheckboxSelectMultiple)
    notice = forms.CharField(label="通知正文", widget=forms.Textarea(attrs={"rows": 6}))
    attachments = forms.FileField(label="附件（PDF/图片，可再次发布时补充）", required=False)

    def __init__(self, *args, **kwargs):
        from .enums import StudioCategory

        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["categories"].choices = StudioCategory.choices
        self.fields["categories"].initial = list(StudioCategory.values)
        self._helper()


class AssignExpertForm(CrispyMixin, forms.Form):
    expert = forms.ModelChoiceField(label="评审专家", queryset=None, empty_label="请选择")

    def __init__(self, *args, **kwargs):
        from jinan_union.enums import Role
        from jinan_union.models import User

        super().__init__(*args, **kwargs)
        # roles is a JSON list (no `contains` lookup on SQLite): the few experts are picked out here.
        experts = [u.pk for u in User.objects.filter(is_active=True).only("pk", "roles") if u.has_role(Role.EXPERT)]
        self.fields["expert"].queryset = User.objects.filter(pk__in=experts).select_related("organisation")
        self.fields["expert"].label_from_instance = lambda u: f"{u.full_name}（{u.organisation}）"
        self._helper()


class ScoreForm(CrispyMixin, forms.Form):
    comment = forms.CharField(label="评审意见", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        from .enums import SCORE_CRITERIA

        super().__init__(*args, **kwargs)
        for field, label, maximum, hint in reversed(SCORE_CRITERIA):
            self.fields = {field: forms.DecimalField(
                label=f"{label}（满分{maximum}分）", help_text=hint, min_value=0, max_value=maximum,
                decimal_places=1, max_digits=4,
                error_messages={"max_value": f"得分须在0至{maximum}分之间。", "min_value": "得分不能为负数。",
                                "max_decimal_places": "最多一位小数。", "invalid": "请填写数字。"},
            ), **self.fields}
        self._helper()


class MemberForm(CrispyMixin, forms.ModelForm):
    """STU-MEMBERS: one member's row."""

    class Meta:
        model = StudioMember
        fields = ["name", "position", "skill_level", "honours", "is_leader", "joined_on"]
        widgets = {"honours": forms.Textarea(attrs={"rows": 2}), "joined_on": DATE}

    def clean_joined_on(self):
        """A date that has passed (the service checks again): beside the field, what was typed stays."""
        joined = self.cleaned_data.get("joined_on")
        problem = rules.past_date_problem(joined, "加入日期", timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return joined

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class MemberLeaveForm(CrispyMixin, forms.Form):
    left_on = forms.DateField(label="离开日期", widget=DATE)
    comment = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="leave", **kwargs)
        self.fields["left_on"].initial = timezone.localdate()
        self._helper()


class ShowcaseForm(CrispyMixin, forms.Form):
    """STU-PUBLIC: what the public pages show of the studio, chosen by its union."""

    intro = forms.CharField(label="工作室简介（公开）", max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="不超过1000字；请勿填写身份证号、电话、金额等信息。")
    leader_honours = forms.CharField(label="领衔人荣誉（公开）", max_length=300, required=False)
    results = forms.ModelMultipleChoiceField(label="公开的创新成果", queryset=LedgerEntry.objects.none(),
                                             required=False, widget=forms.CheckboxSelectMultiple)
    photos = forms.ModelMultipleChoiceField(label="公开的照片（取自工作台帐的图片）", queryset=None, required=False,
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, studio, **kwargs):
        from . import selectors

        super().__init__(*args, **kwargs)
        self.fields["results"].queryset = selectors.showcase_result_choices(studio)
        self.fields["results"].label_from_instance = lambda e: f"{e.happened_on:%Y-%m-%d} {e.title}"
        self.fields["photos"].queryset = selectors.showcase_photo_choices(studio)
        self.fields["photos"].label_from_instance = lambda a: a.original_name
        self._helper()
