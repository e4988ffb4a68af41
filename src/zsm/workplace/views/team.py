"""The werkplaats team's pages: the worker's day, coordination, selection criteria and proposing a case.

Who sees what (workplace/rules.py):

- **The worker's day** (`workplace.view_day`): werkplaats workers and the coordinator at their location.
- **Coordination** (`workplace.view_coordination`): the coordinator acts (assigns workers); werkplaats
  workers see the same page read-only (no assign forms); the OM at the location sees only the figures
  (share of the inflow, hours, adoption of advice) — never the caseloads or the proposed cases, which
  name suspects. Probation screeners, police and everyone else get 403.
- **Selection criteria** (`workplace.coordinate`): the coordinator only.
- **Proposing a case** (`workplace.propose_case`): probation screeners, the werkplaats team and the OM at
  the case's location; others who see the case get 403, who does not see it gets 404.

Thin views: a selector fetches, a form validates, one service writes. Every page that shows a person
or a case records an access event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zsm.accounts.selectors import membership_active
from zsm.audit.constants import Action, Purpose
from zsm.audit.services import access_record, shown_ids
from zsm.cases.selectors import case_get
from zsm.common.clock import local, local_now
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.common.holidays import working_days_between
from zsm.common.middleware import request_id_of
from zsm.common.validators import phone_tel_uri
from zsm.socialmap.selectors import referrals_escalated, referrals_to_chase
from zsm.workplace import selectors, services
from zsm.workplace.constants import Signal, WerkplaatsStatus
from zsm.workplace.forms_team import AssignForm, PeriodForm, ProposalForm, SelectionCriterionForm
from zsm.workplace.models import WerkplaatsCase

# The pilots took at most about 4% of the ZSM inflow (PRIMER §2).
PILOT_SHARE_PERCENTAGE = 4

SIGNAL_LABELS = dict(Signal.choices)


def _require(request: HttpRequest, permission: str, obj: Any = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _case_url_maker() -> Callable[[int], str | None]:
    """Links to the werkplaats case page, reversed once (not per row); None while that page does not exist."""
    try:
        url = reverse("workplace:case", kwargs={"werkplaats_case_id": 987654321})
    except NoReverseMatch:
        return lambda _pk: None
    prefix, _sentinel, suffix = url.partition("987654321")
    return lambda pk: f"{prefix}{pk}{suffix}"


def _call_again_url_maker() -> Callable[[int, int], str]:
    """Links to the call-back form of a contact, reversed once (not per row)."""
    url = reverse("workplace:contact_again", kwargs={"werkplaats_case_id": 987654321, "contact_id": 123456789})
    return lambda case_pk, contact_pk: url.replace("987654321", str(case_pk)).replace("123456789", str(contact_pk))


def _items(cases: Iterable[WerkplaatsCase], url_for: Callable[[int], str | None]) -> list[dict[str, Any]]:
    """A werkplaats case as the team pages show it: WP-number, suspect, signals, a link to its page."""
    return [
        {
            "werkplaats_case": werkplaats_case,
            "number": str(werkplaats_case),
            "suspect": werkplaats_case.case.suspect.full_name,
            "signals": [str(SIGNAL_LABELS.get(signal, signal)) for signal in werkplaats_case.signals],
            "url": url_for(werkplaats_case.pk),
        }
        for werkplaats_case in cases
    ]


def _referral_items(referrals: list[Any], url_for: Callable[[int], str | None]) -> list[dict[str, Any]]:
    """Unanswered referrals with their case, when they were sent and how many working days ago."""
    today = local_now().date()
    items = []
    for referral, item in zip(referrals, _items((r.werkplaats_case for r in referrals), url_for), strict=True):
        sent_on = local(referral.sent_at).date()
        items.append(
            {"referral": referral, "sent_on": sent_on, "waiting": working_days_between(sent_on, today), **item}
        )
    return items


# --- The worker's day ---------------------------------------------------------------------------------


@login_required
@require_GET
def day(request: HttpRequest) -> HttpResponse:
    _require(request, "workplace.view_day")
    user = request.user
    today = local_now().date()
    url_for = _case_url_maker()
    again_url = _call_again_url_maker()
    mine = list(selectors.my_cases(user=user))
    calls = list(selectors.calls_to_retry(user=user, on=today))
    checks = list(selectors.monitoring_checks_due(user=user, on=today))
    waiting = list(selectors.waiting_for_om(user=user))
    unreviewed = list(selectors.not_yet_reviewed(user=user))
    reviews = list(selectors.assessments_awaiting_review(user=user))
    chases = referrals_to_chase(user=user, today=today)
    context = {
        "today": today,
        "my_cases": [
            {**item, "next_step": selectors.next_step(item["werkplaats_case"])} for item in _items(mine, url_for)
        ],
        # Each call to retry with its number (a `tel:` link) and a "call again" that opens the form filled in.
        "calls": [
            {
                "contact": contact,
                "tel": phone_tel_uri(contact.phone),
                "again_url": again_url(contact.werkplaats_case_id, contact.pk),
                **item,
            }
            for contact, item in zip(calls, _items((c.werkplaats_case for c in calls), url_for), strict=True)
        ],
        "checks": [
            {"check": check, **item}
            for check, item in zip(checks, _items((c.werkplaats_case for c in checks), url_for), strict=True)
        ],
        "waiting": _items(waiting, url_for),
        "unreviewed": _items(unreviewed, url_for),
        "reviews": [
            {"assessment": assessment, **item}
            for assessment, item in zip(reviews, _items((a.werkplaats_case for a in reviews), url_for), strict=True)
        ],
        "chases": _referral_items(chases, url_for),
    }
    shown = {
        werkplaats_case.case_id: werkplaats_case.case
        for werkplaats_case in [
            *mine,
            *(c.werkplaats_case for c in calls),
            *(c.werkplaats_case for c in checks),
            *waiting,
            *unreviewed,
            *(a.werkplaats_case for a in reviews),
            *(r.werkplaats_case for r in chases),
        ]
    }
    access_record(
        request=request,
        action=Action.SEARCH,
        event="werkplaats.day_viewed",
        object_type="workplace.werkplaatscase",
        purpose=Purpose.WERKPLAATS_CASEWORK,
        details={"rows": len(shown), **shown_ids(shown.values())},
    )
    return render(request, "workplace/team/day.html", context)


# --- Coordination ---------------------------------------------------------------------------------------


def _worker_choices(workers: Iterable[Any]) -> list[tuple[int, str]]:
    return [
        (worker.pk, _("%(name)s (%(count)s open)") % {"name": worker.display_name, "count": worker.open_cases})
        for worker in workers
    ]


def _assign_auto_id(werkplaats_case_id: int) -> str:
    return f"id_assign_{werkplaats_case_id}_%s"


def _coordination_page(
    request: HttpRequest, *, bound: tuple[int, AssignForm] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    membership = membership_active(user=user)
    if membership is None:  # the permission check has run; this keeps the type checker honest
        raise PermissionDenied
    location = membership.location
    today = local_now().date()
    period_form = PeriodForm(request.GET or None, today=today)
    since, until = period_form.period()
    share = selectors.werkplaats_share(user=user, location=location, since=since, until=until)
    hours = selectors.team_hours_distribution(user=user, location=location)
    adoption = selectors.adoption_rates(user=user, location=location)
    is_team = user.has_perm("workplace.view_day")  # the OM sees the figures only
    may_assign = user.has_perm("workplace.coordinate")
    caseloads = list(selectors.worker_caseloads(user=user, location=location)) if is_team else []
    proposed = (
        list(selectors.werkplaats_case_list(user=user, status=WerkplaatsStatus.PROPOSED).order_by("proposed_at", "pk"))
        if is_team
        else []
    )
    suggestions = selectors.worker_suggestions(location=location, cases=proposed) if may_assign else {}
    escalated = referrals_escalated(user=user, today=today) if may_assign else []
    workers = _worker_choices(caseloads)
    rows = []
    for item in _items(proposed, _case_url_maker()):
        werkplaats_case = item["werkplaats_case"]
        form = None
        suggestion = suggestions.get(werkplaats_case.pk)
        if may_assign:
            if bound is not None and bound[0] == werkplaats_case.pk:
                form = bound[1]
            else:
                form = AssignForm(
                    initial={
                        "worker": suggestion.worker.pk if suggestion else None,
                        "version": werkplaats_case.version,
                    },
                    workers=workers,
                    auto_id=_assign_auto_id(werkplaats_case.pk),
                )
        rows.append({**item, "form": form, "suggestion": suggestion})
    hours_rows = [
        (_("0–3 hours"), hours.up_to_3_hours),
        (_("3–6 hours"), hours.from_3_to_6_hours),
        (_("More than 6 hours"), hours.over_6_hours),
    ]
    context = {
        "period_form": period_form,
        "since": since,
        "until": until,
        "share": share,
        "pilot_share": PILOT_SHARE_PERCENTAGE,
        "hours": hours,
        "hours_rows": hours_rows,
        "hours_chart": {
            "label": _("Cases"),
            "labels": [str(label) for label, _count in hours_rows],
            "values": [count for _label, count in hours_rows],
        },
        "adoption": adoption,
        "adoption_chart": {
            "label": _("Adopted (%)"),
            "labels": [rate.team for rate in adoption],
            "values": [float(rate.percentage or 0) for rate in adoption],
            "max": 100,
        },
        "is_team": is_team,
        "may_assign": may_assign,
        "caseloads": caseloads,
        "proposed": rows,
        "escalated": _referral_items(escalated, _case_url_maker()),
    }
    access_record(
        request=request,
        action=Action.SEARCH,
        event="werkplaats.coordination_viewed",
        object_type="workplace.werkplaatscase",
        purpose=Purpose.WERKPLAATS_CASEWORK,
        details={
            "rows": len(proposed) + len(escalated),
            **shown_ids({wc.case for wc in [*proposed, *(r.werkplaats_case for r in escalated)]}),
        },
    )
    return render(request, "workplace/team/coordination.html", context, status=status)


@login_required
@require_GET
def coordination(request: HttpRequest) -> HttpResponse:
    _require(request, "workplace.view_coordination")
    return _coordination_page(request)


@login_required
@require_POST
def assign(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    """The coordinator gives a proposed case to a worker; a stale page (someone else was first) is refused."""
    werkplaats_case = selectors.werkplaats_case_get(user=request.user, werkplaats_case_id=werkplaats_case_id)
    _require(request, "workplace.assign_case", werkplaats_case)
    membership = membership_active(user=request.user)
    assert membership is not None  # the coordinator at the case's location (checked above)
    workers = _worker_choices(selectors.worker_caseloads(user=request.user, location=membership.location))
    form = AssignForm(request.POST, workers=workers, auto_id=_assign_auto_id(werkplaats_case.pk))
    if not form.is_valid():
        return _coordination_page(request, bound=(werkplaats_case.pk, form), status=400)
    try:
        assigned = services.werkplaats_case_assign(
            user=request.user,
            werkplaats_case_id=werkplaats_case.pk,
            worker_id=form.cleaned_data["worker"],
            expected_version=form.cleaned_data["version"],
            request_id=request_id_of(request),
        )
    except ConflictError as error:
        # The page as it is now shows who has the case; the coordinator decides again from there.
        messages.error(
            request, _("%(case)s was not assigned. %(message)s") % {"case": werkplaats_case, "message": error.message}
        )
        return _coordination_page(request, status=409)
    except ApplicationError as error:
        form.add_service_errors(error.field_errors, error.message)
        return _coordination_page(request, bound=(werkplaats_case.pk, form), status=400)
    messages.success(
        request,
        _("%(case)s is assigned to %(worker)s.") % {"case": assigned, "worker": assigned.worker.display_name}
        if assigned.worker
        else _("%(case)s is assigned.") % {"case": assigned},
    )
    return redirect("workplace:coordination")


# --- Selection criteria ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def selection_criteria(request: HttpRequest) -> HttpResponse:
    """Switch signals on and off as the location's selection criteria, one at a time (coordinator only)."""
    _require(request, "workplace.coordinate")
    membership = membership_active(user=request.user)
    assert membership is not None  # the coordinator at their location (checked above)
    status = 200
    if request.method == "POST":
        form = SelectionCriterionForm(request.POST)
        if form.is_valid():
            try:
                criterion = services.selection_criterion_set(
                    user=request.user,
                    location_id=membership.location_id,
                    signal=form.cleaned_data["signal"],
                    active=form.cleaned_data["active"],
                    request_id=request_id_of(request),
                )
            except ApplicationError as error:
                for text in [t for texts in error.field_errors.values() for t in texts] or [error.message]:
                    messages.error(request, text)
                status = 400
            else:
                label = criterion.get_signal_display()
                messages.success(
                    request,
                    _("%(signal)s is now a selection criterion.") % {"signal": label}
                    if criterion.active
                    else _("%(signal)s is no longer a selection criterion.") % {"signal": label},
                )
                return redirect("workplace:selection_criteria")
        else:
            messages.error(request, _("Choose a known signal."))
            status = 400
    criteria = selectors.selection_criteria(location_id=membership.location_id)
    rows = [
        {"value": signal.value, "label": signal.label, "active": bool(criteria.get(signal.value))} for signal in Signal
    ]
    context = {
        "rows": rows,
        "location": membership.location,
        "any_set": bool(criteria),
        "none_active": bool(criteria) and not any(criteria.values()),
    }
    return render(request, "workplace/team/selection_criteria.html", context, status=status)


