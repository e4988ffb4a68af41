"""The functional administrator keeps the intervention catalogue and the teams' postcode areas (no personal
data in either)."""

from __future__ import annotations

from django.contrib import admin

from zsm.workplace.models import Intervention, TeamArea


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin[Intervention]):
    list_display = ["name", "adapted_from", "sessions", "provider", "active"]
    list_filter = ["active"]
    search_fields = ["name", "adapted_from", "provider"]
    # Retire an intervention instead of deleting it: decisions and advice keep pointing at it.
    actions = None

    def has_delete_permission(self, request: object, obj: object | None = None) -> bool:
        return False


@admin.register(TeamArea)
class TeamAreaAdmin(admin.ModelAdmin[TeamArea]):
    """Area-based work: which werkplaats team covers which postcode areas; new cases suggest its workers."""

    list_display = ["name", "team", "postcode_from", "postcode_to"]
    list_filter = ["team"]
    search_fields = ["name", "team__name"]
