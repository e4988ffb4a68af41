"""Werkplaats URLs: team pages (included by workplace/urls.py into the "workplace" namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
