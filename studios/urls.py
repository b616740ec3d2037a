from django.urls import path

from . import call_views, member_views, views

app_name = "studios"
urlpatterns = [
    path("", views.studio_list, name="studio-list"),
    path("new/", views.studio_new, name="studio-new"),
    path("named/", views.public_list, name="public-list"),
    path("<int:pk>/", views.studio_detail, name="studio-detail"),
    path("<int:pk>/apply/", views.application_start, name="application-start"),
    path("<int:pk>/members/", member_views.members, name="members"),
    path("members/", member_views.member_list, name="member-list"),
    path("members/<int:pk>/", member_views.member_edit, name="member-edit"),
    path("<int:pk>/ledger/", views.ledger, name="ledger"),
    path("<int:pk>/assessment/", views.assessment_new, name="assessment-new"),
    path("<int:pk>/spot-check/", views.spotcheck_new, name="spotcheck-new"),
    path("<int:pk>/decision/", views.studio_decision, name="studio-decision"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/<slug:step>/", views.application_edit, name="application-edit"),
    path("applications/<int:pk>/check/", views.application_check, name="application-check"),
    path("applications/<int:pk>/action/", views.application_action, name="application-action"),
    path("applications/<int:pk>/inspect/", views.application_inspect, name="application-inspect"),
    path("applications/<int:pk>/fraud/", views.application_fraud, name="application-fraud"),
    path("applications/<int:pk>/form.pdf", views.application_pdf, name="application-pdf"),
    path("calls/", call_views.call_list, name="call-list"),
    path("calls/new/", call_views.call_new, name="call-new"),
    path("calls/<int:pk>/", call_views.call_detail, name="call-detail"),
    path("applications/<int:pk>/experts/", call_views.application_experts, name="application-experts"),
    path("expert/", call_views.expert_home, name="expert-home"),
    path("expert/<int:pk>/", call_views.score, name="score"),
    path("batches/", views.batch_list, name="batch-list"),
    path("batches/new/", views.batch_new, name="batch-new"),
    path("batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:pk>/annex.pdf", views.batch_annex, name="batch-annex"),
    path("batches/<int:pk>/annex.xlsx", views.batch_annex, {"fmt": "xlsx"}, name="batch-annex-xlsx"),
]
