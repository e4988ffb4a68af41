"""Session time-outs, the active membership and the second-factor gate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from zsm.accounts.constants import MFA_REQUIRED_ROLES
from zsm.accounts.selectors import membership_active
from zsm.accounts.services import SESSION_LAST_SEEN, SESSION_LOGIN_AT, SESSION_MEMBERSHIP
from zsm.common.api import problem_response
from zsm.common.clock import now
from zsm.common.htmx import SESSION_ENDED, SESSION_HEADER, is_background_request, is_fragment_request
from zsm.common.middleware import is_api_path

Handler = Callable[[HttpRequest], HttpResponse]
# Writing the session on every request would cost a write per page: last-seen moves in steps of at
# most a minute, and of at most a twentieth of the idle limit (6 s at 2 minutes), so a short limit
# is not cut short by the step.
LAST_SEEN_RESOLUTION_SECONDS = 60


def last_seen_resolution() -> float:
    return min(LAST_SEEN_RESOLUTION_SECONDS, settings.SESSION_IDLE_TIMEOUT.total_seconds() / 20)


def session_ended_response() -> HttpResponse:
    """The answer to a fragment request without a session: never the login page inside a fragment.

    401 with `X-ZSM-Session: ended`; htmx does not swap a 4xx, and `zsm/session.js` shows the
    banner with a login link back to the page (ADR 0008).
    """
    response = HttpResponse(
        _("Your session has ended. Log in again to go on."), status=401, content_type="text/plain; charset=utf-8"
    )
    response[SESSION_HEADER] = SESSION_ENDED
    response["Cache-Control"] = "no-store"
    patch_vary_headers(response, ("HX-Request",))
    return response


def is_login_redirect(response: HttpResponse) -> bool:
    if response.status_code not in (301, 302, 303, 307, 308) or "Location" not in response:
        return False
    return response["Location"].split("?", 1)[0] == resolve_url(settings.LOGIN_URL)


class SessionTimeoutMiddleware:
    """Ends a session after `SESSION_IDLE_TIMEOUT` without activity or `SESSION_ABSOLUTE_TIMEOUT` in all.

    Background refreshes (`is_background_request`) do not count as activity. A fragment request
    that meets an ended or absent session gets `session_ended_response`, not the login page; the
    API keeps its problem+json 401.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            moment = now().timestamp()
            session = request.session
            login_at = session.setdefault(SESSION_LOGIN_AT, moment)
            last_seen = session.setdefault(SESSION_LAST_SEEN, moment)
            idle = moment - last_seen >= settings.SESSION_IDLE_TIMEOUT.total_seconds()
            too_old = moment - login_at >= settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if idle or too_old:
                logout(request)
                detail = _("Your session has expired. Please log in again.")
                if is_api_path(request.path):
                    return problem_response(401, detail=detail, request=request)
                # Shown on the login page the banner's link leads to.
                messages.info(request, detail)
                if is_fragment_request(request):
                    return session_ended_response()
                return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
            if not is_background_request(request) and moment - last_seen >= last_seen_resolution():
                session[SESSION_LAST_SEEN] = moment
        response = self.get_response(request)
        # No session at all (logged out in another tab): login_required answers with the login page.
        if (
            is_fragment_request(request)
            and not is_api_path(request.path)
            and not request.user.is_authenticated
            and is_login_redirect(response)
        ):
            return session_ended_response()
        return response


class ActiveMembershipMiddleware:
    """Puts the membership the user acts in on `request.user.active_membership`."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            membership = membership_active(user=request.user, preferred_id=request.session.get(SESSION_MEMBERSHIP))
            # Templates and the audit log read it from the user; one lookup per request.
            setattr(request.user, "active_membership", membership)  # noqa: B010
        return self.get_response(request)


def user_is_verified(user: Any) -> bool:
    """django-otp's OTPMiddleware puts `is_verified` on the user of each request."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def second_factor_required(user: Any) -> bool:
    if settings.ZSM_MFA_FOR_ALL_ROLES:
        return True
    membership = getattr(user, "active_membership", None)
    return membership is not None and membership.role in MFA_REQUIRED_ROLES


class SecondFactorMiddleware:
    """Roles that need a second factor reach nothing but the second-factor pages until they use it."""

    EXEMPT_VIEWS = frozenset(
        {"accounts:login", "accounts:logout", "accounts:mfa_setup", "accounts:mfa_verify", "set_language", "health"}
    )

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user_is_verified(user) or not second_factor_required(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in self.EXEMPT_VIEWS:
            return None
        if is_api_path(request.path):
            return problem_response(403, detail=_("Use your second factor first."), request=request)
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        target = "accounts:mfa_verify" if has_device else "accounts:mfa_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
