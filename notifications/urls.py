from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all/", views.read_all, name="read-all"),
    path("preference/", views.preference, name="preference"),
    path("<int:pk>/read/", views.read, name="read"),
    path("<int:pk>/open/", views.open_, name="open"),
]
