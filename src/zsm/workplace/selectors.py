"""Every read in the werkplaats, scoped to what the user may see (workplace/rules.py).

The werkplaats team and probation at a location see its casework; the OM sees aggregate figures
(and, in a later issue, the advice) but never the casework lists; everyone else sees nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Lower
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from zsm.accounts.constants import Role
from zsm.accounts.models import Location, Membership
from zsm.accounts.selectors import membership_active
from zsm.cases.board import CaseClock, Deadline, case_clock, deadline_info
from zsm.cases.constants import CaseStatus
from zsm.cases.selectors import case_queryset
from zsm.cases.workflow import DECIDABLE
from zsm.common.clock import AMSTERDAM, local, start_of_day
from zsm.common.holidays import add_working_days
from zsm.common.validators import postcode_area
from zsm.workplace.constants import (
    ADVICE_ANSWER_BY,
    ADVICE_ANSWER_WORKING_DAYS,
    LOW_BUCKET_MAX_MINUTES,
    MIDDLE_BUCKET_MAX_MINUTES,
    OPEN_STATUSES,
    PICKED_UP_STATUSES,
    WORKING_STATUSES,
    ActivityKind,
    AdviceResponse,
    AssessmentStatus,
    LifeArea,
    QueueKind,
    Signal,
    WerkplaatsStatus,
)
from zsm.workplace.models import (
    Advice,
    Assessment,
    Contact,
    Conversation,
    HelpAction,
    HelpInvolvement,
    Intervention,
    MonitoringCheck,
    SpecialCategoryNote,
    TeamArea,
    TimeEntry,
    WerkplaatsCase,
)
from zsm.workplace.rules import (
    WERKPLAATS_TEAM_ROLES,
    is_om_decider_at,
    is_team_member_at,
    sees_advice_at,
    sees_casework_at,
    sees_figures_at,
    sees_special_category_at,
)


def werkplaats_case_list(
    *, user: Any, status: str = "", worker_id: int | None = None, open_only: bool = False
) -> QuerySet[WerkplaatsCase]:
    """The werkplaats cases of the user's location, for the werkplaats team and probation only."""
    membership = membership_active(user=user)
    if membership is None or not sees_casework_at(user, membership.location_id):
        return WerkplaatsCase.objects.none()
    cases = WerkplaatsCase.objects.filter(case__in=case_queryset(user=user), case__location_id=membership.location_id)
    if status:
        cases = cases.filter(status=status)
    if open_only:
        cases = cases.filter(status__in=OPEN_STATUSES)
    if worker_id is not None:
        cases = cases.filter(worker_id=worker_id)
    return cases.select_related("case", "case__suspect", "worker", "proposed_by")


def werkplaats_case_ids_at(*, location_id: int, ids: Iterable[int]) -> list[int]:
    """Which of these ids are werkplaats cases at the location (for other apps' checks; no content)."""
    return list(
        WerkplaatsCase.objects.filter(case__location_id=location_id, pk__in=list(ids)).values_list("pk", flat=True)
    )


def werkplaats_case_get(*, user: Any, werkplaats_case_id: int) -> WerkplaatsCase:
    """One werkplaats case the user may see the casework of, or 404 (existence is not disclosed)."""
    werkplaats_case = werkplaats_case_list(user=user).filter(pk=werkplaats_case_id).first()
    if werkplaats_case is None:
        raise Http404
    return werkplaats_case


def contact_list(*, user: Any, werkplaats_case: WerkplaatsCase) -> QuerySet[Contact]:
    if not sees_casework_at(user, werkplaats_case.case.location_id):
        return Contact.objects.none()
    return Contact.objects.filter(werkplaats_case=werkplaats_case).select_related("logged_by")


def contact_get(*, user: Any, werkplaats_case: WerkplaatsCase, contact_id: int) -> Contact:
    """One contact of the case as the user may see it (404 otherwise): the attempt a call back starts from."""
    contact = contact_list(user=user, werkplaats_case=werkplaats_case).filter(pk=contact_id).first()
    if contact is None:
        raise Http404
    return contact


def contact_newest_id(*, user: Any, werkplaats_case: WerkplaatsCase) -> int:
    """The newest contact on the case (0: none): the `seen` marker of a contact form."""
    newest = contact_list(user=user, werkplaats_case=werkplaats_case).order_by("-pk").values_list("pk", flat=True)
    return newest.first() or 0


