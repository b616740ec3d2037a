from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.batch_list, name="list"),
    path("<str:kind>/template.xlsx", views.template_download, name="template"),
    path("<str:kind>/upload/", views.upload, name="upload"),
    path("batches/<int:pk>/", views.batch_detail, name="detail"),
    path("batches/<int:pk>/confirm/", views.batch_confirm, name="confirm"),
    path("batches/<int:pk>/undo/", views.batch_undo, name="undo"),
    path("batches/<int:pk>/cancel/", views.batch_cancel, name="cancel"),
]
