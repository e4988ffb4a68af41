"""API infrastructure: RFC 9457 problems, pagination and the NL GOV touches on the OpenAPI document."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zsm.common.exceptions import ApplicationError

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Ongeldige invoer",
    401: "Niet geauthenticeerd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Conflict",
    415: "Mediatype niet ondersteund",
    429: "Te veel verzoeken",
    500: "Interne fout",
}


def camel(name: str) -> str:
    """snake_case to lowerCamelCase, as the camel-case renderer writes field names."""
    return re.sub(r"_([a-z0-9])", lambda match: match.group(1).upper(), name)


def flatten_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail as RFC 9457 `invalidParams`, with names as the client wrote them.

    `{"suspect": {"date_of_birth": [...]}}` becomes `suspect.dateOfBirth`;
    list items become `offences[0].maxPenaltyYears`.
    """
    params: list[dict[str, str]] = []
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            if isinstance(key, int):  # DRF >= 3.17 keys a list's errors by index: {1: {...}}
                params.extend(flatten_errors(value, f"{prefix}[{key}]"))
                continue
            name = "" if key == "non_field_errors" else camel(str(key))
            path = f"{prefix}.{name}" if prefix and name else (prefix or name)
            params.extend(flatten_errors(value, path))
    elif isinstance(detail, list) and detail and all(isinstance(item, Mapping | list) for item in detail):
        for index, item in enumerate(detail):
            params.extend(flatten_errors(item, f"{prefix}[{index}]"))
    elif isinstance(detail, list):
        for item in detail:
            params.extend(flatten_errors(item, prefix))
    else:
        code = getattr(detail, "code", None) or "invalid"
        params.append({"name": prefix or "body", "code": str(code), "reason": str(detail)})
    return params


def problem_body(
    status_code: int, *, detail: str, title: str | None = None, invalid_params: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"https://zsm-werkplaats.example/problemen/{status_code}",
        "title": title or TITLES.get(status_code, "Fout"),
        "status": status_code,
        "detail": detail,
    }
    if invalid_params:
        body["invalidParams"] = invalid_params
    return body


def problem_response(
    status_code: int, *, detail: str, request: HttpRequest | None = None, **kwargs: Any
) -> JsonResponse:
    """A problem for Django-level failures under /api/ (no route, server error, CSRF)."""
    body = problem_body(status_code, detail=detail, **kwargs)
    if request is not None:
        body["instance"] = request.path
    response = JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)
    response["API-Version"] = settings.API_VERSION
    return response


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error the API gives is `application/problem+json` with status, title and detail."""
    invalid_params: list[dict[str, str]] | None = None
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, ApplicationError):
        status_code = exc.status
        detail = exc.message
        invalid_params = [
            {"name": camel(field), "code": "invalid", "reason": message}
            for field, messages in exc.field_errors.items()
            for message in messages
        ] or None
    elif isinstance(exc, exceptions.ValidationError):
        status_code = status.HTTP_400_BAD_REQUEST
        detail = _("The request contains invalid fields.")
        invalid_params = flatten_errors(exc.detail)
    elif isinstance(exc, exceptions.APIException):
        status_code = exc.status_code
        detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else _("The request failed.")
    else:
        return None
    request = context.get("request")
    body = problem_body(status_code, detail=detail, invalid_params=invalid_params)
    if request is not None:
        body["instance"] = request.path
    headers: dict[str, str] = {}
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        headers["WWW-Authenticate"] = 'Token realm="api"'
    response = Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)
    response.exception = True
    return response


class Pagination(PageNumberPagination):
    page_size = 25
    page_query_param = "page"
    page_size_query_param = "pageSize"
    max_page_size = 100

    def get_paginated_response(self, data: Any) -> Response:
        assert self.page is not None
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )


# --- OpenAPI -------------------------------------------------------------------------------

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["status", "title", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "reason"],
                "properties": {
                    "name": {"type": "string", "description": "The field, as the client named it."},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}
API_VERSION_HEADER = {
    "description": "The full version of the API that answered.",
    "schema": {"type": "string", "example": "1.0.0"},
}
PROBLEM_DESCRIPTIONS = {
    "400": "Invalid input; `invalidParams` names each field.",
    "401": "Not authenticated.",
    "403": "Not allowed for this user.",
    "404": "Not found, or not visible to this user.",
    "409": "Conflict with the current state of the resource.",
}


def _problem(code: str) -> dict[str, Any]:
    return {
        "description": PROBLEM_DESCRIPTIONS.get(code, "Error."),
        "headers": {"API-Version": {"$ref": "#/components/headers/API-Version"}},
        "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def nlgov_postprocess(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Make every operation speak the NL GOV API Design Rules.

    Each answer carries `API-Version`; errors are problem+json; each operation documents the
    problems it can give: 400 where input is taken, 401/403 where login is needed, 404 on an item or
    a page past the end of a list.
    """
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components.setdefault("headers", {})["API-Version"] = API_VERSION_HEADER
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                if code[0] in "23":
                    response.setdefault("headers", {})["API-Version"] = {"$ref": "#/components/headers/API-Version"}
                elif code[0] in "45":
                    responses[code] = _problem(code)
            takes_input = method in {"post", "put", "patch"} or bool(operation.get("parameters"))
            if takes_input:
                responses.setdefault("400", _problem("400"))
            if operation.get("security") != [{}] and operation.get("security") != []:
                responses.setdefault("401", _problem("401"))
                responses.setdefault("403", _problem("403"))
            paginated = any(parameter.get("name") == "page" for parameter in operation.get("parameters", []))
            if "{" in path or paginated:  # an item that is not there, or a page past the end
                responses.setdefault("404", _problem("404"))
    return result


class PublicApiView(APIView):
    authentication_classes: list[type] = []
    permission_classes: list[type] = []


class ApiRootView(PublicApiView):
    """The API landing page: what this API is and where its description lives."""

    @extend_schema(
        operation_id="apiRoot",
        summary="API landing page",
        auth=[],
        responses={200: OpenApiResponse(description="Links to the API description.")},
    )
    def get(self, request: Request) -> Response:
        base = request.build_absolute_uri("/api/v1")
        return Response(
            {
                "name": settings.SPECTACULAR_SETTINGS["TITLE"],
                "version": settings.API_VERSION,
                "description": settings.SPECTACULAR_SETTINGS["DESCRIPTION"],
                "links": {
                    "openapi": f"{base}/openapi.json",
                    "contact": settings.SPECTACULAR_SETTINGS["CONTACT"],
                },
            }
        )