def contact_history(*, user: Any, werkplaats_case: WerkplaatsCase, role: str, name: str) -> QuerySet[Contact]:
    """Earlier contacts with one person on the case (same role, the name in any case), newest first."""
    return contact_list(user=user, werkplaats_case=werkplaats_case).filter(role=role, name__iexact=name)


def contacts_by_others_since(*, user: Any, werkplaats_case: WerkplaatsCase, after_id: int | None) -> list[Contact]:
    """What colleagues logged on the case after the contact `after_id` (0: before any contact), oldest first:
    shown when a call is refused because the case changed meanwhile. None (not known): nothing."""
    if after_id is None:
        return []
    contacts = contact_list(user=user, werkplaats_case=werkplaats_case).exclude(logged_by=user)
    return list(contacts.filter(pk__gt=after_id).order_by("logged_at", "pk"))


def calls_to_retry(*, user: Any, on: date) -> QuerySet[Contact]:
    """The worker's call list for a day: follow-ups due on or before `on` on their own open cases.

    A contact is dropped once a later contact with the same person (same role and name, on the same
    case) has been logged: a reached one settles it, an unreached one carries its own follow-up date.
    """
    membership = membership_active(user=user)
    if membership is None or not is_team_member_at(user, membership.location_id):
        return Contact.objects.none()
    later = Contact.objects.annotate(name_key=Lower("name")).filter(
        werkplaats_case_id=OuterRef("werkplaats_case_id"),
        role=OuterRef("role"),
        name_key=Lower(OuterRef("name")),
        logged_at__gt=OuterRef("logged_at"),
    )
    return (
        Contact.objects.filter(
            werkplaats_case__worker=user,
            werkplaats_case__status__in=WORKING_STATUSES,
            werkplaats_case__case__location_id=membership.location_id,
            follow_up_on__lte=on,
        )
        .exclude(Exists(later))
        .select_related("werkplaats_case", "werkplaats_case__case", "werkplaats_case__case__suspect")
        .order_by("follow_up_on", "logged_at", "pk")
    )


# Every activity carries minutes (issue: "a case shows its total"); these are all the kinds there are.
# A new kind of timed activity is added here and nowhere else.
TIMED_ACTIVITIES: tuple[type[Any], ...] = (Contact, Assessment, Advice, MonitoringCheck, Conversation, TimeEntry)


