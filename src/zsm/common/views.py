"""Generic pages: errors, CSRF failure and the health check. Under /api/ errors are problems."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zsm.common.api import problem_response
from zsm.common.middleware import is_api_path


@dataclass(frozen=True)
class ErrorPage:
    """What a person reads on an error page, and what an API client reads in the problem."""

    status: int
    title: Promise
    advice: Promise
    api_detail: Promise


ERRORS = {
    "bad_request": ErrorPage(
        400,
        _("The request could not be understood"),
        _("Check the address or the form and try again."),
        _("The request could not be understood."),
    ),
    "permission_denied": ErrorPage(
        403,
        _("No access"),
        _(
            "You are not allowed to see this page. If you think you need it for your work, "
            "ask your functional administrator."
        ),
        _("You are not allowed to do this."),
    ),
    "page_not_found": ErrorPage(
        404,
        _("Page not found"),
        _("There is nothing at this address, or you are not allowed to see it."),
        _("There is nothing at this address."),
    ),
    "server_error": ErrorPage(
        500,
        _("Something went wrong"),
        _(
            "Something went wrong on our side. Your last action may not have been saved; please check and "
            "try again. If it happens again, contact the service desk and mention the time."
        ),
        _("Something went wrong on our side."),
    ),
    "csrf_failure": ErrorPage(
        403,
        _("The form has expired"),
        _("For your safety the form could not be sent. Go back, reload the page and try again."),
        _("The CSRF check failed; reload the page and try again."),
    ),
}


def _error(request: HttpRequest, kind: str) -> HttpResponse:
    page = ERRORS[kind]
    if is_api_path(request.path):
        return problem_response(page.status, detail=str(page.api_detail), request=request)
    context = {"title": page.title, "advice": page.advice}
    if page.status == 500:
        # Rendered without the request: its context processors may be what failed.
        return HttpResponse(loader.render_to_string("errors/error.html", context), status=500)
    return render(request, "errors/error.html", context, status=page.status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "bad_request")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "permission_denied")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "page_not_found")


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, "server_error")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, "csrf_failure")


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: the app answers and its database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
