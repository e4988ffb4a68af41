"""The institution's acknowledgement page behind its e-mailed link: public, no account, no session.

The token is the key (`referral_link_find`). A link that no longer works gets a clear page saying why and
whom to call, and changes nothing. A working link shows only what the institution needs: the client's
first name and surname initial, the need and service, the question, the worker's contact, the legal basis,
and the offence descriptions only when `offence_details_shared` allows. Every opening of a known link is
an access event; the page is never cached, indexed, or leaked through the Referer header.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from zsm.accounts.selectors import membership_list_for_user
from zsm.audit.constants import Action, Purpose
from zsm.audit.services import access_record
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.socialmap.forms_referral import AcknowledgeForm
from zsm.socialmap.models import Referral, ReferralLink
from zsm.socialmap.selectors import offence_details_shared, referral_link_find
from zsm.socialmap.services import referral_acknowledge

REFUSAL_STATUS = {"unknown": 404, "used": 410, "expired": 410, "revoked": 410}


def private_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """No cache, no index, no Referer to wherever the institution clicks next."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Pragma"] = "no-cache"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def client_name(referral: Referral) -> str:
    """The client as the institution sees them: first name and surname initial ("Sem J.")."""
    person = referral.werkplaats_case.case.suspect
    first = (person.given_names or "").split()
    initial = (person.surname or "").strip()[:1].upper()
    return " ".join(part for part in (first[0] if first else "", f"{initial}." if initial else "") if part)


def referring_organisation(referral: Referral) -> str:
    """Who refers: the organisation the referral's author works for at the case's location (else their
    first), or "ZSM Werkplaats" when that is not known."""
    author = referral.created_by
    location_id = referral.werkplaats_case.case.location_id
    memberships = list(membership_list_for_user(user=author))
    chosen = next((m for m in memberships if m.location_id == location_id), memberships[0] if memberships else None)
    return chosen.organisation.name if chosen is not None else "ZSM Werkplaats"


def _record_opening(request: HttpRequest, link: ReferralLink, refusal: str | None) -> None:
    referral = link.referral
    details: dict[str, Any] = {"link": link.pk, "institution": referral.institution_id}
    if refusal:
        details["refusal"] = refusal
    access_record(
        request=request,
        event="referral_link_opened",
        # A refused link shows nothing about the client: a view of the refusal, not a disclosure.
        action=Action.VIEW if refusal else Action.DISCLOSE,
        obj=referral,
        person_id=referral.werkplaats_case.case.suspect_id,
        purpose=Purpose.REFERRAL,
        details=details,
    )


def _refusal_page(request: HttpRequest, link: ReferralLink | None, refusal: str) -> HttpResponse:
    referral = link.referral if link is not None else None
    worker = referral.werkplaats_case.worker or referral.created_by if referral is not None else None
    context = {
        "refusal": refusal if refusal in REFUSAL_STATUS else "unknown",
        "worker_name": worker.display_name if worker is not None else "",
        "worker_phone": referral.worker_phone if referral is not None else "",
    }
    return render(request, "socialmap/link/refused.html", context, status=REFUSAL_STATUS.get(refusal, 404))


def _answer_page(request: HttpRequest, link: ReferralLink, form: AcknowledgeForm, status: int = 200) -> HttpResponse:
    referral = link.referral
    worker = referral.werkplaats_case.worker or referral.created_by
    shared = offence_details_shared(referral)
    context = {
        "link": link,
        "referral": referral,
        "institution": referral.institution,
        "client_name": client_name(referral),
        "worker": worker,
        "organisation": referring_organisation(referral),
        "offence_shared": shared,
        "offences": list(referral.werkplaats_case.case.offences.all()) if shared else [],
        "form": form,
    }
    return render(request, "socialmap/link/acknowledge.html", context, status=status)


# No CSRF check: the token in the address is the only credential, and there is no ambient one (no session,
# no cookie) for a forged request to ride on. `Referrer-Policy: no-referrer` also makes the browser send
# `Origin: null` with the form, which Django's origin check would refuse.
@csrf_exempt
@private_page
@require_http_methods(["GET", "POST"])
def acknowledge(request: HttpRequest, token: str) -> HttpResponse:
    found = referral_link_find(token=token)
    link = found.link
    if found.refusal is not None or link is None:
        if link is not None and request.method == "GET":
            _record_opening(request, link, found.refusal)
        return _refusal_page(request, link, found.refusal or "unknown")
    if request.method == "GET":
        _record_opening(request, link, None)
        return _answer_page(request, link, AcknowledgeForm())
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            referral_acknowledge(
                token=token,
                answer=form.cleaned_data["answer"],
                reason=form.string("reason"),
                intake_on=form.cleaned_data.get("intake_on"),
                request_id=str(getattr(request, "request_id", "")),
            )
        except ConflictError:
            return _refusal_page(request, link, "used")
        except ApplicationError as error:
            form.add_service_errors(error.field_errors, error.message)
        else:
            context = {"answer": form.cleaned_data["answer"], "intake_on": form.cleaned_data.get("intake_on")}
            return render(request, "socialmap/link/thanks.html", context)
    # The form comes back with the referral: that shows the client again.
    _record_opening(request, link, None)
    return _answer_page(request, link, form, status=400)