def _minutes_of(model: type[Any], case_ref: Any) -> Coalesce:
    per_case = (
        model.objects.filter(werkplaats_case_id=case_ref)
        .order_by()
        .values("werkplaats_case_id")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    return Coalesce(Subquery(per_case, output_field=IntegerField()), Value(0))


def _minutes_subquery() -> Any:
    """The case's total minutes over every timed activity, as one expression on WerkplaatsCase."""
    total: Any = Value(0)
    for model in TIMED_ACTIVITIES:
        total = total + _minutes_of(model, OuterRef("pk"))
    return total


def case_total_minutes(werkplaats_case: WerkplaatsCase) -> int:
    """All time spent on a case, in minutes, over every kind of activity. One query."""
    total = WerkplaatsCase.objects.filter(pk=werkplaats_case.pk).annotate(minutes=_minutes_subquery())
    return int(total.values_list("minutes", flat=True).get())


@dataclass(frozen=True)
class ActivityMinutes:
    key: str  # stable, e.g. "monitoring_check"
    label: str  # in the user's language, e.g. "monitoringscontroles"
    minutes: int


def activity_key(model: type[Any]) -> str:
    """`MonitoringCheck` → `monitoring_check`: a stable name for a kind of activity, whatever the language."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()


def case_minutes_by_activity(werkplaats_case: WerkplaatsCase) -> list[ActivityMinutes]:
    """Minutes per kind of activity, in the order of TIMED_ACTIVITIES. One query."""
    # Prefixed: "advice" alone would clash with the case's reverse relation of that name.
    annotations = {
        f"minutes_{activity_key(model)}": _minutes_of(model, werkplaats_case.pk) for model in TIMED_ACTIVITIES
    }
    row: Any = WerkplaatsCase.objects.filter(pk=werkplaats_case.pk).values(**annotations).get()
    return [
        ActivityMinutes(
            activity_key(model), str(model._meta.verbose_name_plural), int(row[f"minutes_{activity_key(model)}"])
        )
        for model in TIMED_ACTIVITIES
    ]


@dataclass(frozen=True)
class HoursDistribution:
    """Cases by time spent: 0–3 h is ≤ 180 minutes, 3–6 h is 181–360 minutes, > 6 h is ≥ 361 minutes."""

    up_to_3_hours: int
    from_3_to_6_hours: int
    over_6_hours: int

    @property
    def total(self) -> int:
        return self.up_to_3_hours + self.from_3_to_6_hours + self.over_6_hours


def team_hours_distribution(*, user: Any, location: Location) -> HoursDistribution:
    """How many picked-up cases (open or finished) took 0–3 h, 3–6 h and over 6 h. One query."""
    if not sees_figures_at(user, location.pk):
        raise PermissionDenied
    counts = (
        WerkplaatsCase.objects.filter(case__location=location, status__in=PICKED_UP_STATUSES)
        .annotate(minutes=_minutes_subquery())
        .aggregate(
            low=Count("pk", filter=Q(minutes__lte=LOW_BUCKET_MAX_MINUTES)),
            middle=Count("pk", filter=Q(minutes__gt=LOW_BUCKET_MAX_MINUTES, minutes__lte=MIDDLE_BUCKET_MAX_MINUTES)),
            high=Count("pk", filter=Q(minutes__gt=MIDDLE_BUCKET_MAX_MINUTES)),
        )
    )
    return HoursDistribution(counts["low"], counts["middle"], counts["high"])


@dataclass(frozen=True)
class Share:
    werkplaats_cases: int
    inflow: int

    @property
    def percentage(self) -> Decimal | None:
        """The share in percent, to one decimal; None when there was no inflow."""
        if not self.inflow:
            return None
        return (Decimal(100 * self.werkplaats_cases) / self.inflow).quantize(Decimal("0.1"), ROUND_HALF_UP)


def werkplaats_share(*, user: Any, location: Location, since: date, until: date | None = None) -> Share:
    """The share of the location's inflow that became a werkplaats case (the pilots: ≈ 4%).

    Inflow: ZSM cases registered at the location from `since` up to and including `until` (Amsterdam
    days). Werkplaats cases: those of these cases that were proposed and not withdrawn.
    """
    if not sees_figures_at(user, location.pk):
        raise PermissionDenied
    cases = case_queryset(user=user).filter(location=location, registered_at__gte=start_of_day(since))
    if until is not None:
        cases = cases.filter(registered_at__lt=start_of_day(until + timedelta(days=1)))
    became = [s for s in WerkplaatsStatus.values if s != WerkplaatsStatus.WITHDRAWN]
    counts = cases.aggregate(
        inflow=Count("pk"), werkplaats=Count("werkplaats_case", filter=Q(werkplaats_case__status__in=became))
    )
    return Share(werkplaats_cases=counts["werkplaats"], inflow=counts["inflow"])


def worker_caseloads(*, user: Any, location: Location) -> QuerySet[Any]:
    """The location's werkplaats workers, each annotated with `open_cases` (their working caseload). One query.

    The caseload is the worker's, wherever the cases are: someone who also works at another
    location is no less busy for it.
    """
    if not sees_casework_at(user, location.pk):
        return get_user_model().objects.none()
    return _workers_with_caseload(location)


def _workers_with_caseload(location: Location) -> QuerySet[Any]:
    workers = get_user_model().objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(location=location, role=Role.WERKPLAATS_WORKER, is_active=True).values(
            "user_id"
        ),
    )
    return workers.annotate(
        open_cases=Count("werkplaats_cases", filter=Q(werkplaats_cases__status__in=WORKING_STATUSES))
    ).order_by("open_cases", "last_name", "first_name", "pk")


def team_members(*, location_id: int) -> QuerySet[Any]:
    """The location's werkplaats team (workers and coordinators), by name: who can own a signal."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=Membership.objects.filter(
                location_id=location_id, role__in=WERKPLAATS_TEAM_ROLES, is_active=True
            ).values("user_id"),
        )
        .order_by("last_name", "first_name", "pk")
    )


def worker_suggestion(*, location: Location) -> Any | None:
    """The werkplaats worker of the location with the lowest open caseload (ties: by name), or None."""
    return _workers_with_caseload(location).first()


@dataclass(frozen=True)
class Suggestion:
    """Who should take a case: the worker, and the team area that made the choice (None: no team covers the
    suspect's postcode, so the location's lowest caseload decides)."""

    worker: Any
    area: TeamArea | None