# --- Proposing a case -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, case_id: int) -> HttpResponse:
    """Propose a ZSM case for the werkplaats, naming its signals; back to the case page when stored."""
    case = case_get(user=request.user, case_id=case_id)
    _require(request, "workplace.propose_case", case)
    data = request.POST if request.method == "POST" else None  # a POST without any ticked signal is still a POST
    form = ProposalForm(data, choices=selectors.proposable_signals(location_id=case.location_id))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.werkplaats_case_propose(
                    user=request.user,
                    case_id=case.pk,
                    signals=form.cleaned_data["signals"],
                    request_id=request_id_of(request),
                )
            except ApplicationError as error:
                form.add_service_errors(error.field_errors, error.message)
                status = error.status
            else:
                messages.success(request, _("The case is proposed for the werkplaats."))
                return redirect("cases:case_detail", case_id=case.pk)
        else:
            status = 400
    access_record(
        request=request,
        event="werkplaats_case.proposal_viewed",
        obj=case,
        person_id=case.suspect_id,
        purpose=Purpose.ZSM_ASSESSMENT,
    )
    context = {
        "case": case,
        "form": form,
        "existing": selectors.werkplaats_case_of_case(user=request.user, case_id=case.pk),
    }
    return render(request, "workplace/team/propose.html", context, status=status)
