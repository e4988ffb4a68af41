"""Werkplaats URLs: team pages (included by workplace/urls.py into the "workplace" namespace)."""

from django.urls import path

from zsm.workplace.views import team

urlpatterns = [
    path("", team.day, name="day"),
    path("coordinatie/", team.coordination, name="coordination"),
    path("coordinatie/toewijzen/<int:werkplaats_case_id>/", team.assign, name="assign"),
    path("selectiecriteria/", team.selection_criteria, name="selection_criteria"),
    path("voorstel/<int:case_id>/", team.propose, name="propose"),
]
