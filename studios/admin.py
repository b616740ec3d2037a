"""The back office is a window, not a back door (SYS-NOBYPASS): no business record of the studios app can be
added, changed or deleted here, by anyone. Workflow moves are admin actions that call move() or the same
services as the pages, with the same predicates (the acting user must hold the role), and report refusals
in Chinese. History stays read-only."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.html import format_html_join

from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from jinan_union.workflow import move

from . import services
from .forms import RequiredReasonForm
from .models import (
    Application,
    Assessment,
    Call,
    ChecklistMark,
    CriticismNotice,
    ExpertAssignment,
    ExpertScore,
    Honour,
    Inspection,
    LedgerEntry,
    NamingBatch,
    QuotaYear,
    Showcase,
    ShowcasePhoto,
    SpotCheck,
    Studio,
    StudioDecision,
    StudioMember,
)
from .workflows import APPLICATION


class WindowAdmin(admin.ModelAdmin):
    """Read-only for everyone: the change page shows the record, nothing saves, adds or deletes (SYS-KEEP)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WindowInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def history_html(obj) -> str:
    return format_html_join(
        "", "<div>{} · {} · {} → {} {}</div>",
        ((e.at.strftime("%Y-%m-%d %H:%M"), e.action, e.from_state or "—", e.to_state or "—", e.comment)
         for e in history_of(obj)),
    ) or "—"


class HonourInline(WindowInline):
    model = Honour


class MarkInline(WindowInline):
    model = ChecklistMark


def _move_each(modeladmin, request, queryset, action: str, reason: str = "") -> None:
    """The move for every selected application, through move() and its predicate, as the pages do."""
    done = 0
    for app in queryset:
        try:
            move(app, action, by=request.user, comment=reason)
            done += 1
        except DomainError as error:
            modeladmin.message_user(request, f"{app}：{error.text}", messages.ERROR)
    if done:
        modeladmin.message_user(request, f"已{APPLICATION.moves[action].label}{done}份。", messages.SUCCESS)


def _fire(action: str):
    def run(modeladmin, request, queryset):
        _move_each(modeladmin, request, queryset, action)

    run.short_description = APPLICATION.moves[action].label
    run.__name__ = f"fire_{action}"
    return run


def _fire_with_reason(action: str):
    """A move that needs a reason: an intermediate page asks for it, then move() runs for every selected
    application (its predicate checks the acting user's role, its table each state)."""
    label = APPLICATION.moves[action].label

    def run(modeladmin, request, queryset):
        confirmed = "apply" in request.POST
        form = RequiredReasonForm(request.POST if confirmed else None)
        if confirmed and form.is_valid():
            _move_each(modeladmin, request, queryset, action, form.cleaned_data["reason"])
            return None  # back to the list, with the messages
        return TemplateResponse(request, "studios/admin/reason.html", {
            **modeladmin.admin_site.each_context(request),
            "title": f"{label}：请填写原因",
            "label": label,
            "action": run.__name__,
            "queryset": queryset,
            "form": form,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        })

    run.short_description = f"{label}（填写原因）"
    run.__name__ = f"fire_{action}"
    return run


@admin.register(Studio)
class StudioAdmin(WindowAdmin):
    list_display = ["name", "system_union", "work_unit", "category", "status", "naming_year", "rectification_deadline"]
    list_filter = ["status", "category", "naming_year", "system_union"]
    search_fields = ["name", "leader_name", "work_unit__name"]
    date_hierarchy = "system_named_on"
    readonly_fields = ["status", "municipal_named_on", "naming_year", "naming_document_number", "plaque_title",
                       "rectification_deadline", "delisted_on", "delisted_reason", "history"]
    actions = ["flag_overdue"]

    @admin.display(description="操作记录")
    def history(self, obj):
        return history_html(obj)

    @admin.action(description="整改逾期：整改期限已过且未通过复查的工作室标为待摘牌")
    def flag_overdue(self, request, queryset):
        try:
            done = services.flag_overdue(by=request.user)
        except DomainError as error:
            self.message_user(request, error.text, messages.ERROR)
        else:
            self.message_user(request, f"{len(done)}家整改逾期，已标为待摘牌。")


