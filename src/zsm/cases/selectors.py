"""Every read of ZSM cases, scoped to what the user may see (cases/rules.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404

from zsm.accounts.selectors import membership_active
from zsm.cases.constants import HELD_STATUSES, CaseStatus, ScreeningState
from zsm.cases.models import Case, Screening, Victim
from zsm.cases.rules import can_see_screening_content, can_see_victim_contact, case_visibility, partner_of
from zsm.common.clock import AMSTERDAM, local_now, now
from zsm.decisions.models import Decision


def case_queryset(*, user: Any) -> QuerySet[Case]:
    """All cases the user may see; nothing for a user without a place at the table."""
    visible = case_visibility(user)
    if visible is None:
        return Case.objects.none()
    return Case.objects.filter(visible)


def case_exists(*, case_id: int) -> bool:
    """Whether the case is still there (it may have been removed: technical dismissal 01, retention)."""
    return Case.objects.filter(pk=case_id).exists()


def case_get(*, user: Any, case_id: int, for_update: bool = False) -> Case:
    """One visible case with what its page needs, or 404 (never 403: existence is not disclosed)."""
    case = (
        case_queryset(user=user)
        .select_related("suspect", "location", "registered_by")
        .prefetch_related(
            "offences",
            "victims",
            Prefetch("screenings", queryset=Screening.objects.select_related("organisation", "screened_by")),
            Prefetch("decisions", queryset=Decision.objects.select_related("decided_by")),
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    return case


@dataclass(frozen=True)
class BoardFilter:
    status: str = ""  # "", "open", "decided" or a CaseStatus
    minor: bool = False
    flag: str = ""  # supervision, werkplaats, domestic_violence, my_screening, clock_under_hour
    search: str = ""  # surname, registration number or reference
    sort: str = "deadline"  # deadline, arrested, name


SORTS = {
    "deadline": ("clock", "pk"),
    "arrested": ("-arrested_at", "pk"),
    "name": ("suspect__surname_key", "pk"),
}


def _start_of_today() -> datetime:
    today = local_now().date()
    return datetime.combine(today, datetime.min.time(), tzinfo=AMSTERDAM)


def board_cases(*, user: Any, filters: BoardFilter) -> QuerySet[Case]:
    """The board: cases whose suspect is still held, and those that left the table today."""
    today = _start_of_today()
    # A child under 12 stays on the board until the OM's technical dismissal takes it off criminal law's books.
    cases = case_queryset(user=user).filter(
        Q(status__in=HELD_STATUSES) | Q(status=CaseStatus.UNDER_TWELVE) | Q(decided_at__gte=today)
        | Q(updated_at__gte=today, status__in=[
            CaseStatus.RELEASED_WITH_SUMMONS, CaseStatus.BEFORE_EXAMINING_JUDGE, CaseStatus.REFERRED_TO_WERKPLAATS])
    )  # fmt: skip
    if filters.status == "open":
        cases = cases.filter(status__in=HELD_STATUSES)
    elif filters.status == "decided":
        cases = cases.exclude(status__in=HELD_STATUSES)
    elif filters.status in CaseStatus.values:
        cases = cases.filter(status=filters.status)
    if filters.minor:
        cases = cases.filter(is_minor=True)
    if filters.flag == "supervision":
        cases = cases.filter(under_supervision=True)
    elif filters.flag == "werkplaats":
        cases = cases.filter(werkplaats_candidate=True)
    elif filters.flag == "domestic_violence":
        cases = cases.filter(domestic_violence=True)
    elif filters.flag == "my_screening":
        cases = cases.filter(_own_screening_to_do(user))
    elif filters.flag == "clock_under_hour":
        cases = cases.filter(_clock_under(URGENT_WITHIN))
    if filters.search:
        term = filters.search.strip()
        number = term.upper().removeprefix("ZSM-")
        match = Q(suspect__surname__icontains=term) | Q(police_registration_number__icontains=term)
        if number.isdigit():
            match |= Q(pk=int(number))
        cases = cases.filter(match)
    return (
        cases.select_related("suspect")
        .prefetch_related("offences", "screenings", Prefetch("decisions", queryset=Decision.objects.only(
            "pk", "case_id", "disposal", "decided_at")))
        # The live cases (clock running) first, the ones that left the table today below them.
        .annotate(
            left_table=DbCase(When(status__in=HELD_STATUSES, then=Value(0)), default=Value(1)),
            clock=Coalesce("custody_deadline", "holding_deadline", "registered_at"),
        )
        .order_by("left_table", *SORTS.get(filters.sort, SORTS["deadline"]))
    )  # fmt: skip


# "Clock under 60 minutes" on the board: the suspects whose holding or custody ends within the hour.
URGENT_WITHIN = timedelta(minutes=60)


def _own_screening_to_do(user: Any) -> Q:
    """Held cases where the user's own partner has a screening that is not done yet."""
    partner = partner_of(membership_active(user=user))
    if partner is None:
        return Q(pk__in=[])
    to_do = Screening.objects.filter(case=OuterRef("pk"), partner=partner).exclude(state=ScreeningState.DONE)
    return Q(status__in=HELD_STATUSES) & Q(Exists(to_do))


