"""The back office is a window, not a back door: no grant, transfer, spending, matching fund, account,
journal entry or finding is added, changed or deleted here, by anyone. Moves are admin actions that call the
same services as the pages, which ask the acting user's role (funding/permissions.py); a refusal is reported
in Chinese. The journal stays read-only: corrections are reversing entries made through the application."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html_join

from jinan_union.audit import history_of
from jinan_union.errors import DomainError

from . import services
from .enums import TRANSFER_ORDER
from .models import (
    Account,
    AccountVersion,
    Finding,
    Grant,
    JournalEntry,
    JournalLine,
    MatchingFund,
    Recovery,
    Spending,
    Transfer,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.display(description="操作记录")
def history(obj) -> str:
    return (
        format_html_join(
            "",
            "<div>{} · {} · {} → {} {}</div>",
            (
                (e.at.strftime("%Y-%m-%d %H:%M"), e.action, e.from_state or "—", e.to_state or "—", e.comment)
                for e in history_of(obj)
            ),
        )
        or "—"
    )


def run_each(modeladmin, request, queryset, do, done_text: str) -> None:
    """Call the service for each selected record; say what was done and, in Chinese, what was refused."""
    done = 0
    for obj in queryset:
        try:
            do(obj)
        except DomainError as error:
            modeladmin.message_user(request, f"{obj}：未办理。{error.text}", level=messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, f"已{done_text}{done}条。", level=messages.SUCCESS)


class JournalLineInline(admin.TabularInline):
    model = JournalLine
    fields = ("account", "debit", "credit")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ("voucher_label", "union", "date", "description", "amount", "reverses")
    list_filter = ("voucher_year",)
    search_fields = ("description", "union__name")
    list_select_related = ("union", "reverses")
    inlines = [JournalLineInline]


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "type", "parent", "union")
    list_filter = ("type",)
    search_fields = ("code", "name", "union__name")
    list_select_related = ("union", "parent")


@admin.register(AccountVersion)
class AccountVersionAdmin(ReadOnlyAdmin):
    """Every change of an account's code or name (FUN-POSTING, S§13: the chart kept by finance), for the auditor."""
    list_display = ("account", "old_code", "code", "old_name", "name", "changed_by_label", "changed_at")
    search_fields = ("code", "old_code", "account__union__name")
    list_select_related = ("account__union", "changed_by")

    @admin.display(description="修改人")
    def changed_by_label(self, version: AccountVersion) -> str:
        return version.changed_by_label  # no user: the system's data migration


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ("studio", "amount", "system_union", "grassroots_union", "stage")
    list_filter = ("stage",)
    search_fields = ("studio__name",)
    list_select_related = ("studio", "system_union", "grassroots_union")
    readonly_fields = ("studio", "amount", "system_union", "grassroots_union", "stage", "created_by", history)
    actions = ["record_next_transfer"]

    @admin.action(description="记录下一环节拨付（到账/拨付日期为今天）")
    def record_next_transfer(self, request, queryset):
        def record(grant):
            done = set(grant.transfers.filter(is_reversed=False).values_list("step", flat=True))
            step = next((s for s in TRANSFER_ORDER if s not in done), None)
            if step is None:
                raise DomainError("拨付的各个环节均已记账。")
            services.transfer_record(grant=grant, step=step, on=timezone.localdate(), by=request.user)

        run_each(self, request, queryset, record, "记录拨付")


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("grant", "spending", "status", "raised_by", "raised_at", "answered_by", "answered_at")
    list_filter = ("status",)
    search_fields = ("text", "answer", "grant__studio__name")
    list_select_related = ("grant__studio", "spending", "raised_by", "answered_by")
    readonly_fields = (
        "grant",
        "spending",
        "text",
        "status",
        "answer",
        "raised_by",
        "raised_at",
        "answered_by",
        "answered_at",
        history,
    )
    actions = ["close", "send_back"]

    @admin.action(description="关闭审查意见（答复已落实）")
    def close(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda f: services.finding_conclude(finding=f, accept=True, by=request.user),
            "关闭",
        )

    @admin.action(description="退回答复（需重新答复）")
    def send_back(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda f: services.finding_conclude(finding=f, accept=False, by=request.user, comment="管理后台退回"),
            "退回",
        )


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ("grant", "step", "date", "reference", "entry", "is_reversed", "recorded_by")
    list_filter = ("step", "is_reversed")
    list_select_related = ("grant__studio", "entry", "recorded_by")


@admin.register(Recovery)
class RecoveryAdmin(ReadOnlyAdmin):
    list_display = ("grant", "step", "date", "amount", "reference", "entry", "is_reversed", "recorded_by")
    list_filter = ("step", "is_reversed")
    list_select_related = ("grant__studio", "entry", "recorded_by")


@admin.register(Spending)
class SpendingAdmin(ReadOnlyAdmin):
    list_display = ("grant", "category", "date", "amount", "payee", "entry", "is_reversed")
    list_filter = ("category", "is_reversed")
    search_fields = ("payee", "grant__studio__name")
    list_select_related = ("grant__studio", "entry")


@admin.register(MatchingFund)
class MatchingFundAdmin(ReadOnlyAdmin):
    list_display = ("grant", "date", "amount", "source")
    list_select_related = ("grant__studio",)


admin.site.register(JournalLine, ReadOnlyAdmin)
