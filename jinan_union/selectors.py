"""Reads that the core's pages list."""

from django.core.exceptions import PermissionDenied

from .enums import Role
from .exports import ExportSpec
from .models import User


def users_for_admin():
    return User.objects.select_related("organisation").order_by("organisation__path", "username")


def users_export(user: User, params: dict) -> ExportSpec:
    if not user.has_role(Role.ADMIN):
        raise PermissionDenied("只有系统管理员可以导出用户名单")
    users = users_for_admin()
    return ExportSpec(
        title="用户名单",
        headers=["用户名", "姓名", "组织", "角色", "状态"],
        rows=([u.username, u.full_name, str(u.organisation or ""), "、".join(u.role_labels),
               "启用" if u.is_active else "停用"] for u in users.iterator()),
        total=users.count(),
    )
