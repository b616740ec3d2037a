from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .forms import UserForm
from .models import Attachment, AuditEntry, Organisation, User, WorkUnit


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "system_kind", "parent", "is_active"]
    list_filter = ["kind", "system_kind", "is_active"]
    search_fields = ["name", "short_name"]
    ordering = ["path"]


@admin.register(WorkUnit)
class WorkUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "system_union", "enterprise", "grassroots_union", "union_sound", "is_dedicated_rnd"]
    list_filter = ["union_sound", "is_dedicated_rnd", "system_union"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["system_union", "grassroots_union", "enterprise"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "organisation", "roles", "is_active"]
    list_filter = ["is_active", "organisation__kind"]
    search_fields = ["username", "full_name"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "phone", "email")}),
        ("组织与角色", {"fields": ("organisation", "roles")}),
        ("权限", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2", "organisation", "roles")}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "roles":
            return UserForm.base_fields["roles"]
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    """History and stored files are never changed through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "content_type", "object_id", "action", "from_state", "to_state", "actor"]
    list_filter = ["content_type", "action"]
    search_fields = ["comment", "action"]
    date_hierarchy = "at"


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "kind", "file_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["file_type", "kind"]
    search_fields = ["original_name"]
    date_hierarchy = "uploaded_at"


# Roles live on the user (User.roles); Django's permission groups are not used and would only confuse.
admin.site.unregister(Group)


# The tasks backend's own admin names its columns in English: shown here in Chinese, still read-only.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ("id", "task", "status", "enqueued_at", "started_at", "finished_at", "queue_name")

    @admin.display(description="任务")
    def task(self, obj):
        return obj.task_name

    @admin.display(description="错误详情")
    def formatted_traceback(self, obj):
        return super().formatted_traceback(obj)

    @admin.display(description="最早执行时间")
    def display_run_after(self, obj):
        return super().display_run_after(obj)
