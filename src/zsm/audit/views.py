"""The privacy officer's view of the audit log: search it, page through it, export it."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zsm.audit import purge, subject_access
from zsm.audit.constants import Action, PurgeStatus, Purpose, RetentionClass, SubjectAccessStatus
from zsm.audit.forms import AuditFilterForm, SubjectAccessForm
from zsm.audit.models import PurgeRun, SubjectAccessRequest
from zsm.audit.retention import item_label, retention_policies
from zsm.audit.selectors import AuditFilter, audit_event_list
from zsm.audit.services import access_record
from zsm.common.clock import local
from zsm.common.exceptions import ApplicationError
from zsm.common.middleware import request_id_of

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
    context = {"form": form, "page": page, "query": query.urlencode(), "shown_person": filters.person_id}
    return render(request, "audit/access_log.html", context)


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

    person_column = EXPORT_COLUMNS.index("person_id")

    def shown_in_list(event: tuple[object, ...]) -> str:
        """Searching by person also finds lists that showed them; those events name no single person."""
        if filters.person_id is None:
            return ""
        return "true" if event[person_column] != filters.person_id else "false"

    def rows():  # type: ignore[no-untyped-def]
        yield writer.writerow([*EXPORT_COLUMNS, "shown_in_list"])
        for event in events.values_list(*EXPORT_COLUMNS).iterator(chunk_size=2000):
            yield writer.writerow([local(event[0]).isoformat(), *event[1:], shown_in_list(event)])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="toegangslog.csv"'
    return response


# --- Subject access (inzage): the privacy officer's export of one person -----------------------

SUBJECT_ACCESS_LIST_SIZE = 50


def _subject_access_gate(request: HttpRequest) -> None:
    if not request.user.has_perm(subject_access.PERMISSION):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def subject_access_index(request: HttpRequest) -> HttpResponse:
    """Ask for an export (person number or BSN) and see the earlier requests."""
    _subject_access_gate(request)
    form = SubjectAccessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            row = subject_access.subject_access_request(
                user=request.user,
                person_id=form.cleaned_data["person_id"],
                request_id=str(getattr(request, "request_id", "")),
            )
        except ApplicationError as error:
            form.add_service_errors(error.field_errors, error.message)
        else:
            return redirect("audit:subject_access_detail", request_pk=row.pk)
    requests = list(subject_access.subject_access_request_list(user=request.user)[:SUBJECT_ACCESS_LIST_SIZE])
    # The list names persons by number only; that it showed them is logged like any list.
    access_record(
        request=request,
        action=Action.SEARCH,
        event="subject_access.listed",
        object_type="audit.subjectaccessrequest",
        purpose=Purpose.SUBJECT_ACCESS,
        details={"persons": sorted({row.person_id for row in requests if row.person_id is not None})},
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "audit/subject_access/index.html", {"form": form, "requests": requests}, status=status)


def _status_context(row: SubjectAccessRequest) -> dict[str, object]:
    return {"row": row, "done": SubjectAccessStatus.DONE, "failed": SubjectAccessStatus.FAILED}


@login_required
@require_GET
def subject_access_detail(request: HttpRequest, request_pk: int) -> HttpResponse:
    """A request's status page: a progress bar that follows the task, then the downloads."""
    _subject_access_gate(request)
    row = subject_access.subject_access_request_get(user=request.user, request_pk=request_pk)
    name = (
        subject_access.subject_access_person_label(user=request.user, person_id=row.person_id)
        if row.person_id is not None
        else _("a removed person")
    )
    access_record(
        request=request,
        event="subject_access.viewed",
        obj=row,
        person_id=row.person_id,
        purpose=Purpose.SUBJECT_ACCESS,
    )
    return render(request, "audit/subject_access/detail.html", {**_status_context(row), "name": name})


@login_required
@require_GET
def subject_access_status(request: HttpRequest, request_pk: int) -> HttpResponse:
    """The progress fragment the status page polls; it shows no personal data, so it logs no access."""
    _subject_access_gate(request)
    row = subject_access.subject_access_request_get(user=request.user, request_pk=request_pk)
    return render(request, "audit/subject_access/detail.html#status", _status_context(row))


def _finished_export(request: HttpRequest, request_pk: int, kind: str) -> SubjectAccessRequest:
    _subject_access_gate(request)
    row = subject_access.subject_access_request_get(user=request.user, request_pk=request_pk, with_content=True)
    if row.status != SubjectAccessStatus.DONE or row.export_removed_at is not None:
        raise Http404  # not made yet, or removed after its retention term
    access_record(
        request=request,
        action=Action.EXPORT,
        event="subject_access.downloaded",
        obj=row,
        person_id=row.person_id,
        purpose=Purpose.SUBJECT_ACCESS,
        details={"format": kind},
    )
    return row