def worker_suggestions(*, location: Location, cases: Iterable[WerkplaatsCase]) -> dict[int, Suggestion]:
    """Per werkplaats case: the worker of the team covering the suspect's postcode (area-based work, seed
    004) with the lowest caseload; where no team covers it, or that team has nobody, the location's
    lowest caseload. The narrowest area wins; each suggestion adds to its worker's load for the next case.
    Three queries, whatever the number of cases."""
    workers = list(_workers_with_caseload(location))
    if not workers:
        return {}
    areas = list(TeamArea.objects.filter(team__location=location).select_related("team"))
    team_of = dict(
        Membership.objects.filter(
            location=location, role=Role.WERKPLAATS_WORKER, is_active=True, team__isnull=False
        ).values_list("user_id", "team_id")
    )
    # Each suggestion counts towards the caseload of the next one, so a batch is spread, not piled on one.
    load = {w.pk: w.open_cases for w in workers}
    rank = {w.pk: index for index, w in enumerate(workers)}

    def lightest(candidates: list[Any]) -> Any:
        return min(candidates, key=lambda w: (load[w.pk], rank[w.pk]))

    suggestions = {}
    for werkplaats_case in cases:
        pc4 = postcode_area(werkplaats_case.case.suspect.postcode)
        covering = sorted(
            (a for a in areas if pc4 is not None and a.postcode_from <= pc4 <= a.postcode_to),
            key=lambda a: (a.postcode_to - a.postcode_from, a.pk),
        )
        chosen = None
        for area in covering:
            in_team = [w for w in workers if team_of.get(w.pk) == area.team_id]
            if in_team:
                chosen = Suggestion(worker=lightest(in_team), area=area)
                break
        suggestion = chosen or Suggestion(worker=lightest(workers), area=None)
        load[suggestion.worker.pk] += 1
        suggestions[werkplaats_case.pk] = suggestion
    return suggestions


# --- Casework on one case (the caller has fetched the case through `werkplaats_case_get`) --------------


def _casework(user: Any, werkplaats_case: WerkplaatsCase, model: type[Any]) -> QuerySet[Any]:
    if not sees_casework_at(user, werkplaats_case.case.location_id):
        return model.objects.none()
    return model.objects.filter(werkplaats_case=werkplaats_case).select_related("recorded_by")


def help_involvement_list(*, user: Any, werkplaats_case: WerkplaatsCase) -> QuerySet[HelpInvolvement]:
    return _casework(user, werkplaats_case, HelpInvolvement)


def assessment_list(*, user: Any, werkplaats_case: WerkplaatsCase) -> QuerySet[Assessment]:
    """Newest first; the first one is the assessment that counts."""
    return _casework(user, werkplaats_case, Assessment).select_related("reviewed_by").order_by("-recorded_at", "-pk")


