"""Werkplaats URLs: the advice as the OM reads and answers it (included by workplace/urls.py)."""

from django.urls import path

from zsm.workplace.views import om

urlpatterns = [
    path("advies/<int:werkplaats_case_id>/", om.advice, name="advice"),
]
