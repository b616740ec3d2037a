from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("accounts/login/", views.login_view, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("files/<uuid:uuid>/", views.attachment_download, name="attachment-download"),
    path("exports/start/<slug:name>/", views.export_start, name="export-start"),
    path("exports/<uuid:uuid>/", views.export_progress, name="export-progress"),
    path("exports/<uuid:uuid>/status/", views.export_status, name="export-status"),
    path("exports/<uuid:uuid>/download/", views.export_download, name="export-download"),
    path("exports/<uuid:uuid>/retry/", views.export_retry, name="export-retry"),
    path("manage/users/", views.manage_users, name="manage-users"),
    path("manage/users/new/", views.manage_user_edit, name="manage-user-new"),
    path("manage/users/<int:pk>/", views.manage_user_edit, name="manage-user-edit"),
    path("manage/orgs/", views.manage_orgs, name="manage-orgs"),
    path("manage/orgs/new/", views.manage_org_edit, name="manage-org-new"),
    path("manage/orgs/<int:pk>/", views.manage_org_edit, name="manage-org-edit"),
    path("manage/units/", views.manage_units, name="manage-units"),
    path("manage/units/new/", views.manage_unit_edit, name="manage-unit-new"),
    path("manage/units/<int:pk>/", views.manage_unit_edit, name="manage-unit-edit"),
    path("studios/", include("studios.urls")),
    path("funding/", include("funding.urls")),
    path("hazards/", include("hazards.urls")),
    path("notifications/", include("notifications.urls")),
    path("imports/", include("imports.urls")),
    path("stats/", include("stats.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "工会创新工作室与隐患奖励管理系统 · 后台"
admin.site.site_title = "后台管理"
admin.site.index_title = "后台管理"
