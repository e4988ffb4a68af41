"""The privacy officer's view of the audit log: search it, page through it, export it."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zsm.audit.constants import Action
from zsm.audit.forms import AuditFilterForm
from zsm.audit.selectors import AuditFilter, audit_event_list
from zsm.audit.services import access_record
from zsm.common.clock import local

PAGE_SIZE = 50
EXPORT_COLUMNS = (
    "occurred_at",
    "kind",
    "action",
    "event",
    "actor_username",
    "organisation_name",
    "role",
    "object_type",
    "object_id",
    "person_id",
    "purpose",
    "request_id",
)


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilter]:
    form = AuditFilterForm(request.GET or None)
    return form, form.to_filter() if form.is_valid() else AuditFilter()


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    events = audit_event_list(user=request.user, filters=filters).select_related(None)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    # Looking into the log is itself a processing of personal data, so it is logged too.
    access_record(
        request=request,
        action=Action.SEARCH,
        event="audit_log.searched",
        object_type="audit.auditevent",
        person_id=filters.person_id,
        details={"filters": request.GET.urlencode()[:500]},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/access_log.html", {"form": form, "page": page, "query": query.urlencode()})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def access_log_export(request: HttpRequest) -> StreamingHttpResponse:
    _form, filters = _filters(request)
    events = audit_event_list(user=request.user, filters=filters)
    access_record(
        request=request,
        action=Action.EXPORT,
        event="audit_log.exported",
        object_type="audit.auditevent",
        person_id=filters.person_id,
        details={"filters": request.GET.urlencode()[:500]},
    )
    writer = csv.writer(_Echo())

    def rows():  # type: ignore[no-untyped-def]
        yield writer.writerow(EXPORT_COLUMNS)
        for event in events.values_list(*EXPORT_COLUMNS).iterator(chunk_size=2000):
            yield writer.writerow([local(event[0]).isoformat(), *event[1:]])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="toegangslog.csv"'
    return response