@admin.register(Application)
class ApplicationAdmin(WindowAdmin):
    list_display = ["studio", "year", "category", "state", "round", "submitted_on", "naming_batch"]
    list_filter = ["state", "category", "year", "studio__system_union"]
    search_fields = ["studio__name", "leader_name"]
    date_hierarchy = "submitted_on"
    readonly_fields = ["state", "round", "submitted_on", "last_reason", "naming_batch", "created_by", "history"]
    inlines = [HonourInline, MarkInline]
    actions = [_fire("submit"), _fire("recommend"), _fire("approve"), _fire_with_reason("return"),
               _fire_with_reason("reject"), _fire_with_reason("decline")]

    @admin.display(description="操作记录")
    def history(self, obj):
        return history_html(obj)


@admin.register(Honour)
class HonourAdmin(WindowAdmin):
    list_display = ["title", "application", "kind", "level", "awarded_on", "removed"]
    list_filter = ["kind", "level", "removed"]
    search_fields = ["title", "number", "application__studio__name"]
    date_hierarchy = "awarded_on"


@admin.register(ChecklistMark)
class ChecklistMarkAdmin(WindowAdmin):
    list_display = ["application", "item", "met", "note", "marked_by", "marked_at"]
    list_filter = ["met", "item"]
    search_fields = ["application__studio__name"]
    date_hierarchy = "marked_at"


@admin.register(NamingBatch)
class NamingBatchAdmin(WindowAdmin):
    list_display = ["title", "year", "meeting_type", "meeting_date", "minutes_number", "document_number", "named_on"]
    list_filter = ["year", "meeting_type"]
    search_fields = ["title", "minutes_number", "document_number"]
    date_hierarchy = "meeting_date"
    readonly_fields = ["created_by"]


@admin.register(QuotaYear)
class QuotaYearAdmin(WindowAdmin):
    list_display = ["year", "limit"]
    search_fields = ["year"]


@admin.register(Inspection)
class InspectionAdmin(WindowAdmin):
    list_display = ["application", "inspected_on", "people"]
    list_filter = ["inspected_on"]
    search_fields = ["application__studio__name", "people"]
    date_hierarchy = "inspected_on"


@admin.register(CriticismNotice)
class CriticismNoticeAdmin(WindowAdmin):
    list_display = ["notice_number", "application", "issued_on"]
    list_filter = ["issued_on"]
    search_fields = ["notice_number", "application__studio__name"]
    date_hierarchy = "issued_on"


@admin.register(LedgerEntry)
class LedgerEntryAdmin(WindowAdmin):
    list_display = ["studio", "kind", "happened_on", "title", "result_applied"]
    list_filter = ["kind", "result_applied"]
    search_fields = ["studio__name", "title"]
    date_hierarchy = "happened_on"


@admin.register(Assessment)
class AssessmentAdmin(WindowAdmin):
    list_display = ["studio", "year", "score", "conclusion"]
    list_filter = ["year", "conclusion"]
    search_fields = ["studio__name"]
    date_hierarchy = "assessed_at"


@admin.register(SpotCheck)
class SpotCheckAdmin(WindowAdmin):
    list_display = ["studio", "checked_on", "is_recheck", "passed", "deadline"]
    list_filter = ["passed", "is_recheck"]
    search_fields = ["studio__name", "findings"]
    date_hierarchy = "checked_on"


@admin.register(StudioDecision)
class StudioDecisionAdmin(WindowAdmin):
    list_display = ["studio", "kind", "reason", "document_number", "decided_on", "notice_number"]
    list_filter = ["kind", "reason"]
    search_fields = ["studio__name", "document_number", "notice_number"]
    date_hierarchy = "decided_on"


@admin.register(Call)
class CallAdmin(WindowAdmin):
    list_display = ("year", "title", "opens_on", "closes_on")


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(WindowAdmin):
    list_display = ("application", "expert", "assigned_by", "assigned_at")
    list_select_related = ("application__studio", "expert", "assigned_by")


@admin.register(ExpertScore)
class ExpertScoreAdmin(WindowAdmin):
    list_display = ("assignment", "total", "scored_at")
    list_select_related = ("assignment__expert", "assignment__application__studio")


@admin.register(StudioMember)
class StudioMemberAdmin(WindowAdmin):
    list_display = ("name", "studio", "position", "skill_level", "left")
    list_filter = ("skill_level", "left")
    search_fields = ("name", "studio__name")
    list_select_related = ("studio",)


@admin.register(Showcase)
class ShowcaseAdmin(WindowAdmin):
    list_display = ("studio", "state", "created_by", "created_at")
    list_filter = ("state",)
    search_fields = ("studio__name",)
    list_select_related = ("studio", "created_by")


@admin.register(ShowcasePhoto)
class ShowcasePhotoAdmin(WindowAdmin):
    list_display = ("showcase", "caption", "token")
    list_select_related = ("showcase__studio",)
