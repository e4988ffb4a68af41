"""The admin site, reachable only by a functional administrator with a verified second factor."""

from __future__ import annotations

from functools import wraps
from typing import Any, TypeVar

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

_ViewType = TypeVar("_ViewType", bound=Any)


class ZsmAdminSite(AdminSite):
    site_header = _("ZSM Werkplaats administration")
    site_title = _("ZSM Werkplaats administration")
    index_title = _("Functional administration")

    def has_permission(self, request: HttpRequest) -> bool:
        # Only a functional administrator who has used their second factor (see accounts.rules).
        return bool(request.user.is_active and request.user.has_perm("accounts.use_admin_site"))

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """One login page for the whole product."""
        if request.user.is_authenticated:
            raise PermissionDenied  # signed in, just not an administrator: no redirect loop
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.GET.get('next', '/beheer/')})}")

    def admin_view(self, view: _ViewType, cacheable: bool = False) -> _ViewType:
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # Signed in without the right: a plain 403, not Django's redirect to another login.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return guarded  # type: ignore[return-value]
