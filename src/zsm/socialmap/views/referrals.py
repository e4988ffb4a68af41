"""Referrals on a werkplaats case: searching the map for the client, the referral form, and the referral's
page with its timeline, its links and the steps its state allows.

Thin views: the casework reader gate (the werkplaats team and probation at the user's location, else 403),
a selector (404 when the case or referral is not visible), `socialmap.refer` for every write (403), a form,
exactly one service. Every page that shows the client writes an access event (werkplaats casework).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zsm.audit.constants import Purpose
from zsm.audit.services import access_record
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.common.middleware import request_id_of
from zsm.socialmap import selectors, services
from zsm.socialmap.constants import ReferralStatus
from zsm.socialmap.forms_referral import MoveForm, ReferralForm, ReferralSearchForm, VersionForm, move_targets
from zsm.socialmap.models import Institution, Referral
from zsm.workplace.rules import sees_casework_here
from zsm.workplace.selectors import werkplaats_case_get

S = ReferralStatus


def _reader_gate(request: HttpRequest) -> None:
    """Referrals are casework: for the werkplaats team and probation only, whatever the case."""
    if not sees_casework_here(request.user):
        raise PermissionDenied


def _referring_case(request: HttpRequest, werkplaats_case_id: int) -> Any:
    _reader_gate(request)
    werkplaats_case = werkplaats_case_get(user=request.user, werkplaats_case_id=werkplaats_case_id)
    if not request.user.has_perm("socialmap.refer", werkplaats_case):
        raise PermissionDenied
    return werkplaats_case


def _referral(request: HttpRequest, referral_id: int) -> Referral:
    _reader_gate(request)
    return selectors.referral_get(user=request.user, referral_id=referral_id)


def _record_access(request: HttpRequest, event: str, obj: Any, person_id: int | None) -> None:
    access_record(request=request, event=event, obj=obj, person_id=person_id, purpose=Purpose.WERKPLAATS_CASEWORK)


def _referral_url(referral: Referral) -> str:
    return reverse("socialmap:referral", kwargs={"referral_id": referral.pk})


# --- Searching the map for this client ------------------------------------------------------------------


@login_required
@require_GET
def referral_search(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = _referring_case(request, werkplaats_case_id)
    suspect = werkplaats_case.case.suspect
    data = request.GET if "q" in request.GET or "place" in request.GET else None
    form = ReferralSearchForm(data, initial={"place": suspect.postcode})
    text, place = "", suspect.postcode
    if form.is_bound and form.is_valid():
        text, place = form.cleaned_data["q"], form.cleaned_data["place"]
    searched = bool(text.strip() or (form.is_bound and place.strip()))
    hits = selectors.institution_search(user=request.user, text=text, place=place) if searched else []
    context = {
        "werkplaats_case": werkplaats_case,
        "case": werkplaats_case.case,
        "form": form,
        "hits": hits,
        "searched": searched,
        "q": text,
        "place": place,
    }
    if request.headers.get("HX-Request"):
        return render(request, "socialmap/_search_results.html", context)
    _record_access(request, "referral_search.viewed", werkplaats_case, werkplaats_case.case.suspect_id)
    return render(request, "socialmap/referrals/search.html", context)


# --- The referral form ------------------------------------------------------------------------------------


def _institution(request: HttpRequest, raw: str | None) -> Institution | None:
    try:
        institution_id = int(raw or "")
    except ValueError:
        return None
    try:
        return selectors.institution_get(user=request.user, institution_id=institution_id)
    except Http404:
        return None


def _contacts(institution: Institution) -> list[Any]:
    return [contact for contact in institution.contact_persons.all() if contact.email]


def _services(institution: Institution, current_id: int | None = None) -> list[Any]:
    """The services a referral can name: the active ones, and the one it already names (even retired)."""
    return [service for service in institution.services.all() if service.active or service.pk == current_id]


def _form_page(
    request: HttpRequest,
    werkplaats_case: Any,
    institution: Institution,
    form: ReferralForm,
    *,
    referral: Referral | None = None,
    status: int = 200,
) -> HttpResponse:
    service_id = form["service"].value()
    service = next((s for s in institution.services.all() if str(s.pk) == str(service_id)), None)
    context = {
        "werkplaats_case": werkplaats_case,
        "case": werkplaats_case.case,
        "institution": institution,
        "service": service,
        "contacts": _contacts(institution),
        "form": form,
        "referral": referral,
    }
    _record_access(request, "referral_form.viewed", referral or werkplaats_case, werkplaats_case.case.suspect_id)
    return render(request, "socialmap/referrals/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = _referring_case(request, werkplaats_case_id)
    source = request.POST if request.method == "POST" else request.GET
    institution = _institution(request, source.get("institution"))
    if institution is None:
        messages.info(request, _("Choose an institution on the social map first."))
        return redirect("socialmap:referral_search", werkplaats_case_id=werkplaats_case.pk)
    contacts = _contacts(institution)
    offered = _services(institution)
    if request.method == "GET":
        # "Refer here" names the service that matched the search; with one service there is nothing to pick.
        wanted = request.GET.get("service", "")
        service = next((s for s in offered if str(s.pk) == wanted), offered[0] if len(offered) == 1 else None)
        recipient = next((c for c in contacts if c.receives_referrals), contacts[0] if contacts else None)
        initial = {
            "institution": institution.pk,
            "service": service.pk if service else None,
            # Empty: the need follows the chosen service unless the worker picks another.
            "need": "",
            "contact_person": recipient.pk if recipient else None,
            "worker_phone": getattr(request.user, "phone", "") or "",
        }
        form = ReferralForm(initial=initial, contacts=contacts, services=offered)
        return _form_page(request, werkplaats_case, institution, form)
    form = ReferralForm(request.POST, contacts=contacts, services=offered)
    if form.is_valid():
        try:
            referral = services.referral_create(
                user=request.user,
                werkplaats_case_id=werkplaats_case.pk,
                data=form.to_input(),
                request_id=request_id_of(request),
            )
        except ApplicationError as error:
            form.add_service_errors(error.field_errors, error.message)
        else:
            messages.success(request, _("The referral is saved as a draft. Check it, then send it."))
            return redirect(_referral_url(referral))
    return _form_page(request, werkplaats_case, institution, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def referral_edit(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    werkplaats_case = referral.werkplaats_case
    if not request.user.has_perm("socialmap.refer", werkplaats_case):
        raise PermissionDenied
    if referral.status != S.DRAFT:
        messages.info(request, _("Only a draft referral can be changed."))
        return redirect(_referral_url(referral))
    institution = selectors.institution_get(user=request.user, institution_id=referral.institution_id)
    contacts = _contacts(institution)
    offered = _services(institution, referral.service_id)
    named = next((s for s in offered if s.pk == referral.service_id), None)
    initial = {
        "institution": referral.institution_id,
        "service": referral.service_id,
        "contact_person": referral.contact_person_id,
        # The need follows the service unless the worker chose another one.
        "need": "" if named is not None and named.need == referral.need else referral.need,
        "question": referral.question,
        "legal_basis": referral.legal_basis,
        "consent_note": referral.consent_note,
        "share_offence": referral.share_offence,
        "worker_phone": referral.worker_phone,
        "version": referral.version,
    }
    if request.method == "GET":
        return _form_page(
            request,
            werkplaats_case,
            institution,
            ReferralForm(initial=initial, contacts=contacts, services=offered),
            referral=referral,
        )
    form = ReferralForm(request.POST, contacts=contacts, services=offered)
    status = 400
    if form.is_valid():
        try:
            services.referral_update(
                user=request.user,
                referral_id=referral.pk,
                data=form.to_input(),
                expected_version=form.cleaned_data.get("version") or 0,
                request_id=request_id_of(request),
            )
        except ConflictError as error:
            # Keep what was typed; the version moves on, so saving again is a deliberate choice.
            referral.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(referral.version)
            form = ReferralForm(data, contacts=contacts, services=offered)
            form.is_valid()
            form.add_error(None, error.message)
            status = 409
        except ApplicationError as error:
            form.add_service_errors(error.field_errors, error.message)
        else:
            messages.success(request, _("The referral is changed."))
            return redirect(_referral_url(referral))
    return _form_page(request, werkplaats_case, institution, form, referral=referral, status=status)


# --- The referral's page and its steps -------------------------------------------------------------------


def _timeline(referral: Referral) -> list[dict[str, Any]]:
    """The status changes, each with the intake date it set. The institution's answer keeps the date in its
    note (dd-mm-yyyy); for a step the worker recorded, the latest planning is the referral's intake date."""
    transitions = list(referral.transitions.all())
    planned = [index for index, t in enumerate(transitions) if t.to_status == S.INTAKE_PLANNED]
    entries = []
    for index, transition in enumerate(transitions):
        intake_on, note = None, transition.note
        if transition.to_status == S.INTAKE_PLANNED:
            try:
                intake_on, note = datetime.strptime(note.strip(), "%d-%m-%Y").date(), ""
            except ValueError:
                intake_on = referral.intake_on if index == planned[-1] else None
        entries.append({"transition": transition, "intake_on": intake_on, "note": note})
    return entries


