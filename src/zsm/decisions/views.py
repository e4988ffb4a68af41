"""The OM's decision screen and the printable summary for the suspect."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zsm.audit.constants import Action
from zsm.audit.services import access_record
from zsm.cases.board import case_clock
from zsm.cases.selectors import case_exists, case_get, screenings_for
from zsm.common.clock import now
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.common.middleware import request_id_of
from zsm.decisions.caps import decision_warnings
from zsm.decisions.constants import OBJECTION_DAYS, Disposal
from zsm.decisions.forms import DecisionForm, ServeForm
from zsm.decisions.selectors import (
    case_decidable,
    case_facts,
    decision_for_case,
    decision_latest,
    halt_possible,
    heaviest_penalty,
    ladder_for,
    objection_deadline,
    strafbeschikking_possible,
)
from zsm.decisions.services import decision_record, removes_case_data, strafbeschikking_serve
from zsm.workplace.selectors import advice_for_case

if TYPE_CHECKING:
    from zsm.cases.models import Case


def _case_url(case_id: int) -> str:
    """The case page once a colleague's cases app has it; until then the decision summary."""
    try:
        return reverse("cases:case_detail", kwargs={"case_id": case_id})
    except NoReverseMatch:
        return reverse("decisions:decision_summary", kwargs={"case_id": case_id})


def _screen_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What the officer needs to decide in minutes: suspect, offences, clock, screenings, the ladder."""
    return {
        "case": case,
        "clock": case_clock(case, at=now()),
        "offences": list(case.offences.all()),
        "heaviest_penalty": heaviest_penalty(case),
        "strafbeschikking_possible": strafbeschikking_possible(case),
        "halt_possible": halt_possible(case),
        "screenings": screenings_for(user=request.user, case=case),
        "ladder": ladder_for(user=request.user, case=case),
        "current_decision": decision_latest(case),
        "decidable": case_decidable(case),
        "werkplaats_advice": advice_for_case(user=request.user, case_id=case.pk),
    }


def _advised(request: HttpRequest, case: Case) -> dict[str, Any]:
    """Start the form from the werkplaats advice, when there is one: the officer adjusts, not retypes."""
    advice = advice_for_case(user=request.user, case_id=case.pk)
    if advice is None:
        return {}
    return {"disposal": advice.disposal, "conditions": advice.conditions, "intervention": advice.intervention_id}


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get(user=request.user, case_id=case_id)
    if not request.user.has_perm("cases.decide_case", case):
        raise PermissionDenied
    conflict = ""
    facts = case_facts(case)
    if request.method == "POST":
        form = DecisionForm(request.POST, facts=facts)
        if form.is_valid():
            try:
                decision_record(
                    user=request.user,
                    case_id=case.pk,
                    data=form.decision_input(),
                    expected_version=form.cleaned_data["version"],
                    request_id=getattr(request, "request_id", ""),
                )
            except ConflictError as error:
                if not case_exists(case_id=case.pk):
                    # Removed meanwhile (code 01): nothing of it may be shown again, not even from memory.
                    messages.warning(request, error.message)
                    return redirect("cases:board")
                conflict = error.message
            except ApplicationError as error:
                for field, errors in error.field_errors.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
                if not error.field_errors:
                    form.add_error(None, error.message)
            else:
                if removes_case_data(form.decision_input()):
                    messages.success(
                        request,
                        _(
                            "Technical dismissal 01 recorded: %(case)s and its personal data are removed from "
                            "ZSM Werkplaats."
                        )
                        % {"case": case.reference},
                    )
                    return redirect("cases:board")
                messages.success(request, _("The decision is recorded."))
                for warnings in decision_warnings(form.decision_input()).values():
                    for warning in warnings:
                        messages.warning(request, warning)
                return redirect(_case_url(case.pk))
    else:
        form = DecisionForm(initial={"version": case.version, **_advised(request, case)}, facts=facts)
    # Every showing of the case is a read of personal data, a re-shown form with errors included.
    access_record(request=request, event="case.viewed", obj=case, person_id=case.suspect_id)
    # A refused decision answers like every other form: 409 when the case changed, 400 with field errors.
    status = 409 if conflict else 400 if request.method == "POST" else 200
    return render(
        request,
        "decisions/decision_form.html",
        {**_screen_context(request, case), "form": form, "conflict": conflict},
        status=status,
    )


@login_required
@require_GET
def decision_summary(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get(user=request.user, case_id=case_id)
    if not request.user.has_perm("cases.view_case", case):
        raise PermissionDenied
    decision = decision_for_case(case)
    access_record(
        request=request,
        event="decision.summary_printed",
        action=Action.PRINT,
        obj=decision,
        person_id=case.suspect_id,
        details={"case": case.pk},
    )
    return render(
        request,
        "decisions/decision_summary.html",
        {
            "case": case,
            "decision": decision,
            "offences": list(case.offences.all()),
            "objection_days": OBJECTION_DAYS,
            "objection_deadline": objection_deadline(decision),
            "is_strafbeschikking": decision.disposal == Disposal.STRAFBESCHIKKING,
        },
    )


@login_required
@require_POST
def strafbeschikking_serve_view(request: HttpRequest, case_id: int) -> HttpResponse:
    """The OM records that the suspect got the strafbeschikking (in person, or otherwise known): the 14 days for
    verzet run from then (art. 257e Sv)."""
    case = case_get(user=request.user, case_id=case_id)
    if not request.user.has_perm("cases.decide_case", case):
        raise PermissionDenied
    form = ServeForm(request.POST)
    if form.is_valid():
        try:
            strafbeschikking_serve(
                user=request.user,
                case_id=case.pk,
                served_at=form.cleaned_data["served_at"],
                how=form.cleaned_data["how"],
                request_id=request_id_of(request),
            )
        except ApplicationError as error:  # a ConflictError too: said above the case page
            for message in [m for field_errors in error.field_errors.values() for m in field_errors] or [error.message]:
                messages.error(request, message)
        else:
            messages.success(request, _("The handing over is recorded; the term for verzet runs from it."))
    else:
        for field_errors in form.errors.values():
            for form_error in field_errors:
                messages.error(request, str(form_error))
    return redirect(_case_url(case.pk))
