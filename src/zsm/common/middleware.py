"""Cross-cutting HTTP behaviour: request ids, security headers, API version, caching, request log."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

log = structlog.get_logger("zsm.request")

Handler = Callable[[HttpRequest], HttpResponse]
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def is_api_path(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def request_id_of(request: object) -> str:
    """The id RequestIdMiddleware gave the request ("" outside a request): for audit events and logs."""
    return str(getattr(request, "request_id", "") or "") if request is not None else ""


class RequestIdMiddleware:
    """Gives every request an id (or keeps a well-formed one from the caller) for logs and audit."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if REQUEST_ID_RE.match(incoming) else str(uuid.uuid4())
        request.request_id = request_id  # type: ignore[attr-defined]
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not set itself; CSP comes from django-csp."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
        )
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.setdefault("X-Content-Type-Options", "nosniff")
        return response


class ApiVersionMiddleware:
    """NL GOV API Design Rules: every API response names the full API version."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_api_path(request.path):
            response["API-Version"] = settings.API_VERSION
        return response


class NoStoreMiddleware:
    """Pages and API answers for a signed-in user must not stay in any cache."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            user = getattr(request, "user", None)
            if (user is not None and user.is_authenticated) or is_api_path(request.path):
                response["Cache-Control"] = "no-store"
                response["Pragma"] = "no-cache"
        return response


class RequestLogMiddleware:
    """One line per request: method, route, status, duration. Never the query string or body."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        log.info(
            "request",
            method=request.method,
            route=match.route if match else None,
            view=match.view_name if match else None,
            status=response.status_code,
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
            user_id=user.pk if user is not None and user.is_authenticated else None,
        )
        return response


class LanguageMiddleware:
    """Dutch unless the user chose English with the switch (the language cookie).

    The browser's Accept-Language is deliberately ignored: at a Dutch ZSM table a shared
    workstation with an English browser must not turn the product English by itself.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
