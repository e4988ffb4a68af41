"""The signal register (`/signalen/`): the location's signals, the candidates from failing referrals, the
institutions' referral figures, and raising, editing and moving a signal on.

Who (meetings/rules.py): the werkplaats team keeps the register; the OM at the location reads it (it sits
in the reflection meeting). A signal names no client; the cases that show it are linked by number, and only
casework readers see the suspects' names.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zsm.accounts.selectors import membership_active
from zsm.audit.constants import Action, Purpose
from zsm.audit.services import access_record, shown_ids
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.common.middleware import request_id_of
from zsm.meetings import selectors, services
from zsm.meetings.constants import SignalScope, SignalStatus
from zsm.meetings.forms import SignalForm, SignalMoveForm
from zsm.meetings.models import Signal
from zsm.meetings.workflow import TRANSITIONS
from zsm.socialmap.selectors import institution_stats, institutions_referred_from
from zsm.workplace.rules import sees_casework_at
from zsm.workplace.selectors import team_members, werkplaats_case_list

RECENT_CASES = 150


def _require(request: HttpRequest, permission: str) -> int:
    """The permission's check, and the user's location (every signal belongs to one)."""
    membership = membership_active(user=request.user)
    if membership is None or not request.user.has_perm(permission):
        raise PermissionDenied
    return membership.location_id


@login_required
@require_GET
def signal_list(request: HttpRequest) -> HttpResponse:
    location_id = _require(request, "meetings.view_signals")
    status = request.GET.get("status", "")
    status = status if status in SignalStatus.values else ""
    signals = list(selectors.signal_list(user=request.user, status=status or None))
    candidates = selectors.signal_candidates(user=request.user)
    figures = [row for row in institution_stats(user=request.user, location_id=location_id) if row.sent]
    figures.sort(key=lambda row: (row.acknowledged_share if row.acknowledged_share is not None else 1, row.name))
    context = {
        "signals": signals,
        "status": status,
        "statuses": SignalStatus.choices,
        "candidates": candidates,
        "figures": figures,
        "figures_chart": {
            "label": _("Acknowledged (%)"),
            "labels": [row.name for row in figures],
            "values": [row.acknowledged_percent or 0 for row in figures],
            "max": 100,
            "horizontal": True,
            "axis": _("Share of settled referrals acknowledged (%)"),
        },
        "may_keep": request.user.has_perm("meetings.keep_signals"),
        "sees_cases": sees_casework_at(request.user, location_id),
    }
    return render(request, "meetings/signal_list.html", context)


def _form(request: HttpRequest, location_id: int, *, data: Any = None, initial: dict[str, Any] | None = None,
          signal: Signal | None = None) -> SignalForm:  # fmt: skip
    also = (initial or {}).get("institution") or (signal.institution_id if signal else None)
    cases = werkplaats_case_list(user=request.user).order_by("-proposed_at", "-pk")[:RECENT_CASES]
    chosen = set((initial or {}).get("cases", [])) | ({c.pk for c in signal.cases.all()} if signal else set())
    case_choices = [(c.pk, f"{c} · {c.case.suspect.full_name}") for c in cases]
    missing = chosen - {pk for pk, _label in case_choices}
    if missing:  # a candidate's older cases, still listed so the choice is visible
        case_choices += [
            (c.pk, f"{c} · {c.case.suspect.full_name}")
            for c in werkplaats_case_list(user=request.user).filter(pk__in=missing)
        ]
    return SignalForm(
        data,
        initial=initial,
        institutions=institutions_referred_from(user=request.user, location_id=location_id, also=also),
        owners=[(u.pk, u.display_name) for u in team_members(location_id=location_id)],
        cases=case_choices,
    )


def _form_page(request: HttpRequest, form: SignalForm, signal: Signal | None, status: int = 200) -> HttpResponse:
    """The form lists the location's werkplaats cases by suspect name: an access event says which."""
    shown = werkplaats_case_list(user=request.user).filter(pk__in=form.case_ids)
    access_record(
        request=request,
        action=Action.SEARCH,
        event="signal.case_choices_viewed",
        object_type="workplace.werkplaatscase",
        purpose=Purpose.WERKPLAATS_CASEWORK,
        details=shown_ids(c.case for c in shown),
    )
    return render(request, "meetings/signal_form.html", {"form": form, "signal": signal}, status=status)


def _input(form: SignalForm) -> services.SignalInput:
    data = form.cleaned_data
    return services.SignalInput(
        title=data["title"],
        description=data["description"],
        scope=data["scope"] or "",
        subject=data["subject"],
        institution_id=data["institution"],
        owner_id=data["owner"] or 0,
        action=data["action"],
        werkplaats_case_ids=list(data["cases"]),
        from_candidate=bool(data["from_candidate"]),
    )


