from django.contrib import admin

from .models import Notification, Preference


class ReadOnly(admin.ModelAdmin):
    """A window: messages are made by the moves and reminders, preferences by their users."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ["created_at", "recipient", "title", "reason", "read_at", "emailed_at"]
    list_filter = ["reason", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "recipient__username", "recipient__full_name", "key"]
    list_select_related = ["recipient"]


@admin.register(Preference)
class PreferenceAdmin(ReadOnly):
    list_display = ["user", "email"]
    list_select_related = ["user"]
