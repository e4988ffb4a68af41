from django.urls import path

from zsm.cases import views

app_name = "cases"

urlpatterns = [
    path("bord/", views.board, name="board"),
    path("bord/rijen/", views.board_rows_partial, name="board_rows"),
    path("standup/", views.standup, name="standup"),
    path("zaken/nieuw/", views.case_create, name="case_create"),
    path("zaken/nieuw/personen/", views.person_suggestions, name="person_suggestions"),
    path("zaken/<int:case_id>/", views.case_detail, name="case_detail"),
    path("zaken/<int:case_id>/screening/", views.screening_record, name="screening_record"),
    path("zaken/<int:case_id>/screening/bord/", views.board_screening, name="board_screening"),
    path("zaken/<int:case_id>/werkplaatskandidaat/", views.werkplaats_candidate, name="werkplaats_candidate"),
    path("zaken/<int:case_id>/status/", views.status_change, name="status_change"),
    path("zaken/<int:case_id>/inverzekeringstelling/", views.custody, name="custody"),
    path("zaken/<int:case_id>/veilig-thuis/", views.veilig_thuis_report, name="veilig_thuis"),
    path("meldingen/", views.inbox_view, name="inbox"),
    path("meldingen/<int:pk>/gelezen/", views.notification_read, name="notification_read"),
]