@login_required
@require_GET
def subject_access_json(request: HttpRequest, request_pk: int) -> HttpResponse:
    row = _finished_export(request, request_pk, "json")
    content = json.dumps(row.document, ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzage-{request_pk}.json"'
    return response


@login_required
@require_GET
def subject_access_pdf_download(request: HttpRequest, request_pk: int) -> HttpResponse:
    row = _finished_export(request, request_pk, "pdf")
    response = HttpResponse(bytes(row.pdf or b""), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage-{request_pk}.pdf"'
    return response


# --- Retention: the policies, the dry run and the purge log -------------------------------------

PURGE_LIST_SIZE = 20
PURGE_ITEMS_SHOWN = 100


def _retention_gate(request: HttpRequest) -> None:
    if not request.user.has_perm(purge.PERMISSION):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def retention_index(request: HttpRequest) -> HttpResponse:
    """The terms per data class and the purge log; a POST starts a dry run."""
    _retention_gate(request)
    if request.method == "POST":
        run = purge.purge_dry_run_request(user=request.user, request_id=request_id_of(request))
        return redirect("audit:purge_run", run_pk=run.pk)
    runs = list(purge.purge_run_list(user=request.user)[:PURGE_LIST_SIZE])
    return render(request, "audit/retention/index.html", {"policies": retention_policies(), "runs": runs})


def _shown_items(items: list[dict[str, Any]]) -> list[dict[str, object]]:
    return [
        {"label": item_label(item["kind"], item["id"]), "since": _day(item["since"])}
        for item in items[:PURGE_ITEMS_SHOWN]
    ]


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _run_context(run: PurgeRun) -> dict[str, object]:
    policies = {policy.data_class.value: policy for policy in retention_policies()}
    # In purge order: PostgreSQL's jsonb does not keep the report's key order.
    entries = [
        (data_class, run.report[data_class.value]) for data_class in RetentionClass if data_class.value in run.report
    ]
    classes = [
        {
            "label": data_class.label,
            "policy": policies.get(data_class.value),
            "count": entry.get("count", 0),
            "before": local(datetime.fromisoformat(entry["before"])) if entry.get("before") else None,
            "items": _shown_items(entry.get("items", [])),
            "more": max(0, len(entry.get("items", [])) - PURGE_ITEMS_SHOWN),
            "held": _shown_items(entry.get("held", [])),
            "held_more": max(0, len(entry.get("held", [])) - PURGE_ITEMS_SHOWN),
            "held_count": len(entry.get("held", [])),
        }
        for data_class, entry in entries
    ]
    return {
        "run": run,
        "classes": classes,
        "done": PurgeStatus.DONE,
        "failed": PurgeStatus.FAILED,
        "chart": {
            "label": _("Number due"),
            "labels": [str(row["label"]) for row in classes],
            "values": [row["count"] for row in classes],
            "horizontal": True,
            "axis": _("Records due per data class"),
        },
    }


@login_required
@require_GET
def purge_run(request: HttpRequest, run_pk: int) -> HttpResponse:
    """A run's progress, then its report: per data class how many records and which (by reference)."""
    _retention_gate(request)
    run = purge.purge_run_get(user=request.user, run_pk=run_pk)
    # The report names cases and persons by number only, but which ones went is still a look at them.
    # The report names persons by number only; which ones the page showed is indexed like any list.
    shown = [item for entry in run.report.values() for item in entry.get("items", [])[:PURGE_ITEMS_SHOWN]]
    access_record(
        request=request,
        event="purge_run.viewed",
        obj=run,
        purpose=Purpose.PRIVACY_SUPERVISION,
        details={"persons": sorted({item["id"] for item in shown if item["kind"] == "person"})},
    )
    applied = purge.purge_run_applied(run) if run.dry_run else None
    return render(request, "audit/retention/run.html", {**_run_context(run), "applied": applied})


@login_required
@require_GET
def purge_run_status(request: HttpRequest, run_pk: int) -> HttpResponse:
    """The progress fragment the run page polls; counts only, so no access is logged."""
    _retention_gate(request)
    run = purge.purge_run_get(user=request.user, run_pk=run_pk)
    response = render(request, "audit/retention/run.html#status", _run_context(run))
    if run.finished:
        response["HX-Refresh"] = "true"  # the whole page: the report appears once the run is done
    return response


@login_required
@require_POST
def purge_apply(request: HttpRequest, run_pk: int) -> HttpResponse:
    """Apply a finished dry run (once)."""
    _retention_gate(request)
    try:
        run = purge.purge_apply_request(user=request.user, dry_run_pk=run_pk, request_id=request_id_of(request))
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("audit:purge_run", run_pk=run_pk)
    return redirect("audit:purge_run", run_pk=run.pk)
