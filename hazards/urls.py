from django.urls import path

from . import scheme_views, views

app_name = "hazards"
urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("new/", views.report_edit, name="report-new"),
    path("new/preview/", views.report_preview, name="report-preview"),
    path("new/similar/", views.report_similar, name="report-similar"),
    path("units/new/", views.unit_new, name="unit-new"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("<int:pk>/form.pdf", views.report_pdf, name="report-pdf"),
    path("<int:pk>/verify/", views.report_verify, name="report-verify"),
    path("<int:pk>/payees/", views.report_payees, name="report-payees"),
    path("<int:pk>/payees/reveal/", views.report_payees_reveal, name="report-payees-reveal"),
    path("<int:pk>/split/", views.report_split, name="report-split"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/current/", views.application_current, name="application-current"),
    path("applications/round/<int:year>/", views.application_round, name="application-round"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/summary.xlsx", views.application_summary_xlsx, name="application-summary-xlsx"),
    path("applications/<int:pk>/summary.pdf", views.application_summary_pdf, name="application-summary-pdf"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:pk>/", views.group_detail, name="group-detail"),
    path("duplicates/<int:pk>/exception/", views.group_exception, name="group-exception"),
    path("rounds/", views.round_list, name="round-list"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/payments/", views.round_payments, name="round-payments"),
    path("rounds/<int:pk>/payment.xlsx", views.payment_xlsx, name="payment-xlsx"),
    path("rounds/<int:pk>/payment.pdf", views.payment_pdf, name="payment-pdf"),
    path("<int:pk>/scheme/", scheme_views.report_scheme, name="report-scheme"),
    path("schemes/", scheme_views.scheme_list, name="scheme-list"),
    path("schemes/new/", scheme_views.scheme_new, name="scheme-new"),
    path("schemes/<int:pk>/", scheme_views.scheme_detail, name="scheme-detail"),
    path("schemes/<int:pk>/edit/", scheme_views.scheme_edit, name="scheme-edit"),
    path("schemes/<int:pk>/application/", scheme_views.scheme_application, name="scheme-application"),
]
