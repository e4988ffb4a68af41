from django.urls import path

from zsm.decisions import views

app_name = "decisions"

urlpatterns = [
    path("zaken/<int:case_id>/beslissing/", views.decision_create, name="decision_create"),
    path("zaken/<int:case_id>/beslissing/samenvatting/", views.decision_summary, name="decision_summary"),
    path(
        "zaken/<int:case_id>/beslissing/uitgereikt/", views.strafbeschikking_serve_view, name="strafbeschikking_serve"
    ),
]
