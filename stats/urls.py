from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.index, name="index"),
    path("annual.xlsx", views.annual, name="annual-xlsx"),
    path("annual.pdf", views.annual, {"fmt": "pdf"}, name="annual-pdf"),
]
