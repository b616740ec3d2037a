from django.urls import path

from . import views

app_name = "funding"
urlpatterns = [
    path("", views.grant_list, name="grant-list"),
    path("export.xlsx", views.grant_export, name="grant-export"),
    path("grants/<int:pk>/", views.grant_detail, name="grant-detail"),
    path("grants/<int:pk>/statement.<str:fmt>", views.grant_statement, name="grant-statement"),
    path("grants/<int:pk>/transfer/<str:step>/", views.step_record, {"way": "transfer"}, name="transfer-record"),
    path("grants/<int:pk>/recover/<str:step>/", views.step_record, {"way": "recovery"}, name="recovery-record"),
    path("grants/<int:pk>/spend/", views.spending_new, name="spending-new"),
    path("grants/<int:pk>/matching/", views.matching_new, name="matching-new"),
    path("grants/<int:pk>/finding/", views.finding_new, name="finding-new"),
    path("transfers/<int:pk>/document.pdf", views.transfer_document, name="transfer-document"),
    path("spendings/<int:pk>/document.pdf", views.spending_document, name="spending-document"),
    path("findings/", views.finding_list, name="finding-list"),
    path("findings/export.xlsx", views.finding_export, name="finding-export"),
    path("findings/<int:pk>/", views.finding_detail, name="finding-detail"),
    path("books/", views.book_list, name="book-list"),
    path("books/<int:union_pk>/journal/", views.journal, name="journal"),
    path("books/<int:union_pk>/ledger/", views.ledger, name="ledger"),
    path("books/<int:union_pk>/trial-balance/", views.trial_balance, name="trial-balance"),
    path("books/<int:union_pk>/chart/", views.chart, name="chart"),
    path("accounts/<int:pk>/change/", views.account_change, name="account-change"),
    path("entries/<int:pk>/", views.entry_detail, name="entry-detail"),
    path("entries/<int:pk>/reverse/", views.entry_reverse, name="entry-reverse"),
]
