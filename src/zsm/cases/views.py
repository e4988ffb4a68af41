"""The ZSM table in the browser: the board, intake, the case page, the stand-up and the inbox.

Thin views: a selector fetches (404 when not visible), a form validates, one service writes.
Every page that shows a person or case records an access event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zsm.accounts.selectors import membership_active
from zsm.audit.constants import Action
from zsm.audit.services import access_record, shown_ids
from zsm.cases import inbox, selectors, services, workflow
from zsm.cases.board import (
    board_rows,
    case_clock,
    case_flags,
    latest_decision,
    partner_position,
    screening_chips,
)
from zsm.cases.constants import HELD_STATUSES, MANUAL_TARGETS, Known, ScreeningState
from zsm.cases.forms import (
    BoardFilterForm,
    BoardScreeningForm,
    CaseForm,
    CustodyForm,
    PersonSuggestionForm,
    ScreeningForm,
    StatusChangeForm,
    VersionForm,
    WerkplaatsCandidateForm,
)
from zsm.cases.models import Case, Screening
from zsm.cases.rules import partner_of
from zsm.common.clock import now
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.common.middleware import request_id_of
from zsm.decisions.constants import Disposal, ServedHow
from zsm.persons.selectors import person_match_candidates
from zsm.workplace import selectors as workplace_selectors
from zsm.workplace.constants import WerkplaatsStatus

NOTIFICATIONS_PER_PAGE = 50


def _require(request: HttpRequest, permission: str, obj: Any = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


# --- The board --------------------------------------------------------------------------------


def _werkplaats_statuses_set(request: HttpRequest, cases: list[Case]) -> None:
    """Give each case on the board its werkplaats status label ("" when none), in one query for all rows."""
    statuses = workplace_selectors.werkplaats_statuses(user=request.user, case_ids=[case.pk for case in cases])
    labels = {value: str(label) for value, label in WerkplaatsStatus.choices}
    for case in cases:
        setattr(case, "werkplaats_status_label", labels.get(statuses.get(case.pk, ""), ""))  # noqa: B010


def _board_context(request: HttpRequest) -> dict[str, Any]:
    form = BoardFilterForm(request.GET or None)
    filters = form.to_filter()
    version = selectors.board_version(user=request.user)
    cases = list(selectors.board_cases(user=request.user, filters=filters))
    _werkplaats_statuses_set(request, cases)
    query = request.GET.copy()
    for key in ("since", "sort"):
        query.pop(key, None)
    partner = partner_of(membership_active(user=request.user))
    return {
        "form": form,
        "filters": filters,
        "rows": board_rows(cases, at=now(), partner=partner),
        "presets": _board_presets(request, filters),
        "refresh_seconds": settings.ZSM_BOARD_REFRESH_SECONDS,
        "version": version,
        "query": query.urlencode(),
        "updated_at": now(),
    }


# One-click filters above the board: what a screener, the OM and a werkplaats worker look for all day.
BOARD_PRESETS = (
    ("my_screening", gettext_lazy("My screening to do")),
    ("clock_under_hour", gettext_lazy("Clock under 60 min")),
    ("werkplaats", gettext_lazy("Werkplaats candidates")),
)


def _board_presets(request: HttpRequest, filters: Any) -> list[dict[str, Any]]:
    base = reverse("cases:board")
    has_partner_screening = partner_of(membership_active(user=request.user)) is not None
    return [
        {
            "key": key,
            "label": label,
            # A second click on the chosen preset clears it.
            "url": base if filters.flag == key else f"{base}?flag={key}",
            "current": filters.flag == key,
        }
        for key, label in BOARD_PRESETS
        if key != "my_screening" or has_partner_screening
    ]


def _board_access(request: HttpRequest, event: str, context: dict[str, Any]) -> None:
    """One access event per load; the details name no person (the search term may be a surname)."""
    filters = context["filters"]
    access_record(
        request=request,
        action=Action.SEARCH,
        event=event,
        object_type="cases.case",
        details={
            "status": filters.status,
            "minor": filters.minor,
            "flag": filters.flag,
            "sort": filters.sort,
            "searched": bool(filters.search),
            "rows": len(context["rows"]),
            **shown_ids(row.case for row in context["rows"]),
        },
    )


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    _require(request, "cases.view_board")
    context = _board_context(request)
    _board_access(request, "board.viewed", context)
    return render(request, "cases/board.html", context)


@login_required
@require_GET
def board_rows_partial(request: HttpRequest) -> HttpResponse:
    """The board's rows for the live refresh; 204 (htmx keeps what it has) when nothing changed."""
    _require(request, "cases.view_board")
    since = request.GET.get("since", "")
    if since and since == selectors.board_version(user=request.user):
        return HttpResponse(status=204)
    context = _board_context(request)
    _board_access(request, "board.refreshed", context)
    return render(request, "cases/board.html#rows", context)


