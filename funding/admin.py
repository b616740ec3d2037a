"""The back office: posted journal entries, grants and their history are read-only (corrections are
reversing entries made through the application)."""

from django.contrib import admin

from .models import Account, Finding, Grant, JournalEntry, JournalLine, MatchingFund, Spending, Transfer


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ("studio", "amount", "system_union", "grassroots_union", "stage")
    list_select_related = ("studio", "system_union", "grassroots_union")


for model in (JournalLine, Transfer, Spending, MatchingFund, Finding):
    admin.site.register(model, ReadOnlyAdmin)
