"""The social map's pages: search (as-you-type with htmx), an institution, adding and correcting entries,
the list of entries to check, and the CSV export and import.

The map holds no personal data of clients, so these pages write no access events. Gates: reading for
`socialmap.view_map`, upkeep for `socialmap.maintain_map`, the import for `socialmap.import_map` (403
otherwise); an institution that does not exist is a 404 (the selector).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.common.middleware import request_id_of
from zsm.socialmap import importing, selectors, services
from zsm.socialmap.forms import ImportApplyForm, ImportUploadForm, InstitutionForms, SearchForm, VerifyForm
from zsm.socialmap.models import Institution


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _is_htmx(request: HttpRequest) -> bool:
    """An htmx request for a fragment. Not a history restore: htmx then asks for the whole page (with
    HX-Request set too) to put back after Back when its cache missed."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


# --- Search -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    _require(request, "socialmap.view_map")
    form = SearchForm(request.GET or None)
    text = place = ""
    if form.is_bound and form.is_valid():
        text, place = form.cleaned_data["q"], form.cleaned_data["place"]
    searched = bool(text.strip() or place.strip())
    hits = selectors.institution_search(user=request.user, text=text, place=place) if searched else []
    context = {"form": form, "hits": hits, "searched": searched, "q": text, "place": place}
    if _is_htmx(request):
        response = render(request, "socialmap/_search_results.html", context)
    else:
        context["may_maintain"] = request.user.has_perm("socialmap.maintain_map")
        context["may_import"] = request.user.has_perm("socialmap.import_map")
        response = render(request, "socialmap/map/search.html", context)
    # The same address (?q=&place=, put in the address bar by hx-replace-url) answers a fragment or the whole
    # page: a browser cache must not hand the fragment back as the page on Back.
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- One institution --------------------------------------------------------------------------------------


@login_required
@require_GET
def institution(request: HttpRequest, institution_id: int) -> HttpResponse:
    _require(request, "socialmap.view_map")
    found = selectors.institution_get(user=request.user, institution_id=institution_id)
    stats = selectors.institution_stats(user=request.user, institution_ids=[found.pk])
    context = {
        "institution": found,
        "services": list(found.services.all()),
        "areas": list(found.areas.all()),
        "contacts": list(found.contact_persons.all()),
        "stats": stats[0] if stats else None,
        "may_maintain": request.user.has_perm("socialmap.maintain_map"),
    }
    return render(request, "socialmap/map/institution.html", context)


def _institution_url(found: Institution) -> str:
    return reverse("socialmap:institution", kwargs={"institution_id": found.pk})


def _institution_form(request: HttpRequest, existing: Institution | None) -> HttpResponse:
    """Add (no `existing`) or correct an institution. A refusal keeps what was typed: field errors on the
    fields and rows (400), a conflict as a message above the form (409) and nothing saved."""
    forms = InstitutionForms(request.POST if request.method == "POST" else None, institution=existing)
    status = 200
    if request.method == "POST":
        status = 400
        if forms.is_valid():
            try:
                saved = services.institution_save(
                    user=request.user,
                    data=forms.to_input(),
                    institution_id=existing.pk if existing else None,
                    expected_version=forms.version() if existing else None,
                    request_id=request_id_of(request),
                )
            except ConflictError as error:
                assert existing is not None
                current = selectors.institution_get(user=request.user, institution_id=existing.pk)
                forms.refresh_version(current.version)
                forms.form.add_error(None, error.message)
                status = 409
            except ApplicationError as error:
                forms.add_service_errors(error.field_errors, error.message)
            else:
                messages.success(request, _("The institution is saved and marked as verified today."))
                return redirect(_institution_url(saved))
    context = {"forms": forms, "form": forms.form, "institution": existing}
    return render(request, "socialmap/map/institution_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def institution_create(request: HttpRequest) -> HttpResponse:
    _require(request, "socialmap.maintain_map")
    return _institution_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def institution_edit(request: HttpRequest, institution_id: int) -> HttpResponse:
    _require(request, "socialmap.maintain_map")
    return _institution_form(request, selectors.institution_get(user=request.user, institution_id=institution_id))


# --- Keeping the map right ----------------------------------------------------------------------------------


@login_required
@require_GET
def verification(request: HttpRequest) -> HttpResponse:
    _require(request, "socialmap.maintain_map")
    institutions = list(selectors.institutions_to_verify(user=request.user))
    context = {"institutions": institutions, "remaining": len(institutions)}
    return render(request, "socialmap/map/verification.html", context)


@login_required
@require_POST
def institution_verify(request: HttpRequest, institution_id: int) -> HttpResponse:
    """ "Still correct" in one step. htmx swaps the row for a confirmation; otherwise back to the list."""
    _require(request, "socialmap.maintain_map")
    found = selectors.institution_get(user=request.user, institution_id=institution_id)
    form = VerifyForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Reload the page and try again.")
    else:
        try:
            services.institution_verify(
                user=request.user,
                institution_id=found.pk,
                expected_version=form.cleaned_data["version"],
                request_id=request_id_of(request),
            )
        except ApplicationError as refusal:
            error = refusal.message
    if _is_htmx(request):
        # Always 200: htmx swaps only successful responses, and the row must show the refusal too. The count
        # above the table is swapped out-of-band so it stays right.
        remaining = selectors.institutions_to_verify(user=request.user).count()
        context: dict[str, Any] = {"institution": found, "error": error, "remaining": remaining}
        return render(request, "socialmap/map/_verified_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("%(name)s is confirmed as still correct.") % {"name": found.name})
    return redirect("socialmap:verification")


# --- CSV ------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    _require(request, "socialmap.view_map")
    text = importing.export_csv(selectors.institution_list(user=request.user))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sociale-kaart.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_map(request: HttpRequest) -> HttpResponse:
    """Step 1: upload a file and read the dry-run report (nothing saved). Step 2: "Import" sends the same
    CSV text back (a hidden field of the report page; the map holds no personal data) and applies it."""
    _require(request, "socialmap.import_map")
    upload = ImportUploadForm()
    context: dict[str, Any] = {"upload": upload}
    status = 200
    if request.method == "POST":
        apply = "csv_text" in request.POST
        form: ImportUploadForm | ImportApplyForm = (
            ImportApplyForm(request.POST) if apply else ImportUploadForm(request.POST, request.FILES)
        )
        status = 400
        if form.is_valid():
            try:
                if apply:
                    text = form.cleaned_data["csv_text"]
                    if len(text.encode()) > importing.MAX_FILE_BYTES:
                        raise importing.ImportFileError(_("The file is too large: at most 1 MB."))
                else:
                    text = importing.decode(form.cleaned_data["file"].read())
                rows = importing.read_rows(text)
            except importing.ImportFileError as error:
                form.add_error(None, str(error))
            else:
                request_id = request_id_of(request) or f"import-{uuid.uuid4().hex[:12]}"
                report = importing.import_map(user=request.user, rows=rows, dry_run=not apply, request_id=request_id)
                context.update({"report": report, "csv_text": text, "applied": apply})
                status = 200
        if status != 200:
            if isinstance(form, ImportUploadForm):
                context["upload"] = form
            else:
                errors = " ".join(str(e) for e in form.non_field_errors())
                messages.error(request, errors or _("The checked file was lost; upload it again."))
    return render(request, "socialmap/map/import.html", context, status=status)