@login_required
@require_GET
def standup(request: HttpRequest) -> HttpResponse:
    _require(request, "cases.view_board")
    at = now()
    cases = list(selectors.standup_cases(user=request.user))
    items = [
        {
            "case": case,
            "clock": case_clock(case, at=at),
            "missing": selectors.missing_for_decision(case),
            "flags": case_flags(case),
            "offence_codes": [offence.code for offence in case.offences.all()],
        }
        for case in cases
    ]
    access_record(
        request=request,
        action=Action.SEARCH,
        event="standup.viewed",
        object_type="cases.case",
        details={"rows": len(items), **shown_ids(item["case"] for item in items)},
    )
    return render(request, "cases/standup.html", {"items": items, "at": at})


# --- Intake -----------------------------------------------------------------------------------


def _suggestions(request: HttpRequest, form: PersonSuggestionForm, chosen: int | None) -> dict[str, Any]:
    matches = []
    if form.is_valid() and form.has_enough():
        data = form.cleaned_data
        matches = person_match_candidates(
            bsn=(data.get("bsn") or "").strip(),
            given_names=data.get("given_names") or "",
            surname_prefix=data.get("surname_prefix") or "",
            surname=data.get("surname") or "",
            date_of_birth=data.get("date_of_birth"),
        )
        for match in matches:
            access_record(
                request=request,
                action=Action.SEARCH,
                event="person.suggested",
                obj=match.person,
                person_id=match.person.pk,
            )
    chosen_ids = {match.person.pk for match in matches}
    return {"matches": matches, "chosen": chosen if chosen in chosen_ids else None}


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    _require(request, "cases.register_case")
    form = CaseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                case = services.case_register(
                    user=request.user, data=form.to_input(), request_id=request_id_of(request)
                )
            except ApplicationError as error:
                form.add_service_errors(error.field_errors, error.message)
            else:
                if case.under_twelve:
                    messages.warning(
                        request,
                        _(
                            "Case %(reference)s is registered outside criminal law: the child was under 12 on the "
                            "day of the offence and cannot be prosecuted (art. 486 Sv). There is no holding clock; "
                            "the Raad voor de Kinderbescherming has been told."
                        )
                        % {"reference": case.reference},
                    )
                else:
                    messages.success(
                        request,
                        _("Case %(reference)s is registered and on the board.") % {"reference": case.reference},
                    )
                return redirect("cases:case_detail", case_id=case.pk)
        status = 400
    suggestions: dict[str, Any] = {"matches": [], "chosen": None}
    if request.method == "POST":
        chosen = form.cleaned_data.get("existing_person_id") if hasattr(form, "cleaned_data") else None
        suggestions = _suggestions(request, PersonSuggestionForm(request.POST), chosen)
    return render(request, "cases/case_form.html", {"form": form, **suggestions}, status=status)


@login_required
@require_GET
def person_suggestions(request: HttpRequest) -> HttpResponse:
    _require(request, "cases.register_case")
    chosen_raw = request.GET.get("existing_person_id", "")
    chosen = int(chosen_raw) if chosen_raw.isdigit() else None
    context = _suggestions(request, PersonSuggestionForm(request.GET), chosen)
    return render(request, "cases/_person_suggestions.html", context)


# --- The case page ----------------------------------------------------------------------------


def _decision_url(request: HttpRequest, case: Case) -> str | None:
    if not request.user.has_perm("cases.decide_case", case):
        return None
    try:
        return reverse("decisions:decision_create", kwargs={"case_id": case.pk})
    except NoReverseMatch:  # the decisions app has not published its form (yet)
        return None


def _may_record_serving(request: HttpRequest, case: Case) -> bool:
    """A strafbeschikking waits to be handed over; the OM records when the suspect got it."""
    decision = latest_decision(case)
    return (
        decision is not None
        and decision.disposal == Disposal.STRAFBESCHIKKING
        and decision.served_at is None
        and request.user.has_perm("cases.decide_case", case)
    )


