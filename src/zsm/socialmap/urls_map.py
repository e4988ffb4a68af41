"""Social-map URLs: search, institutions, upkeep and CSV (included by socialmap/urls.py into "socialmap")."""

from django.urls import URLPattern, path

from zsm.socialmap.views import map as views

INSTITUTION = "instellingen/<int:institution_id>/"

urlpatterns: list[URLPattern] = [
    path("", views.search, name="search"),
    path("instellingen/nieuw/", views.institution_create, name="institution_create"),
    path(INSTITUTION, views.institution, name="institution"),
    path(f"{INSTITUTION}wijzigen/", views.institution_edit, name="institution_edit"),
    path(f"{INSTITUTION}bevestigen/", views.institution_verify, name="institution_verify"),
    path("bijwerken/", views.verification, name="verification"),
    path("export.csv", views.export, name="export"),
    path("import/", views.import_map, name="import"),
]
