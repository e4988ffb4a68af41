"""Every read in the werkplaats, scoped to what the user may see (workplace/rules.py).

The werkplaats team and probation at a location see its casework; the OM sees aggregate figures
(and, in a later issue, the advice) but never the casework lists; everyone else sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Lower
from django.http import Http404

from zsm.accounts.constants import Role
from zsm.accounts.models import Location, Membership
from zsm.accounts.selectors import membership_active
from zsm.cases.selectors import case_queryset
from zsm.common.clock import AMSTERDAM
from zsm.workplace.constants import (
    LOW_BUCKET_MAX_MINUTES,
    MIDDLE_BUCKET_MAX_MINUTES,
    OPEN_STATUSES,
    PICKED_UP_STATUSES,
    WORKING_STATUSES,
    WerkplaatsStatus,
)
from zsm.workplace.models import Contact, WerkplaatsCase
from zsm.workplace.rules import is_team_member_at, sees_casework_at, sees_figures_at


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


def _minutes_subquery() -> Coalesce:
    per_case = (
        Contact.objects.filter(werkplaats_case_id=OuterRef("pk"))
        .order_by()
        .values("werkplaats_case_id")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    return Coalesce(Subquery(per_case, output_field=IntegerField()), Value(0))


def case_total_minutes(werkplaats_case: WerkplaatsCase) -> int:
    """All time spent on a case, in minutes, in one query (contacts now; other activities later)."""
    result = Contact.objects.filter(werkplaats_case=werkplaats_case).aggregate(total=Coalesce(Sum("minutes"), 0))
    return int(result["total"])


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


def _start_of(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=AMSTERDAM)


def werkplaats_share(*, user: Any, location: Location, since: date, until: date | None = None) -> Share:
    """The share of the location's inflow that became a werkplaats case (the pilots: ≈ 4%).

    Inflow: ZSM cases registered at the location from `since` up to and including `until` (Amsterdam
    days). Werkplaats cases: those of these cases that were proposed and not withdrawn.
    """
    if not sees_figures_at(user, location.pk):
        raise PermissionDenied
    cases = case_queryset(user=user).filter(location=location, registered_at__gte=_start_of(since))
    if until is not None:
        cases = cases.filter(registered_at__lt=_start_of(until + timedelta(days=1)))
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


def worker_suggestion(*, location: Location) -> Any | None:
    """The werkplaats worker of the location with the lowest open caseload (ties: by name), or None."""
    return _workers_with_caseload(location).first()