def _werkplaats_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """The werkplaats panel: whoever sees the case sees that it is a werkplaats case, its status and worker;
    the casework itself only through a link for those who may read it."""
    werkplaats_case = workplace_selectors.werkplaats_case_of_case(user=request.user, case_id=case.pk)
    propose_url = None
    case_url = None
    if werkplaats_case is None and not case.is_minor and request.user.has_perm("workplace.propose_case", case):
        propose_url = reverse("workplace:propose", kwargs={"case_id": case.pk})
    if werkplaats_case is not None and request.user.has_perm("workplace.view_casework", werkplaats_case):
        try:
            case_url = reverse("workplace:case", kwargs={"werkplaats_case_id": werkplaats_case.pk})
        except NoReverseMatch:  # the werkplaats case page is not published (yet)
            case_url = None
    return {
        "werkplaats_case": werkplaats_case,
        "werkplaats_propose_url": propose_url,
        "werkplaats_case_url": case_url,
        # A minor goes the youth route (ADR 0007): said where the werkplaats would otherwise be offered.
        "youth_route": case.is_minor and request.user.has_perm("workplace.propose_case", case),
    }


def _case_page(
    request: HttpRequest,
    case: Case,
    *,
    screening_form: ScreeningForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the case page; every rendering is a view of the case and is logged."""
    user = request.user
    at = now()
    own_partner = partner_of(membership_active(user=user))
    own_screening = selectors.screening_for_partner(case, own_partner)
    can_screen = own_screening is not None and user.has_perm("cases.record_screening", case)
    if can_screen and screening_form is None and own_screening is not None:
        screening_form = _screening_form_for(own_screening)
    context = {
        "case": case,
        "suspect": case.suspect,
        "offences": case.offences.all(),
        "clock": case_clock(case, at=at),
        "flags": case_flags(case),
        "chips": screening_chips(case),
        "victims": selectors.victims_for(user=user, case=case),
        "screenings": sorted(
            selectors.screenings_for(user=user, case=case),
            key=lambda view: partner_position(view.screening.partner),
        ),
        "decisions": sorted(case.decisions.all(), key=lambda d: (d.decided_at, d.pk), reverse=True),
        "latest_decision": latest_decision(case),
        "is_held": case.status in HELD_STATUSES,
        "earlier_cases": list(selectors.earlier_cases(user=user, case=case).select_related("suspect")),
        "can_screen": can_screen,
        "screening_form": screening_form if can_screen else None,
        "own_screening": own_screening,
        "decision_url": _decision_url(request, case) if workflow.can_decide(case.status) else None,
        "can_order_custody": case.pretrial_detention_allowed
        and case.status in HELD_STATUSES
        and user.has_perm("cases.change_status", case),
        "can_extend_for_identity": services.identity_extension_possible(case, at=at)
        and user.has_perm("cases.change_status", case),
        "may_record_serving": _may_record_serving(request, case),
        "served_how_choices": ServedHow.choices,
        "can_report_veilig_thuis": case.under_twelve
        and case.child_safety_concern
        and case.veilig_thuis_reported_at is None
        and user.has_perm("cases.register_case"),
        "status_targets": [
            (target.value, target.label)
            for target in MANUAL_TARGETS
            if workflow.can_move(case.status, target) and user.has_perm("cases.change_status", case)
        ],
        **_werkplaats_context(request, case),
    }
    access_record(request=request, event="case.viewed", obj=case, person_id=case.suspect_id)
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    _require(request, "cases.view_case", case)
    return _case_page(request, case)


def _screening_form_for(screening: Screening, form_class: type[ScreeningForm] = ScreeningForm) -> ScreeningForm:
    """The screening form as the partner's screening is saved now."""
    return form_class(
        initial={
            "state": screening.state,
            "known": screening.known,
            "status_note": screening.status_note,
            "summary": screening.summary,
            "advice": screening.advice,
            "proposed_conditions": screening.proposed_conditions,
            "version": screening.version,
        }
    )


@dataclass
class _ScreeningSave:
    """What saving a screening came to: saved, or the form to show again with its status and the case now."""

    saved: bool
    form: ScreeningForm
    case: Case
    status: int = 200


def _screening_save(
    request: HttpRequest, case: Case, data: QueryDict, form_class: type[ScreeningForm] = ScreeningForm
) -> _ScreeningSave:
    """One place for the case page and the board: validate, save, and on a conflict keep what was typed."""
    form = form_class(data)
    if not form.is_valid():
        return _ScreeningSave(False, form, case, 400)
    try:
        services.screening_record(
            user=request.user,
            case_id=case.pk,
            data=form.to_input(),
            expected_version=form.cleaned_data["version"],
            request_id=request_id_of(request),
        )
    except ConflictError as error:
        # Keep what the user typed; the page shows the screening as it is saved now. Saving again
        # after checking it is a deliberate choice, so the form now carries the current version.
        fresh = selectors.case_get(user=request.user, case_id=case.pk)
        current = selectors.screening_for_partner(fresh, partner_of(membership_active(user=request.user)))
        typed = data.copy()
        if current is not None:
            typed["version"] = str(current.version)
        kept = form_class(typed)
        kept.is_valid()
        kept.add_error(
            None,
            _(
                "%(message)s Your input is kept below; the screening as it is saved now is shown above it. "
                "Check both, then save again to replace it."
            )
            % {"message": error.message},
        )
        return _ScreeningSave(False, kept, fresh, 409)
    except ApplicationError as error:
        for field, errors in error.field_errors.items():
            for text in errors:
                form.add_error(field if field in form.fields else None, text)
        if not error.field_errors:
            form.add_error(None, error.message)
        return _ScreeningSave(False, form, case, 400)
    return _ScreeningSave(True, form, case)


@login_required
@require_POST
def screening_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    _require(request, "cases.record_screening", case)
    outcome = _screening_save(request, case, request.POST)
    if not outcome.saved:
        return _case_page(request, outcome.case, screening_form=outcome.form, status=outcome.status)
    messages.success(request, _("Your screening is saved."))
    return redirect(reverse("cases:case_detail", kwargs={"case_id": case.pk}) + "#screening")


# The one-press answer of most screenings at the table: not known in the partner's own systems, done.
QUICK_NOT_KNOWN = {"state": ScreeningState.DONE, "known": Known.NOT_KNOWN}


@login_required
@require_http_methods(["GET", "POST"])
def board_screening(request: HttpRequest, case_id: int) -> HttpResponse:
    """The reader's own screening of one case, in a panel beside the board: open, fill in, save, back to the row.

    Without htmx (no JavaScript) the board links to the case page's screening form instead."""
    case = selectors.case_get(user=request.user, case_id=case_id)
    _require(request, "cases.record_screening", case)
    own = selectors.screening_for_partner(case, partner_of(membership_active(user=request.user)))
    assert own is not None  # the permission requires the partner's screening on the case
    fragment = bool(request.headers.get("HX-Request"))
    if request.method == "GET" and not fragment:
        return redirect(reverse("cases:case_detail", kwargs={"case_id": case.pk}) + "#screening")
    context: dict[str, Any] = {"case": case, "screening": own, "quick": QUICK_NOT_KNOWN}
    if request.method == "GET":
        access_record(request=request, event="case.screening_opened", obj=case, person_id=case.suspect_id)
        form = _screening_form_for(own, BoardScreeningForm)
        return render(request, "cases/_board_screening.html", {**context, "form": form})
    data = request.POST.copy()
    if data.get("quick") == "not_known":
        # The quick answer keeps the summary and advice already written; it sets what the button says.
        for name, value in QUICK_NOT_KNOWN.items():
            data[name] = value
    outcome = _screening_save(request, case, data, BoardScreeningForm)
    if not fragment:
        # The panel's form sent as a plain form (no JavaScript, or a key pressed before htmx took the form
        # over): refused, it shows on the case page with what was typed; saved, back to the board's row.
        if not outcome.saved:
            return _case_page(request, outcome.case, screening_form=outcome.form, status=outcome.status)
        messages.success(request, _("Your screening is saved."))
        return redirect(reverse("cases:board") + f"#case-{case.pk}")
    if not outcome.saved:
        current = selectors.screening_for_partner(outcome.case, own.partner)
        access_record(request=request, event="case.screening_opened", obj=case, person_id=case.suspect_id)
        context.update(case=outcome.case, form=outcome.form, screening=current or own, conflict=outcome.status == 409)
        return render(request, "cases/_board_screening.html", context, status=422 if outcome.status == 400 else 409)
    saved = selectors.screening_for_partner(selectors.case_get(user=request.user, case_id=case.pk), own.partner)
    response = render(request, "cases/_board_screening.html", {**context, "screening": saved, "saved": True})
    # The board fetches its rows at once, so the row shows the new state where the eye goes back to.
    response["HX-Trigger"] = "zsm:board-changed"
    return response


def _change_case(request: HttpRequest, case: Case, write: Callable[[], object], success: str) -> HttpResponse:
    """Run one service for a button on the case page; its refusal (field errors, a conflict with the
    workflow or a colleague who was first) becomes a message, and the user is back on the case."""
    try:
        write()
    except ApplicationError as error:
        for message in [text for texts in error.field_errors.values() for text in texts] or [error.message]:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("cases:case_detail", case_id=case.pk)


@login_required
@require_POST
def werkplaats_candidate(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    _require(request, "cases.mark_werkplaats_candidate", case)
    form = WerkplaatsCandidateForm(request.POST)
    candidate = bool(form.cleaned_data.get("candidate")) if form.is_valid() else False
    return _change_case(
        request,
        case,
        lambda: services.case_werkplaats_candidate_set(
            user=request.user, case_id=case.pk, candidate=candidate, request_id=request_id_of(request)
        ),
        _("The case is marked as a werkplaats candidate.")
        if candidate
        else _("The case is no longer marked as a werkplaats candidate."),
    )


@login_required
@require_POST
def custody(request: HttpRequest, case_id: int) -> HttpResponse:
    """Order custody (inverzekeringstelling) or extend it once, or extend the holding period once to establish
    identity (art. 56b Sv); police and OM, as for status changes."""
    case = selectors.case_get(user=request.user, case_id=case_id)
    _require(request, "cases.change_status", case)
    form = CustodyForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("cases:case_detail", case_id=case.pk)
    data = form.cleaned_data

    def write() -> object:
        if data["action"] == "order":
            return services.case_custody_order(
                user=request.user,
                case_id=case.pk,
                started_at=data["started_at"],
                expected_version=data["version"],
                request_id=request_id_of(request),
            )
        if data["action"] == "identity":
            return services.case_identity_extend(
                user=request.user, case_id=case.pk, expected_version=data["version"], request_id=request_id_of(request)
            )
        return services.case_custody_extend(
            user=request.user, case_id=case.pk, expected_version=data["version"], request_id=request_id_of(request)
        )

    done = (
        _("The holding period is extended by 6 hours to establish identity (art. 56b Sv).")
        if data["action"] == "identity"
        else _("Custody is recorded; the clock now runs to its end.")
    )
    return _change_case(request, case, write, done)


@login_required
@require_POST
def veilig_thuis_report(request: HttpRequest, case_id: int) -> HttpResponse:
    """The police record that they reported their concerns about a child under 12 to Veilig Thuis."""
    case = selectors.case_get(user=request.user, case_id=case_id)
    _require(request, "cases.register_case")
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    return _change_case(
        request,
        case,
        lambda: services.case_veilig_thuis_report(
            user=request.user, case_id=case.pk, expected_version=version, request_id=request_id_of(request)
        ),
        _("The report to Veilig Thuis is recorded."),
    )


@login_required
@require_POST
def status_change(request: HttpRequest, case_id: int) -> HttpResponse:
    """Release with a summons, bring before the examining judge, or close: as the workflow allows."""
    case = selectors.case_get(user=request.user, case_id=case_id)
    _require(request, "cases.change_status", case)
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect("cases:case_detail", case_id=case.pk)
    return _change_case(
        request,
        case,
        lambda: services.case_transition(
            user=request.user,
            case_id=case.pk,
            target=form.cleaned_data["target"],
            expected_version=form.cleaned_data["version"],
            request_id=request_id_of(request),
        ),
        _("The status of the case is changed."),
    )


# --- The inbox --------------------------------------------------------------------------------


@login_required
@require_GET
def inbox_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(inbox.notification_list(user=request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    cases = [notification.case for notification in page if notification.case is not None]
    if cases:  # notifications name case references: who saw which is on record
        access_record(
            request=request,
            action=Action.SEARCH,
            event="inbox.viewed",
            object_type="cases.case",
            details=shown_ids(cases),
        )
    return render(request, "cases/inbox.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    inbox.notification_mark_read(user=request.user, notification_id=pk)
    messages.success(request, _("The notification is marked as read."))
    return redirect("cases:inbox")
