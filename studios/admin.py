"""The back office. States are never edited directly: workflow moves are admin actions that call the
same services as the pages (and the services check the acting user's roles). Records of what happened
(inspections, notices, spot checks, assessments, checklist marks) are read-only; nothing is deleted."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.html import format_html_join

from jinan_union.audit import history_of

from . import services
from .forms import RequiredReasonForm
from .models import (
    Application,
    Assessment,
    ChecklistMark,
    CriticismNotice,
    Honour,
    Inspection,
    LedgerEntry,
    NamingBatch,
    QuotaYear,
    SpotCheck,
    Studio,
)


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False  # SYS-KEEP


class ReadOnlyAdmin(NoDeleteAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def history_html(obj) -> str:
    return format_html_join(
        "", "<div>{} · {} · {} → {} {}</div>",
        ((e.at.strftime("%Y-%m-%d %H:%M"), e.action, e.from_state or "—", e.to_state or "—", e.comment)
         for e in history_of(obj)),
    ) or "—"


class HonourInline(admin.TabularInline):
    model = Honour
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return False


class MarkInline(admin.TabularInline):
    model = ChecklistMark
    extra = 0
    can_delete = False
    readonly_fields = ["item", "met", "note", "marked_by", "marked_at"]

    def has_add_permission(self, request, obj=None):
        return False


def _transition_each(modeladmin, request, queryset, action: str, reason: str = "") -> None:
    done = 0
    for app in queryset:
        try:
            services.transition(application=app, action=action, by=request.user, reason=reason)
            done += 1
        except services.StudioError as error:
            modeladmin.message_user(request, f"{app}：{error.message}", messages.ERROR)
    if done:
        modeladmin.message_user(request, f"已{services.TRANSITIONS[action].label}{done}份。", messages.SUCCESS)


def _fire(action: str):
    def run(modeladmin, request, queryset):
        _transition_each(modeladmin, request, queryset, action)

    run.short_description = services.TRANSITIONS[action].label
    run.__name__ = f"fire_{action}"
    return run


def _fire_with_reason(action: str):
    """A move that needs a reason: an intermediate page asks for it, then the same service as the pages runs
    for every selected application (the service checks the acting user's role and each state)."""
    label = services.TRANSITIONS[action].label

    def run(modeladmin, request, queryset):
        confirmed = "apply" in request.POST
        form = RequiredReasonForm(request.POST if confirmed else None)
        if confirmed and form.is_valid():
            _transition_each(modeladmin, request, queryset, action, form.cleaned_data["reason"])
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
class StudioAdmin(NoDeleteAdmin):
    list_display = ["name", "system_union", "work_unit", "category", "status", "naming_year", "rectification_deadline"]
    list_filter = ["status", "category", "naming_year", "system_union"]
    search_fields = ["name", "leader_name", "work_unit__name"]
    date_hierarchy = "system_named_on"
    readonly_fields = ["status", "municipal_named_on", "naming_year", "naming_document_number", "plaque_title",
                       "rectification_deadline", "delisted_on", "delisted_reason", "history"]
    actions = ["delist_overdue"]

    @admin.display(description="操作记录")
    def history(self, obj):
        return history_html(obj)

    @admin.action(description="摘牌：整改期限已过且未通过复查的工作室")
    def delist_overdue(self, request, queryset):
        done = services.delist_overdue(by=request.user)
        self.message_user(request, f"已摘牌{len(done)}家。")


@admin.register(Application)
class ApplicationAdmin(NoDeleteAdmin):
    list_display = ["studio", "year", "category", "state", "round", "submitted_on", "naming_batch"]
    list_filter = ["state", "category", "year", "studio__system_union"]
    search_fields = ["studio__name", "leader_name"]
    date_hierarchy = "submitted_on"
    readonly_fields = ["state", "round", "submitted_on", "last_reason", "naming_batch", "created_by", "history"]
    inlines = [HonourInline, MarkInline]
    actions = [_fire("submit"), _fire("recommend"), _fire("approve"), _fire_with_reason("return"),
               _fire_with_reason("reject")]

    @admin.display(description="操作记录")
    def history(self, obj):
        return history_html(obj)


@admin.register(Honour)
class HonourAdmin(NoDeleteAdmin):
    list_display = ["title", "application", "kind", "level", "awarded_on", "removed"]
    list_filter = ["kind", "level", "removed"]
    search_fields = ["title", "number", "application__studio__name"]
    date_hierarchy = "awarded_on"


@admin.register(ChecklistMark)
class ChecklistMarkAdmin(ReadOnlyAdmin):
    list_display = ["application", "item", "met", "note", "marked_by", "marked_at"]
    list_filter = ["met", "item"]
    search_fields = ["application__studio__name"]
    date_hierarchy = "marked_at"


@admin.register(NamingBatch)
class NamingBatchAdmin(NoDeleteAdmin):
    list_display = ["title", "year", "meeting_type", "meeting_date", "minutes_number", "document_number", "named_on"]
    list_filter = ["year", "meeting_type"]
    search_fields = ["title", "minutes_number", "document_number"]
    date_hierarchy = "meeting_date"
    readonly_fields = ["created_by"]


@admin.register(QuotaYear)
class QuotaYearAdmin(NoDeleteAdmin):
    list_display = ["year", "limit"]
    search_fields = ["year"]
    readonly_fields = ["limit"]  # S§6 fixes the ten


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["application", "inspected_on", "people"]
    list_filter = ["inspected_on"]
    search_fields = ["application__studio__name", "people"]
    date_hierarchy = "inspected_on"


@admin.register(CriticismNotice)
class CriticismNoticeAdmin(ReadOnlyAdmin):
    list_display = ["notice_number", "application", "issued_on"]
    list_filter = ["issued_on"]
    search_fields = ["notice_number", "application__studio__name"]
    date_hierarchy = "issued_on"


@admin.register(LedgerEntry)
class LedgerEntryAdmin(NoDeleteAdmin):
    list_display = ["studio", "kind", "happened_on", "title", "result_applied"]
    list_filter = ["kind", "result_applied"]
    search_fields = ["studio__name", "title"]
    date_hierarchy = "happened_on"


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["studio", "year", "score", "conclusion"]
    list_filter = ["year", "conclusion"]
    search_fields = ["studio__name"]
    date_hierarchy = "assessed_at"


@admin.register(SpotCheck)
class SpotCheckAdmin(ReadOnlyAdmin):
    list_display = ["studio", "checked_on", "is_recheck", "passed", "deadline"]
    list_filter = ["passed", "is_recheck"]
    search_fields = ["studio__name", "findings"]
    date_hierarchy = "checked_on"