def _candidate_initial(request: HttpRequest) -> dict[str, Any]:
    """Prefill from a candidate (?institution=ID): the institution, its failed referrals' cases, a title."""
    initial: dict[str, Any] = {"owner": request.user.pk}
    try:
        institution_id = int(request.GET.get("institution", ""))
    except ValueError:
        return initial
    for candidate in selectors.signal_candidates(user=request.user):
        if candidate.institution.pk == institution_id:
            initial |= {
                "scope": SignalScope.ORGANISATION,
                "institution": institution_id,
                "subject": candidate.institution.name,
                "title": _("Referrals to %(institution)s do not land") % {"institution": candidate.institution.name},
                "description": _("%(count)s referrals were declined or not answered in the last 90 days.")
                % {"count": len(candidate.referrals)},
                "cases": candidate.werkplaats_case_ids,
                "from_candidate": True,
            }
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def signal_create(request: HttpRequest) -> HttpResponse:
    location_id = _require(request, "meetings.keep_signals")
    if request.method == "GET":
        form = _form(request, location_id, initial=_candidate_initial(request))
        return _form_page(request, form, None)
    form = _form(request, location_id, data=request.POST)
    if form.is_valid():
        try:
            signal = services.signal_create(user=request.user, data=_input(form), request_id=request_id_of(request))
        except ApplicationError as error:
            form.add_service_errors(error.field_errors, error.message)
        else:
            messages.success(request, _("The signal is in the register."))
            return redirect("meetings:signal", signal_id=signal.pk)
    return _form_page(request, form, None, status=400)


@login_required
@require_GET
def signal_detail(request: HttpRequest, signal_id: int) -> HttpResponse:
    location_id = _require(request, "meetings.view_signals")
    signal = selectors.signal_get(user=request.user, signal_id=signal_id)
    return _detail(request, signal, location_id)


def _detail(request: HttpRequest, signal: Signal, location_id: int, *, move: SignalMoveForm | None = None,
            status: int = 200) -> HttpResponse:  # fmt: skip
    sees_cases = sees_casework_at(request.user, location_id)
    cases = list(signal.cases.all())
    if sees_cases and cases:
        access_record(
            request=request,
            action=Action.VIEW,
            event="signal.cases_viewed",
            obj=signal,
            purpose=Purpose.WERKPLAATS_CASEWORK,
            details=shown_ids(c.case for c in cases),
        )
    moves = [
        {"target": target, "label": SignalStatus(target).label,
         "form": move if move is not None and move.data.get("target") == target else SignalMoveForm(
             initial={"target": target, "version": signal.version})}
        for target in sorted(TRANSITIONS[signal.status])
    ]  # fmt: skip
    context = {
        "signal": signal,
        "cases": cases,
        "sees_cases": sees_cases,
        "may_keep": request.user.has_perm("meetings.keep_signals"),
        "moves": moves,
    }
    return render(request, "meetings/signal_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def signal_edit(request: HttpRequest, signal_id: int) -> HttpResponse:
    location_id = _require(request, "meetings.keep_signals")
    signal = selectors.signal_get(user=request.user, signal_id=signal_id)
    if request.method == "GET":
        initial = {
            "title": signal.title,
            "description": signal.description,
            "scope": signal.scope,
            "subject": signal.subject,
            "institution": signal.institution_id,
            "owner": signal.owner_id,
            "action": signal.action,
            "cases": [c.pk for c in signal.cases.all()],
            "version": signal.version,
        }
        form = _form(request, location_id, initial=initial, signal=signal)
        return _form_page(request, form, signal)
    form = _form(request, location_id, data=request.POST, signal=signal)
    if form.is_valid() and form.cleaned_data["version"] is None:
        # Without the version read, a save could overwrite a colleague's change unseen: refuse, do not guess.
        form.add_error(None, _("The page was incomplete. Reload the signal and save again."))
    if form.is_valid():
        try:
            services.signal_update(
                user=request.user,
                signal_id=signal.pk,
                data=_input(form),
                expected_version=form.cleaned_data["version"],
                request_id=request_id_of(request),
            )
        except ConflictError as error:
            form.add_error(None, error.message)
            return _form_page(request, form, signal, status=409)
        except ApplicationError as error:
            form.add_service_errors(error.field_errors, error.message)
        else:
            messages.success(request, _("The signal was saved."))
            return redirect("meetings:signal", signal_id=signal.pk)
    return _form_page(request, form, signal, status=400)


@login_required
@require_POST
def signal_move(request: HttpRequest, signal_id: int) -> HttpResponse:
    location_id = _require(request, "meetings.keep_signals")
    signal = selectors.signal_get(user=request.user, signal_id=signal_id)
    form = SignalMoveForm(request.POST)
    if not form.is_valid():
        return _detail(request, signal, location_id, move=form, status=400)
    try:
        services.signal_move(
            user=request.user,
            signal_id=signal.pk,
            target=form.cleaned_data["target"],
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            request_id=request_id_of(request),
        )
    except ConflictError as error:
        form.add_error(None, error.message)
        return _detail(request, signal, location_id, move=form, status=409)
    except ApplicationError as error:
        form.add_service_errors(error.field_errors, error.message)
        return _detail(request, signal, location_id, move=form, status=400)
    messages.success(request, _("The signal's status was changed."))
    return redirect("meetings:signal", signal_id=signal.pk)