def _clock_under(within: timedelta) -> Q:
    """Held cases whose running clock (custody's once ordered, else holding's) ends within `within`."""
    moment = now()
    running = Q(custody_deadline__isnull=False, custody_deadline__lte=moment + within) | Q(
        custody_deadline__isnull=True, holding_deadline__lte=moment + within
    )
    return Q(status__in=HELD_STATUSES) & running


def board_version(*, user: Any) -> str:
    """Changes when anything on the user's board changes: lets the live board skip idle refreshes."""
    stats = case_queryset(user=user).aggregate(latest=Max("updated_at"))
    latest = stats["latest"]
    minute = local_now().replace(second=0, microsecond=0)
    # The minute is part of it so the time left still ticks on a quiet board.
    return f"{latest.isoformat() if latest else '-'}|{minute.isoformat()}"


def standup_cases(*, user: Any) -> QuerySet[Case]:
    return board_cases(user=user, filters=BoardFilter(status="open"))


@dataclass(frozen=True)
class VictimView:
    victim: Victim
    contact_visible: bool


def victims_for(*, user: Any, case: Case) -> list[VictimView]:
    return [VictimView(victim, can_see_victim_contact(user, victim)) for victim in case.victims.all()]


@dataclass(frozen=True)
class ScreeningView:
    screening: Screening
    content_visible: bool


def screenings_for(*, user: Any, case: Case) -> list[ScreeningView]:
    return [ScreeningView(s, can_see_screening_content(user, s)) for s in case.screenings.all()]


def earlier_cases(*, user: Any, case: Case) -> QuerySet[Case]:
    """The suspect's earlier ZSM cases at locations the user sees, with their disposals (the ladder)."""
    return (
        case_queryset(user=user)
        .filter(suspect_id=case.suspect_id, registered_at__lt=case.registered_at)
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.order_by("-decided_at")))
        .order_by("-registered_at")
    )


def missing_for_decision(case: Case) -> list[str]:
    """What the stand-up still waits for: the partners whose screening is not done."""
    return [s.get_partner_display() for s in case.screenings.all() if s.state != "done"]


def screening_for_partner(case: Case, partner: str | None) -> Screening | None:
    return next((s for s in case.screenings.all() if s.partner == partner), None)


def open_case_count_due_within(*, user: Any, within: timedelta) -> int:
    deadline = local_now() + within
    # The clock that counts: custody once ordered, else holding (as on the board).
    return (
        case_queryset(user=user)
        .filter(status__in=HELD_STATUSES)
        .annotate(clock=Coalesce("custody_deadline", "holding_deadline"))
        .filter(clock__lte=deadline)
        .count()
    )


# --- Subject access (inzage) ----------------------------------------------------------------


def subject_access_cases(*, person_id: int) -> list[dict[str, Any]]:
    """Every ZSM case where the person is the suspect: the core, offences, holding deadlines and the
    partners' screenings. Victims appear only as a count; nothing of any other person is returned.

    Unscoped by user: only audit's subject-access service calls this, after it checked the privacy
    officer's permission (`audit.subject_access`).
    """
    cases = (
        Case.objects.filter(suspect_id=person_id)
        .select_related("location")
        .prefetch_related("offences", "screenings__organisation", "victims")
        .order_by("registered_at", "pk")
    )
    return [
        {
            "id": case.pk,
            "reference": case.reference,
            "location": case.location.name,
            "police_registration_number": case.police_registration_number,
            "parketnummer": case.parketnummer,
            "status": case.get_status_display(),
            "offence_date": case.offence_date,
            "arrested_at": case.arrested_at,
            "holding_ordered_at": case.holding_ordered_at,
            "holding_deadline": case.holding_deadline,
            "examining_judge_deadline": case.examining_judge_deadline,
            "custody_started_at": case.custody_started_at,
            "custody_extended": case.custody_extended,
            "custody_deadline": case.custody_deadline,
            "incident_municipality": case.incident_municipality,
            "incident_postcode": case.incident_postcode,
            "age_at_offence": case.suspect_age,
            "minor": case.is_minor,
            "domestic_violence": case.domestic_violence,
            "known_probation_client": case.known_probation_client,
            "under_supervision": case.under_supervision,
            "registered_at": case.registered_at,
            "decided_at": case.decided_at,
            "offences": [{"code": offence.code, "description": offence.description} for offence in case.offences.all()],
            "victim_count": len(case.victims.all()),
            "screenings": [
                {
                    "partner": screening.get_partner_display(),
                    "organisation": screening.organisation.name if screening.organisation else "",
                    "state": screening.get_state_display(),
                    "known": screening.get_known_display(),
                    "status_note": screening.status_note,
                    "summary": screening.summary,
                    "advice": screening.advice,
                    "proposed_conditions": screening.proposed_conditions,
                    "updated_at": screening.updated_at,
                }
                for screening in case.screenings.all()
            ],
        }
        for case in cases
    ]
