"""The back office is a window, not a back door (SYS-NOBYPASS): every record can be listed, filtered and
read with its history, but nobody adds, changes or deletes one here. The workflow's moves are admin actions
that call the same services as the pages, so they ask the same predicates (hazards/permissions.py): an
administrator without the role is refused, in Chinese, as the page would refuse him."""

from django.contrib import admin, messages

from jinan_union.audit import history_of, record_change
from jinan_union.errors import DomainError

from . import matching, services
from .models import (
    Application,
    DuplicateDismissal,
    DuplicateGroup,
    FinderMember,
    HazardReport,
    HazardSynonym,
    Payee,
    Payment,
    RewardSplit,
    Round,
    Scheme,
    SplitPart,
    UnitAlias,
)


def _run(modeladmin, request, queryset, action, done: str) -> None:
    count = 0
    for obj in queryset:
        try:
            action(obj, request.user)
            count += 1
        except DomainError as error:
            modeladmin.message_user(request, f"{obj}：{error.text}", messages.ERROR)
    if count:
        modeladmin.message_user(request, f"{done} {count} 项。", messages.SUCCESS)


class WindowAdmin(admin.ModelAdmin):
    """Read-only for everyone: staff read the record and its history; nobody saves, adds or deletes one."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # SYS-KEEP

    def history_text(self, obj) -> str:
        return "\n".join(
            f"{e.at:%Y-%m-%d %H:%M} {e.actor or '系统'} {e.action} {e.from_state}→{e.to_state} {e.comment}"
            for e in history_of(obj)
        ) or "—"

    history_text.short_description = "操作记录"


class FinderMemberInline(admin.TabularInline):
    model = FinderMember
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FinderMember)
class FinderMemberAdmin(WindowAdmin):
    list_display = ["name", "position", "report"]
    list_filter = ["report__union"]
    search_fields = ["name", "position", "report__finder_name"]
    date_hierarchy = "report__created_at"


@admin.register(HazardReport)
class HazardReportAdmin(WindowAdmin):
    list_display = ["pk", "union", "finder_name", "hazard_unit", "location", "expert_grade", "reassessed_grade",
                    "status", "reward_amount"]
    list_filter = ["status", "expert_grade", "reassessed_grade", "is_safety_manager", "rectification",
                   "application__round", "union"]
    search_fields = ["finder_name", "location", "description", "hazard_unit__name"]
    date_hierarchy = "reported_at"
    readonly_fields = ["history_text"]
    inlines = [FinderMemberInline]
    actions = ["verify", "reject", "reopen", "merge"]

    @admin.action(description="核实通过所选隐患报告")
    def verify(self, request, queryset):
        _run(self, request, queryset, lambda r, by: services.report_verify(report=r, by=by), "已核实")

    @admin.action(description="不予通过所选隐患报告（后台操作）")
    def reject(self, request, queryset):
        _run(self, request, queryset,
             lambda r, by: services.report_reject(report=r, by=by, reason="后台审核不予通过"), "已标记未通过")

    @admin.action(description="撤销所选隐患报告的核实")
    def reopen(self, request, queryset):
        _run(self, request, queryset,
             lambda r, by: services.report_reopen_verification(report=r, by=by, comment="后台撤销核实"), "已撤销核实")

    @admin.action(description="确认所选报告为同一隐患（合并）")
    def merge(self, request, queryset):
        try:
            group = services.group_confirm(reports=list(queryset), by=request.user, comment="后台合并")
            self.message_user(request, f"已合并为{group}。", messages.SUCCESS)
        except DomainError as error:
            self.message_user(request, error.text, messages.ERROR)


@admin.register(Application)
class ApplicationAdmin(WindowAdmin):
    list_display = ["union", "round", "status", "submitted_at", "submitted_by"]
    list_filter = ["status", "round", "union"]
    search_fields = ["union__name"]
    date_hierarchy = "submitted_at"
    readonly_fields = ["history_text"]
    actions = ["submit"]

    @admin.action(description="报送所选申报")
    def submit(self, request, queryset):
        _run(self, request, queryset, lambda a, by: services.application_submit(application=a, by=by), "已报送")


@admin.register(Round)
class RoundAdmin(WindowAdmin):
    list_display = ["year", "deadline", "status", "total_paid", "closed_at", "closed_by"]
    list_filter = ["status"]
    search_fields = ["year"]
    date_hierarchy = "deadline"
    readonly_fields = ["history_text"]
    actions = ["close"]

    @admin.action(description="结算并发放所选年度奖励")
    def close(self, request, queryset):
        _run(self, request, queryset, lambda r, by: services.round_close(round_=r, by=by), "已结算")


@admin.register(Scheme)
class SchemeAdmin(WindowAdmin):
    """HAZ-SCHEME: read here; set up and changed on the scheme pages by the union's administrator, with history."""

    list_display = ["name", "union", "amount_1", "amount_2", "amount_3", "deadline_month", "deadline_day",
                    "fund_source", "verifier", "pays_if_rewarded_elsewhere"]
    list_filter = ["fund_source", "verifier"]
    fields = list_display + ["fund_note", "history_text"]
    readonly_fields = fields


