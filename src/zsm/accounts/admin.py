"""The functional administrator's pages: people, organisations, memberships, login security."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from zsm.accounts.models import ApiToken, Location, Membership, Organisation, Team, User
from zsm.accounts.services import user_activate, user_deactivate


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation", "location", "team"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active", "last_login"]
    list_filter = ["is_active", "memberships__role", "memberships__organisation"]
    readonly_fields = ["is_active", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal details"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "first_name", "last_name", "email", "password1", "password2"),
            },
        ),
    )
    inlines = [MembershipInline]
    actions = ["deactivate", "activate"]

    @admin.action(description=_("Deactivate the selected users and end their sessions"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            user_deactivate(user=user, actor=request.user, request_id=getattr(request, "request_id", ""))
        messages.success(request, _("%(count)d users deactivated.") % {"count": queryset.count()})

    @admin.action(description=_("Activate the selected users"))
    def activate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            user_activate(user=user, actor=request.user, request_id=getattr(request, "request_id", ""))
        messages.success(request, _("%(count)d users activated.") % {"count": queryset.count()})


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "code"]
    search_fields = ["name", "city"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "location"]
    list_filter = ["organisation", "location"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "location", "team", "is_active"]
    list_filter = ["role", "organisation", "location", "is_active"]
    search_fields = ["user__username", "user__last_name"]
    autocomplete_fields = ["user", "organisation", "location", "team"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # keys are made with `zsm api-token`, so the plain key is shown only there