def assessment_get(*, user: Any, assessment_id: int) -> Assessment:
    assessment = (
        Assessment.objects.select_related("werkplaats_case__case", "recorded_by", "reviewed_by")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None or not sees_casework_at(user, assessment.werkplaats_case.case.location_id):
        raise Http404
    return assessment


def assessments_awaiting_review(*, user: Any) -> QuerySet[Assessment]:
    """Colleagues' assessments at the user's location that wait for a review (never the user's own);
    only the latest of each case, the one that counts."""
    membership = membership_active(user=user)
    if membership is None or not is_team_member_at(user, membership.location_id):
        return Assessment.objects.none()
    latest = Assessment.objects.filter(werkplaats_case_id=OuterRef("werkplaats_case_id")).order_by(
        "-recorded_at", "-pk"
    )
    return (
        Assessment.objects.filter(
            pk=Subquery(latest.values("pk")[:1]),
            status=AssessmentStatus.AWAITING_REVIEW,
            werkplaats_case__case__location_id=membership.location_id,
            werkplaats_case__status__in=OPEN_STATUSES,
        )
        .exclude(recorded_by=user)
        .select_related("werkplaats_case__case__suspect", "recorded_by")
        .order_by("recorded_at", "pk")
    )


def advice_for(*, user: Any, werkplaats_case: WerkplaatsCase) -> Advice | None:
    """The advice to the OM, for casework readers and the OM at the location; None when none or not allowed."""
    if not sees_advice_at(user, werkplaats_case.case.location_id):
        return None
    return (
        Advice.objects.filter(werkplaats_case=werkplaats_case)
        .select_related("intervention", "recorded_by", "responded_by")
        .first()
    )


def advice_for_case(*, user: Any, case_id: int) -> Advice | None:
    """The advice on a ZSM case, as the OM sees it on the case page."""
    advice = (
        Advice.objects.filter(werkplaats_case__case_id=case_id, werkplaats_case__case__in=case_queryset(user=user))
        .select_related("werkplaats_case__case", "intervention", "recorded_by", "responded_by")
        .first()
    )
    if advice is None or not sees_advice_at(user, advice.werkplaats_case.case.location_id):
        return None
    return advice


def help_action_list(*, user: Any, werkplaats_case: WerkplaatsCase) -> QuerySet[HelpAction]:
    return _casework(user, werkplaats_case, HelpAction)


def monitoring_check_list(*, user: Any, werkplaats_case: WerkplaatsCase) -> QuerySet[MonitoringCheck]:
    return _casework(user, werkplaats_case, MonitoringCheck).select_related("checked_by")


def conversation_list(*, user: Any, werkplaats_case: WerkplaatsCase) -> QuerySet[Conversation]:
    return _casework(user, werkplaats_case, Conversation)


def time_entry_list(*, user: Any, werkplaats_case: WerkplaatsCase) -> QuerySet[TimeEntry]:
    return _casework(user, werkplaats_case, TimeEntry)


def special_note_list(*, user: Any, werkplaats_case: WerkplaatsCase) -> QuerySet[SpecialCategoryNote]:
    if not sees_special_category_at(user, werkplaats_case.case.location_id):
        return SpecialCategoryNote.objects.none()
    return SpecialCategoryNote.objects.filter(werkplaats_case=werkplaats_case).select_related("recorded_by")


def intervention_catalogue() -> QuerySet[Intervention]:
    """The active interventions; the catalogue itself holds no personal data."""
    return Intervention.objects.filter(active=True)


# --- The worker's day -----------------------------------------------------------------------------------


def monitoring_checks_due(*, user: Any, on: date) -> QuerySet[MonitoringCheck]:
    """Checks on the worker's own open cases that fall due on or before `on` and are not yet done."""
    membership = membership_active(user=user)
    if membership is None or not is_team_member_at(user, membership.location_id):
        return MonitoringCheck.objects.none()
    return (
        MonitoringCheck.objects.filter(
            werkplaats_case__worker=user,
            werkplaats_case__status__in=WORKING_STATUSES,
            werkplaats_case__case__location_id=membership.location_id,
            due_on__lte=on,
            outcome="",
        )
        .select_related("werkplaats_case__case__suspect")
        .order_by("due_on", "pk")
    )


def next_step(werkplaats_case: WerkplaatsCase) -> str:
    """What the worker does next on a case, from its state (annotated by `my_cases`)."""
    status = werkplaats_case.status
    if status == WerkplaatsStatus.ASSIGNED:
        return str(_("Make the first contacts"))
    if status == WerkplaatsStatus.IN_PROGRESS:
        assessment = getattr(werkplaats_case, "latest_assessment_status", None)
        if assessment is None or assessment == AssessmentStatus.CHALLENGED:
            return str(_("Record the assessment"))
        if assessment == AssessmentStatus.AWAITING_REVIEW:
            return str(_("Awaiting a colleague's review"))
        return str(_("Write the advice to the OM"))
    if status == WerkplaatsStatus.ADVICE_GIVEN:
        if getattr(werkplaats_case, "advice_response", ""):
            return str(_("Plan monitoring or close the case"))
        return str(_("Waiting for the OM"))
    if status == WerkplaatsStatus.MONITORING:
        due = getattr(werkplaats_case, "next_check_on", None)
        if due is None:
            return str(_("Plan the next check or close the case"))
        return str(_("Check the help on %(date)s")) % {"date": formats.date_format(due, "SHORT_DATE_FORMAT")}
    return str(WerkplaatsStatus(status).label)


def my_cases(*, user: Any) -> QuerySet[WerkplaatsCase]:
    """The worker's own open cases with what `next_step` needs, in one query."""
    latest_assessment = Assessment.objects.filter(werkplaats_case_id=OuterRef("pk")).order_by("-recorded_at", "-pk")
    next_check = MonitoringCheck.objects.filter(werkplaats_case_id=OuterRef("pk"), outcome="").order_by("due_on")
    return (
        werkplaats_case_list(user=user, worker_id=getattr(user, "pk", None))
        .filter(status__in=WORKING_STATUSES)
        .annotate(
            latest_assessment_status=Subquery(latest_assessment.values("status")[:1]),
            advice_response=Subquery(Advice.objects.filter(werkplaats_case_id=OuterRef("pk")).values("response")[:1]),
            next_check_on=Subquery(next_check.values("due_on")[:1]),
        )
        .order_by("assigned_at", "pk")
    )


def waiting_for_om(*, user: Any) -> QuerySet[WerkplaatsCase]:
    """The worker's cases whose advice the OM has not answered yet."""
    return (
        werkplaats_case_list(user=user, worker_id=getattr(user, "pk", None))
        # Planning a check before the OM answers moves the case to monitoring; it still waits for the OM.
        .filter(status__in=(WerkplaatsStatus.ADVICE_GIVEN, WerkplaatsStatus.MONITORING), advice__response="")
        .select_related("advice")
        .order_by("advice__recorded_at", "pk")
    )


def not_yet_reviewed(*, user: Any) -> QuerySet[WerkplaatsCase]:
    """Open cases of the location not yet discussed in a case review (no case-review time written)."""
    membership = membership_active(user=user)
    if membership is None or not is_team_member_at(user, membership.location_id):
        return WerkplaatsCase.objects.none()
    reviewed = TimeEntry.objects.filter(werkplaats_case_id=OuterRef("pk"), kind=ActivityKind.CASE_REVIEW)
    return (
        werkplaats_case_list(user=user, open_only=True)
        .exclude(status=WerkplaatsStatus.PROPOSED)
        .exclude(Exists(reviewed))
        .order_by("proposed_at", "pk")
    )


# --- Figures ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdoptionRate:
    """Advice the OM answered, how many it adopted fully and how many partly; the percentage is the
    share adopted fully (a partly adopted advice is counted apart, not as a success)."""

    team: str
    answered: int
    adopted: int
    partly: int

    @property
    def percentage(self) -> Decimal | None:
        if not self.answered:
            return None
        return (Decimal(100 * self.adopted) / self.answered).quantize(Decimal("0.1"), ROUND_HALF_UP)


def adoption_rates(*, user: Any, location: Location) -> list[AdoptionRate]:
    """Per team (the advising worker's team at the location): answered advice and the share adopted. One query."""
    if not sees_figures_at(user, location.pk):
        raise PermissionDenied
    team_name = Membership.objects.filter(
        user_id=OuterRef("recorded_by_id"), location=location, is_active=True, team__isnull=False
    ).values("team__name")[:1]
    rows = (
        Advice.objects.filter(werkplaats_case__case__location=location)
        .exclude(response="")
        .annotate(team_name=Coalesce(Subquery(team_name), Value("")))
        .values("team_name")
        .annotate(
            answered=Count("pk"),
            adopted=Count("pk", filter=Q(response=AdviceResponse.ADOPTED)),
            partly=Count("pk", filter=Q(response=AdviceResponse.PARTLY)),
        )
        .order_by("team_name")
    )
    return [
        AdoptionRate(
            team=row["team_name"] or str(_("No team")),
            answered=row["answered"],
            adopted=row["adopted"],
            partly=row["partly"],
        )
        for row in rows
    ]


def werkplaats_case_for_advice(*, user: Any, werkplaats_case_id: int) -> WerkplaatsCase:
    """The werkplaats case behind an advice page: 404 when its ZSM case is not visible to the user,
    403 when the case is visible but its advice is not for them (police, Slachtofferhulp, …)."""
    werkplaats_case = (
        WerkplaatsCase.objects.filter(pk=werkplaats_case_id, case__in=case_queryset(user=user))
        .select_related("case", "case__suspect", "worker")
        .first()
    )
    if werkplaats_case is None:
        raise Http404
    if not sees_advice_at(user, werkplaats_case.case.location_id):
        raise PermissionDenied
    return werkplaats_case


# --- The OM's queue: advice to answer, cases to decide ---------------------------------------------------


def advice_answer_due(given_at: datetime) -> datetime:
    """When the OM is to answer an advice given at `given_at`: ADVICE_ANSWER_BY (Dutch time) on the
    ADVICE_ANSWER_WORKING_DAYS-th working day after the day it was given (a working agreement, not law)."""
    day = add_working_days(local(given_at).date(), ADVICE_ANSWER_WORKING_DAYS)
    return datetime.combine(day, ADVICE_ANSWER_BY, tzinfo=AMSTERDAM)


@dataclass(frozen=True)
class QueueItem:
    """One row of the OM's queue: a ZSM case and what waits on it for the OM, with when it is due."""

    kind: str  # a QueueKind
    case: Any  # a cases.Case, with its suspect
    advice: Advice | None  # the advice waiting for an answer (kind ADVICE)
    clock: CaseClock | None  # the case's one clock while the suspect is held (cases.board.case_clock)
    answer_by: datetime | None  # the advice's answer-by time (advice_answer_due)
    due: Deadline | None  # the sooner of the two; None: nothing is due yet (the werkplaats' advice is to come)

    @property
    def due_is_clock(self) -> bool:
        return self.clock is not None and self.due is self.clock.current


def _queue_cases(user: Any) -> QuerySet[Any]:
    """The ZSM cases at the OM decider's own location that wait for them: an advice to answer (while the OM can
    still decide the case), a werkplaats referral whose final decision is pending, or a case ready for decision."""
    membership = membership_active(user=user)
    if membership is None or not is_om_decider_at(user, membership.location_id):
        return case_queryset(user=user).none()
    advice_waiting = Q(werkplaats_case__advice__response="", status__in=DECIDABLE)
    return case_queryset(user=user).filter(
        Q(status__in=(CaseStatus.READY_FOR_DECISION, CaseStatus.REFERRED_TO_WERKPLAATS)) | advice_waiting,
        location_id=membership.location_id,
    )


def _waiting_advice(case: Any) -> Advice | None:
    try:
        advice: Advice = case.werkplaats_case.advice
    except ObjectDoesNotExist:
        return None
    return advice if not advice.response and case.status in DECIDABLE else None


def _queue_item(case: Any, *, at: datetime) -> QueueItem:
    clock = case_clock(case, at=at)
    advice = _waiting_advice(case)
    answer_by = advice_answer_due(advice.recorded_at) if advice is not None else None
    if advice is not None:
        kind = QueueKind.ADVICE
    elif case.status == CaseStatus.REFERRED_TO_WERKPLAATS:
        kind = QueueKind.REFERRED
    else:
        kind = QueueKind.READY
    due = clock.current if clock is not None else None
    if answer_by is not None and (due is None or answer_by < due.moment):
        due = deadline_info(answer_by, at=at)
    return QueueItem(kind=kind, case=case, advice=advice, clock=clock, answer_by=answer_by, due=due)


def om_queue(*, user: Any, at: datetime) -> list[QueueItem]:
    """The OM decider's working list at their location, soonest due first (nothing due yet last). One query."""
    cases = (
        _queue_cases(user)
        .select_related("suspect", "werkplaats_case__advice")
        # The list shows that an advice waits, not what it says (the advice page does, and logs it).
        .defer("werkplaats_case__advice__shared_details", "werkplaats_case__advice__rationale")
        .order_by("pk")
    )
    items = [_queue_item(case, at=at) for case in cases]
    return sorted(items, key=lambda item: (item.due is None, item.due.moment if item.due else at, item.case.pk))


def om_queue_count(*, user: Any) -> int:
    """How many rows the OM's queue has (for the navigation). One query; 0 for anyone else."""
    return _queue_cases(user).count()


# --- Selection criteria and the werkplaats status on ZSM pages (team pages, case page, board) -----------


def selection_criteria(*, location_id: int) -> dict[str, bool]:
    """The location's selection criteria, signal value → active. Reference data, no personal data."""
    from zsm.workplace.models import SelectionCriterion

    return dict(SelectionCriterion.objects.filter(location_id=location_id).values_list("signal", "active"))


def proposable_signals(*, location_id: int) -> list[tuple[str, str]]:
    """The signals a proposal at this location may name: its active criteria once it has set any, else all."""
    from zsm.workplace.constants import Signal

    criteria = selection_criteria(location_id=location_id)
    return [(s.value, str(s.label)) for s in Signal if not criteria or criteria.get(s.value)]


def werkplaats_case_of_case(*, user: Any, case_id: int) -> WerkplaatsCase | None:
    """The werkplaats case on a ZSM case, for whoever sees the ZSM case: its status and worker, no casework."""
    return (
        WerkplaatsCase.objects.filter(case_id=case_id, case__in=case_queryset(user=user))
        .select_related("case", "worker")
        .first()
    )


def werkplaats_statuses(*, user: Any, case_ids: list[int]) -> dict[int, str]:
    """ZSM case id → werkplaats status value, for the cases among `case_ids` the user sees. One query."""
    if not case_ids:
        return {}
    rows = WerkplaatsCase.objects.filter(case_id__in=case_ids, case__in=case_queryset(user=user))
    return dict(rows.values_list("case_id", "status"))


# --- Subject access (inzage) ----------------------------------------------------------------


def _subject_access_area_notes(text: str) -> dict[str, str]:
    try:
        notes = json.loads(text) if text else {}
    except ValueError:
        return {"": text}
    return {str(key): str(value) for key, value in notes.items()} if isinstance(notes, dict) else {"": text}


def subject_access_casework(*, case_ids: list[int]) -> list[dict[str, Any]]:
    """The werkplaats casework on these cases (the suspect's own ZSM cases), with every encrypted note
    decrypted: it is the person's own data, special categories included. Contacts leave out the name of
    the contacted third party (only role, channel, outcome, date and summary are given).

    Unscoped by user: only audit's subject-access service calls this, after it checked the privacy
    officer's permission (`audit.subject_access`); the case ids come from `cases.subject_access_cases`.
    """
    werkplaats_cases = (
        WerkplaatsCase.objects.filter(case_id__in=case_ids)
        .select_related("advice__intervention")
        .prefetch_related(
            "contacts",
            "help_involvements",
            "assessments",
            "help_actions",
            "monitoring_checks",
            "conversations",
            "time_entries",
            "special_notes",
        )
        .order_by("proposed_at", "pk")
    )
    areas = dict(LifeArea.choices)
    found = []
    for wc in werkplaats_cases:
        advice = getattr(wc, "advice", None)
        found.append(
            {
                "id": wc.pk,
                "case_id": wc.case_id,
                "status": wc.get_status_display(),
                "signals": [str(Signal(s).label) if s in Signal.values else s for s in wc.signals],
                "proposed_at": wc.proposed_at,
                "assigned_at": wc.assigned_at,
                "closed_at": wc.closed_at,
                "outcome": wc.outcome,
                "handover_kind": wc.get_handover_kind_display() if wc.handover_kind else "",
                "handover_question": wc.handover_question,
                "contacts": [
                    {
                        "logged_at": c.logged_at,
                        "role": c.get_role_display(),
                        "channel": c.get_channel_display(),
                        "outcome": c.get_outcome_display(),
                        "summary": c.summary,
                        "minutes": c.minutes,
                    }
                    for c in wc.contacts.all()
                ],
                "help_involvements": [
                    {
                        "agency": h.agency,
                        "help": h.help,
                        "working": h.get_working_display(),
                        "has_lead": h.has_lead,
                        "note": h.note,
                        "recorded_at": h.recorded_at,
                    }
                    for h in wc.help_involvements.all()
                ],
                "assessments": [
                    {
                        "recorded_at": a.recorded_at,
                        "scores": {str(areas.get(k, k)): v for k, v in a.scores.items()},
                        "notes": {str(areas.get(k, k)): v for k, v in _subject_access_area_notes(a.area_notes).items()},
                        "protective_factors": a.protective_factors,
                        "risk_level": a.get_risk_level_display(),
                        "problem_level": a.get_problem_level_display(),
                        "approach": a.get_approach_display(),
                        "professional_judgement": a.professional_judgement,
                        "status": a.get_status_display(),
                        "reviewed_at": a.reviewed_at,
                        "review_note": a.review_note,
                    }
                    for a in wc.assessments.all()
                ],
                "advice": None
                if advice is None
                else {
                    "recorded_at": advice.recorded_at,
                    "disposal": advice.disposal_label,
                    "intervention": advice.intervention.name if advice.intervention else "",
                    "conditions": advice.conditions,
                    "rationale": advice.rationale,
                    "shared_details": advice.shared_details,
                    "response": advice.get_response_display() if advice.response else "",
                    "response_reason": advice.response_reason,
                    "responded_at": advice.responded_at,
                },
                "help_plan": [
                    {
                        "description": action.description,
                        "owner": action.owner,
                        "due_on": action.due_on,
                        "status": action.get_status_display(),
                    }
                    for action in wc.help_actions.all()
                ],
                "monitoring_checks": [
                    {
                        "subject": check.subject,
                        "agency": check.agency,
                        "due_on": check.due_on,
                        "outcome": check.get_outcome_display() if check.outcome else "",
                        "note": check.outcome_note,
                        "checked_at": check.checked_at,
                    }
                    for check in wc.monitoring_checks.all()
                ],
                "conversations": [
                    {"number": cv.number, "held_on": cv.held_on, "goals": cv.goals, "notes": cv.notes}
                    for cv in wc.conversations.all()
                ],
                "time_entries": [
                    {
                        "spent_on": t.spent_on,
                        "activity": t.get_kind_display(),
                        "description": t.description,
                        "minutes": t.minutes,
                    }
                    for t in wc.time_entries.all()
                ],
                "special_category_notes": [
                    {"recorded_at": n.recorded_at, "category": n.get_category_display(), "text": n.text}
                    for n in wc.special_notes.all()
                ],
            }
        )
    return found