def _referral_page(
    request: HttpRequest,
    referral: Referral,
    *,
    move_form: MoveForm | None = None,
    error: str = "",
    field_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    werkplaats_case = referral.werkplaats_case
    may_refer = request.user.has_perm("socialmap.refer", werkplaats_case)
    is_draft = referral.status == S.DRAFT
    # A draft is changed, sent or withdrawn: withdrawing it is one button, not the step form.
    targets = [] if is_draft else move_targets(referral.status)
    if may_refer and targets and move_form is None:
        move_form = MoveForm(status=referral.status, initial={"version": referral.version})
    actions = {
        "can_edit": may_refer and is_draft,
        "can_send": may_refer and is_draft,
        "can_withdraw_draft": may_refer and is_draft,
        "can_resend": may_refer and referral.status == S.SENT,
        "can_chase": may_refer and referral.status == S.SENT,
        "move_form": move_form if may_refer and targets else None,
    }
    context = {
        "referral": referral,
        "werkplaats_case": werkplaats_case,
        "case": werkplaats_case.case,
        "suspect": werkplaats_case.case.suspect,
        "timeline": _timeline(referral),
        "links": [(link, selectors.link_refusal(link)) for link in referral.links.all()],
        "chase_due_on": selectors.chase_due_on(referral),
        "offence_shared": selectors.offence_details_shared(referral),
        "may_refer": may_refer,
        **actions,
        "has_actions": any(actions.values()),
        "withdrawn": S.WITHDRAWN,
        "error": error,
        "field_errors": field_errors or [],
    }
    _record_access(request, "referral.viewed", referral, werkplaats_case.case.suspect_id)
    return render(request, "socialmap/referrals/referral.html", context, status=status)


@login_required
@require_GET
def referral(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _referral_page(request, _referral(request, referral_id))


def _step(request: HttpRequest, referral_id: int, write: Any, success: Any) -> HttpResponse:
    """Send, send a new link, chased today: one service with the version the worker saw. A refusal shows the
    referral as it is now with the reason (409 for a conflict, 400 otherwise); nothing changes."""
    referral = _referral(request, referral_id)
    if not request.user.has_perm("socialmap.refer", referral.werkplaats_case):
        raise PermissionDenied
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _referral_page(request, referral, error=_("Reload the page and try again."), status=400)
    try:
        done = write(referral, form.cleaned_data["version"])
    except ConflictError as conflict:
        referral = _referral(request, referral_id)
        return _referral_page(request, referral, error=conflict.message, status=409)
    except ApplicationError as refusal:
        texts = [text for texts in refusal.field_errors.values() for text in texts]
        return _referral_page(request, referral, error=refusal.message, field_errors=texts, status=400)
    messages.success(request, success(done))
    return redirect(_referral_url(referral))


def _link_sent(referral: Referral) -> str:
    link = referral.links.order_by("-created_at", "-pk").first()
    return _("An e-mail with the link went to %(email)s.") % {"email": link.recipient_email if link else "-"}


@login_required
@require_POST
def referral_send(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _step(
        request,
        referral_id,
        lambda referral, version: services.referral_send(
            user=request.user, referral_id=referral.pk, expected_version=version, request_id=request_id_of(request)
        ),
        lambda done: _("The referral is sent.") + " " + _link_sent(done),
    )


@login_required
@require_POST
def referral_resend(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _step(
        request,
        referral_id,
        lambda referral, version: services.referral_link_resend(
            user=request.user, referral_id=referral.pk, expected_version=version, request_id=request_id_of(request)
        ),
        lambda done: _("A new link is sent; the old one no longer works.") + " " + _link_sent(done),
    )


@login_required
@require_POST
def referral_chase(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _step(
        request,
        referral_id,
        lambda referral, version: services.referral_chase(
            user=request.user, referral_id=referral.pk, expected_version=version, request_id=request_id_of(request)
        ),
        lambda done: _("Recorded that you chased the institution today."),
    )


@login_required
@require_POST
def referral_move(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    if not request.user.has_perm("socialmap.refer", referral.werkplaats_case):
        raise PermissionDenied
    form = MoveForm(request.POST, status=referral.status)
    status = 400
    if referral.status == S.DRAFT and not form.is_valid():
        # A draft has only the withdraw button: no form to show the errors on.
        return _referral_page(request, referral, error=_("Reload the page and try again."), status=400)
    if form.is_valid():
        try:
            services.referral_move(
                user=request.user,
                referral_id=referral.pk,
                target=form.cleaned_data["target"],
                expected_version=form.cleaned_data["version"],
                note=form.string("note"),
                reason=form.string("reason"),
                intake_on=form.cleaned_data.get("intake_on"),
                request_id=request_id_of(request),
            )
        except ConflictError as conflict:
            referral = _referral(request, referral_id)
            return _referral_page(request, referral, error=conflict.message, status=409)
        except ApplicationError as refusal:
            form.add_service_errors(refusal.field_errors, refusal.message)
        else:
            messages.success(request, _("The step is recorded."))
            return redirect(_referral_url(referral))
    return _referral_page(request, referral, move_form=form, status=status)
