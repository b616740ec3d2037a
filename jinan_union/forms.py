from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .enums import OrgKind, Role
from .models import Organisation, User, WorkUnit
from .widgets import plain_selects


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入。注意密码区分大小写。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "system_kind", "parent", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Organisation.objects.filter(
            kind__in=[OrgKind.MUNICIPAL, OrgKind.SYSTEM]
        )
        plain_selects(self, "parent")
        self.helper = FormHelper()
        self.helper.form_tag = False


class WorkUnitForm(forms.ModelForm):
    class Meta:
        model = WorkUnit
        fields = ["name", "address", "system_union", "grassroots_union", "union_sound", "is_dedicated_rnd"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_selects(self, "system_union", "grassroots_union")  # the grassroots unions: 5,000 in a province
        self.helper = FormHelper()
        self.helper.form_tag = False


class UserForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label="角色", choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    password = forms.CharField(
        label="初始密码", required=False, widget=forms.PasswordInput(render_value=False),
        help_text="新建用户时必填；修改用户时留空表示不改密码。",
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "email", "organisation", "roles", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = True
        plain_selects(self, "organisation")  # every union and department: 5,000 in a province
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not data.get("password"):
            self.add_error("password", "新建用户必须设置初始密码。")
        if data.get("password"):
            from django.contrib.auth.password_validation import validate_password

            try:
                validate_password(data["password"], self.instance)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        user.roles = list(self.cleaned_data["roles"])
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user