@admin.register(DuplicateGroup)
class DuplicateGroupAdmin(WindowAdmin):
    list_display = ["pk", "status", "created_at", "created_by", "dissolved_at", "comment"]
    list_filter = ["status"]
    search_fields = ["comment", "reports__location"]
    date_hierarchy = "created_at"
    readonly_fields = ["history_text"]
    actions = ["undo"]

    @admin.action(description="撤销所选合并")
    def undo(self, request, queryset):
        _run(self, request, queryset, lambda g, by: services.group_undo(group=g, by=by, comment="后台撤销"), "已撤销")


@admin.register(DuplicateDismissal)
class DuplicateDismissalAdmin(WindowAdmin):
    list_display = ["first", "second", "dismissed_by", "dismissed_at", "undone_at"]
    list_filter = [("undone_at", admin.EmptyFieldListFilter)]
    search_fields = ["first__location", "second__location"]
    date_hierarchy = "dismissed_at"


@admin.register(UnitAlias)
class UnitAliasAdmin(WindowAdmin):
    list_display = ["alias", "unit", "reason", "merged_by", "merged_at"]
    search_fields = ["alias__name", "unit__name"]


@admin.register(HazardSynonym)
class HazardSynonymAdmin(admin.ModelAdmin):
    """Reference data (HAZ-FIRST vocabulary): editable by staff, every change in the history."""

    list_display = ("word", "canonical")
    search_fields = ("word", "canonical")

    def save_model(self, request, obj, form, change):
        before = HazardSynonym.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        comment = f"{before} ⇒ {obj}" if before else f"新增 {obj}"
        record_change(obj, actor=request.user, action="同义词修改" if change else "同义词新增", comment=comment)
        matching.reset_caches()
        self.message_user(request, "同义词已生效。已保存报告的查重规范文本将按原文重新计算（较慢），"
                                   "请运行 manage.py hazards_match_texts 重新生成。")

    def has_delete_permission(self, request, obj=None):
        return False  # SYS-KEEP: a wrong synonym is changed (the change is in the history), not deleted


# --- HAZ-PAYEE: personal data is masked here too; the full numbers reach only the paying finance's pages ---

@admin.register(Payee)
class PayeeAdmin(WindowAdmin):
    list_display = ["name", "masked_id", "bank", "branch", "masked_account", "report"]
    fields = ["report", "order", "name", "masked_id", "bank", "branch", "masked_account"]
    readonly_fields = fields
    search_fields = ["name", "report__finder_name"]

    @admin.display(description="身份证号码")
    def masked_id(self, obj):
        return obj.masked_id

    @admin.display(description="银行账号")
    def masked_account(self, obj):
        return obj.masked_account


@admin.register(RewardSplit)
class RewardSplitAdmin(WindowAdmin):
    list_display = ["report", "amount", "reason", "created_by", "created_at"]


@admin.register(SplitPart)
class SplitPartAdmin(WindowAdmin):
    list_display = ["split", "payee", "amount"]


@admin.register(Payment)
class PaymentAdmin(WindowAdmin):
    list_display = ["round", "report", "payee", "attempt", "amount", "status", "bank_reference", "created_at"]
    list_filter = ["status", "round"]
    fields = ["round", "report", "payee", "attempt", "previous", "amount", "status", "bank_reference",
              "failure_reason", "created_by", "created_at", "history_text"]
    readonly_fields = fields
