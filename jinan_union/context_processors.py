from django.urls import reverse

from .enums import Role
from .hooks import NavItem, nav_items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = nav_items(user)
    if user.has_role(Role.ADMIN):
        items.append(
            NavItem(
                "系统管理",
                reverse("manage-users"),
                "gear",
                children=(
                    NavItem("用户", reverse("manage-users"), "people"),
                    NavItem("组织", reverse("manage-orgs"), "diagram-3"),
                    NavItem("单位", reverse("manage-units"), "building"),
                    NavItem("后台管理", reverse("admin:index"), "tools"),
                ),
            )
        )
    return {"nav_items": items}
