"""The functional administrator keeps the intervention catalogue (no personal data in it)."""

from __future__ import annotations

from django.contrib import admin

from zsm.workplace.models import Intervention


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin[Intervention]):
    list_display = ["name", "adapted_from", "sessions", "provider", "active"]
    list_filter = ["active"]
    search_fields = ["name", "adapted_from", "provider"]
    # Retire an intervention instead of deleting it: decisions and advice keep pointing at it.
    actions = None

    def has_delete_permission(self, request: object, obj: object | None = None) -> bool:
        return False
