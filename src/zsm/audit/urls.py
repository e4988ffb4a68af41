from django.urls import path

from zsm.audit import views

app_name = "audit"

urlpatterns = [
    path("toegangslog/", views.access_log, name="access_log"),
    path("toegangslog/export.csv", views.access_log_export, name="access_log_export"),
    path("inzage/", views.subject_access_index, name="subject_access"),
    path("inzage/<int:request_pk>/", views.subject_access_detail, name="subject_access_detail"),
    path("inzage/<int:request_pk>/voortgang/", views.subject_access_status, name="subject_access_status"),
    path("inzage/<int:request_pk>/inzage.json", views.subject_access_json, name="subject_access_json"),
    path("inzage/<int:request_pk>/inzage.pdf", views.subject_access_pdf_download, name="subject_access_pdf"),
    path("bewaartermijnen/", views.retention_index, name="retention"),
    path("bewaartermijnen/<int:run_pk>/", views.purge_run, name="purge_run"),
    path("bewaartermijnen/<int:run_pk>/voortgang/", views.purge_run_status, name="purge_run_status"),
    path("bewaartermijnen/<int:run_pk>/toepassen/", views.purge_apply, name="purge_apply"),
]
