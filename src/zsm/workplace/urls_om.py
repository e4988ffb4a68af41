"""Werkplaats URLs: the OM's queue, and the advice as the OM reads and answers it (included by workplace/urls.py)."""

from django.urls import path

from zsm.workplace.views import om

urlpatterns = [
    path("om/wachtrij/", om.queue, name="om_queue"),
    path("advies/<int:werkplaats_case_id>/", om.advice, name="advice"),
]
