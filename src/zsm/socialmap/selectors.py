"""Every read of the social map and of referrals, scoped to the user (socialmap.rules)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils import formats
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from zsm.accounts.selectors import membership_active
from zsm.common.clock import local, local_now, now, start_of_day
from zsm.common.holidays import add_working_days
from zsm.common.validators import postcode_area
from zsm.socialmap.constants import (
    FAILED_STATUSES,
    OFFENCE_SHARING_BASES,
    SIGNAL_FAILED_REFERRALS,
    SIGNAL_WINDOW_DAYS,
    VERIFY_AFTER_DAYS,
    Need,
    ReferralStatus,
)
from zsm.socialmap.models import ContactPerson, Institution, Referral, ReferralLink, Service, ServiceArea
from zsm.socialmap.rules import maintains_social_map, sees_referrals_of, sees_social_map
from zsm.workplace.constants import OPEN_STATUSES as CASE_OPEN
from zsm.workplace.rules import is_coordinator_at, is_team_member_at, sees_casework_at
from zsm.workplace.selectors import werkplaats_case_list

SEARCH_LIMIT = 25
# A labelled area wider than this is a region or the country, not the municipality itself.
MUNICIPALITY_MAX_SPAN = 250
# Added to the rank of an area that covers only part of a searched municipality (more than any width).
PARTIAL = 100_000

# --- The social map ------------------------------------------------------------------------------------


def needs_matching(text: str) -> list[str]:
    """The needs whose code or label (in Dutch or English) contains the text: "schuld" finds debt help
    and the debt buddy, whatever language the user reads the screen in."""
    term = text.strip().lower()
    if not term:
        return []
    found = []
    for need in Need:
        labels = {need.value}
        for language in {"nl", "en", get_language() or "nl"}:
            with override(language):
                labels.add(str(need.label).lower())
        if any(term in label for label in labels):
            found.append(need.value)
    return found


@dataclass(frozen=True)
class SearchHit:
    institution: Institution
    services: list[Service]
    # How well the area fits: the width of the narrowest served range containing the place (smaller fits
    # better), or None when no place was given.
    fit: int | None
    # The area covers only part of the searched municipality (a district team).
    partial: bool = False

    @property
    def fit_label(self) -> str:
        if self.fit is None:
            return ""
        if self.partial:
            return _("part of the municipality")
        if self.fit <= 10:
            return _("neighbourhood")
        if self.fit <= 100:
            return _("town or city")
        if self.fit < 1000:
            return _("region")
        return _("whole country")


def municipality_ranges(name: str) -> list[tuple[int, int]]:
    """The postcode ranges the map knows for a municipality: its labelled areas narrower than a region,
    merged. Empty when the map has none. One query."""
    return ranges_merged(
        set(
            ServiceArea.objects.filter(municipality__iexact=name)
            .annotate(span=F("postcode_to") - F("postcode_from"))
            .filter(span__lt=MUNICIPALITY_MAX_SPAN)
            .values_list("postcode_from", "postcode_to")
            .distinct()
        )
    )


def ranges_merged(ranges: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or adjacent ranges as one: a city's hundreds of labelled areas become a few conditions."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def institution_search(*, user: Any, text: str = "", place: str = "", limit: int = SEARCH_LIMIT) -> list[SearchHit]:
    """Active institutions with an active service that matches the text (a need, or a word in the service's
    or institution's name), serving the place (a postcode or a municipality), best area fit first.

    Two queries (three for a municipality): the ranked institutions, then their matching services.
    """
    if not sees_social_map(user):
        return []
    services = Service.objects.filter(active=True, institution__active=True)
    term = text.strip()
    if term:
        services = services.filter(
            Q(need__in=needs_matching(term)) | Q(name__icontains=term) | Q(institution__name__icontains=term)
        )
    areas = ServiceArea.objects.filter(institution_id=OuterRef("pk")).annotate(
        span=F("postcode_to") - F("postcode_from") + 1
    )
    place = place.strip()
    area = postcode_area(place) if place else None
    # The rank of an area: its width, plus PARTIAL when it covers only part of a searched municipality (a
    # district team), so that services for the whole municipality come first.
    partial: Any = Value(0)
    if area is not None:
        areas = areas.filter(postcode_from__lte=area, postcode_to__gte=area)
    elif place:
        ranges = municipality_ranges(place)
        if ranges:
            overlap = Q()
            for low, high in ranges:
                overlap |= Q(postcode_from__lte=high, postcode_to__gte=low)
            whole = Q(postcode_from__lte=ranges[0][0], postcode_to__gte=ranges[-1][1])
            areas = areas.filter(overlap)
            partial = Case(When(whole, then=Value(0)), default=Value(PARTIAL))
        else:
            areas = areas.filter(institution__municipality__iexact=place)
    institutions = Institution.objects.filter(active=True, pk__in=services.values("institution_id"))
    if place:
        rank = areas.annotate(rank=F("span") + partial).order_by("rank").values("rank")[:1]
        institutions = institutions.annotate(rank=Subquery(rank)).filter(rank__isnull=False).order_by("rank", "name")
    else:
        institutions = institutions.order_by("name")
    found = list(institutions[:limit])
    matching = defaultdict(list)
    for service in services.filter(institution_id__in=[i.pk for i in found]).order_by("need", "name"):
        matching[service.institution_id].append(service)
    hits = []
    for institution in found:
        rank_value = getattr(institution, "rank", None)
        # The API lists institutions with their `fit`, read from the instance.
        institution.fit = rank_value % PARTIAL if rank_value is not None else None  # type: ignore[attr-defined]
        hits.append(
            SearchHit(
                institution=institution,
                services=matching[institution.pk],
                fit=institution.fit,  # type: ignore[attr-defined]
                partial=rank_value is not None and rank_value >= PARTIAL,
            )
        )
    return hits


def institution_get(*, user: Any, institution_id: int) -> Institution:
    """One institution with its services, areas and contact persons, or 404."""
    if not sees_social_map(user):
        raise Http404
    institution = (
        Institution.objects.select_related("verified_by")
        .prefetch_related("services", "areas", "contact_persons")
        .filter(pk=institution_id)
        .first()
    )
    if institution is None:
        raise Http404
    return institution


def institution_exists(*, institution_id: int) -> bool:
    """For other apps' checks (a signal about an institution); says nothing about its content."""
    return Institution.objects.filter(pk=institution_id).exists()


def institutions_referred_from(*, user: Any, location_id: int, also: int | None = None) -> list[tuple[int, str]]:
    """(id, name) of the institutions this location's werkplaats has referred to, plus `also`: the ones a
    signal from case level can be about."""
    if not sees_social_map(user):
        return []
    referred = Referral.objects.filter(werkplaats_case__case__location_id=location_id).values("institution_id")
    chosen = Q(pk__in=referred) | Q(pk=also) if also is not None else Q(pk__in=referred)
    return list(Institution.objects.filter(chosen).order_by("name").values_list("pk", "name"))


def institution_list(*, user: Any) -> QuerySet[Institution]:
    """All institutions (for exports and the API), with their items prefetched."""
    if not sees_social_map(user):
        return Institution.objects.none()
    return Institution.objects.prefetch_related("services", "areas", "contact_persons").order_by("name", "pk")


def verification_due_on(today: date) -> date:
    return today - timedelta(days=VERIFY_AFTER_DAYS)


def institutions_to_verify(*, user: Any, today: date | None = None) -> QuerySet[Institution]:
    """Active entries nobody has confirmed for six months (or ever), the longest unverified first."""
    if not maintains_social_map(user):
        return Institution.objects.none()
    cutoff = verification_due_on(today or local_now().date())
    return (
        Institution.objects.filter(active=True)
        .filter(Q(verified_on__isnull=True) | Q(verified_on__lt=cutoff))
        .select_related("verified_by")
        .prefetch_related("services", "contact_persons")
        .order_by(F("verified_on").asc(nulls_first=True), "name")
    )


# --- Institution signals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InstitutionStats:
    institution_id: int
    name: str
    sent: int
    acknowledged: int
    declined: int
    no_response: int
    median_days_to_acknowledge: float | None
    # Sent and still waiting for an answer: not (yet) counted against the institution.
    waiting: int = 0

    @property
    def acknowledged_share(self) -> float | None:
        """Of the sent referrals that have an outcome (answered, given up or withdrawn), the share acknowledged."""
        settled = self.sent - self.waiting
        return self.acknowledged / settled if settled else None

    @property
    def median_wait_text(self) -> str:
        """The median time to acknowledgement as people say it: hours under a day, else days."""
        days = self.median_days_to_acknowledge
        if days is None:
            return "–"
        if days < 1:
            return _("%(hours)s h") % {"hours": max(1, round(days * 24))}
        return _("%(days)s d") % {"days": formats.number_format(days, 1)}

    @property
    def acknowledged_percent(self) -> int | None:
        share = self.acknowledged_share
        return round(share * 100) if share is not None else None


def institution_stats(
    *, user: Any, institution_ids: list[int] | None = None, location_id: int | None = None
) -> list[InstitutionStats]:
    """Per institution, over every sent referral (of one location's werkplaats, if given): how many were sent,
    acknowledged, declined or not answered, and the median days from sending to acknowledgement. Figures
    only, no case content. Two queries."""
    if not sees_social_map(user):
        return []
    referrals = Referral.objects.filter(sent_at__isnull=False)
    if location_id is not None:
        referrals = referrals.filter(werkplaats_case__case__location_id=location_id)
    if institution_ids is not None:
        referrals = referrals.filter(institution_id__in=institution_ids)
    counts = (
        referrals.values("institution_id", "institution__name")
        .annotate(
            sent=Count("pk"),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
            declined=Count("pk", filter=Q(status=ReferralStatus.DECLINED)),
            no_response=Count("pk", filter=Q(status=ReferralStatus.NO_RESPONSE)),
            waiting=Count("pk", filter=Q(status=ReferralStatus.SENT)),
        )
        .order_by("institution__name")
    )
    days: dict[int, list[float]] = defaultdict(list)
    for institution_id, sent_at, acknowledged_at in referrals.filter(acknowledged_at__isnull=False).values_list(
        "institution_id", "sent_at", "acknowledged_at"
    ):
        if sent_at is not None and acknowledged_at is not None:
            days[institution_id].append((acknowledged_at - sent_at).total_seconds() / 86400)
    return [
        InstitutionStats(
            institution_id=row["institution_id"],
            name=row["institution__name"],
            sent=row["sent"],
            acknowledged=row["acknowledged"],
            declined=row["declined"],
            no_response=row["no_response"],
            waiting=row["waiting"],
            median_days_to_acknowledge=round(median(days[row["institution_id"]]), 1)
            if days[row["institution_id"]]
            else None,
        )
        for row in counts
    ]


@dataclass(frozen=True)
class SignalCandidate:
    """An institution where referrals keep failing: "the fourth case where I get stuck at this agency"."""

    institution: Institution
    referrals: list[Referral]

    @property
    def werkplaats_case_ids(self) -> list[int]:
        return sorted({r.werkplaats_case_id for r in self.referrals})


def failing_institutions(*, user: Any, location_id: int, today: date | None = None) -> list[SignalCandidate]:
    """Institutions with at least three declined or unanswered referrals from this location's werkplaats in
    the last 90 days. The caller (the signal register) leaves out those that already have an open signal."""
    if not sees_casework_at(user, location_id):
        return []
    since = start_of_day((today or local_now().date()) - timedelta(days=SIGNAL_WINDOW_DAYS))
    failed = Referral.objects.filter(
        werkplaats_case__case__location_id=location_id, status__in=FAILED_STATUSES, closed_at__gte=since
    )
    institution_ids = [
        row["institution_id"]
        for row in failed.values("institution_id").annotate(n=Count("pk")).filter(n__gte=SIGNAL_FAILED_REFERRALS)
    ]
    grouped: dict[int, list[Referral]] = defaultdict(list)
    for referral in (
        failed.filter(institution_id__in=institution_ids).select_related("institution").order_by("closed_at")
    ):
        grouped[referral.institution_id].append(referral)
    return sorted(
        (SignalCandidate(institution=items[0].institution, referrals=items) for items in grouped.values()),
        key=lambda c: (-len(c.referrals), c.institution.name),
    )


# --- Referrals ---------------------------------------------------------------------------------------------


def _referrals() -> QuerySet[Referral]:
    return Referral.objects.select_related("institution", "service", "contact_person", "created_by")


def referral_list_for_case(*, user: Any, werkplaats_case: Any) -> QuerySet[Referral]:
    if not sees_referrals_of(user, werkplaats_case):
        return Referral.objects.none()
    return _referrals().filter(werkplaats_case=werkplaats_case).prefetch_related("transitions")


def referral_list(*, user: Any) -> QuerySet[Referral]:
    """Every referral of the werkplaats cases whose casework the user sees (for the API)."""
    return (
        _referrals().filter(werkplaats_case__in=werkplaats_case_list(user=user)).select_related("werkplaats_case__case")
    )


def referral_get(*, user: Any, referral_id: int) -> Referral:
    """One referral whose case's casework the user sees, or 404."""
    referral = (
        _referrals()
        .select_related("werkplaats_case__case__suspect")
        .prefetch_related("transitions")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None or not sees_referrals_of(user, referral.werkplaats_case):
        raise Http404
    return referral


def chase_period() -> int:
    return settings.ZSM_REFERRAL_CHASE_WORKING_DAYS


def chase_due_on(referral: Referral) -> date | None:
    """The day a sent referral without an answer must be chased: a period after sending, or a period after
    the last chase."""
    if referral.status != ReferralStatus.SENT or referral.sent_at is None:
        return None
    start = referral.chased_on or local(referral.sent_at).date()
    return add_working_days(start, chase_period())


def escalation_due_on(referral: Referral) -> date | None:
    """The day an unanswered referral goes to the coordinator: two periods after sending."""
    if referral.status != ReferralStatus.SENT or referral.sent_at is None:
        return None
    return add_working_days(local(referral.sent_at).date(), 2 * chase_period())


def _sent_order(referral: Referral) -> tuple[datetime, int]:
    return (referral.sent_at or now(), referral.pk)


def _waiting(since_working_days: int, today: date) -> QuerySet[Referral]:
    """Sent referrals old enough to be due: a cheap date filter in SQL (a calendar day is at most a working
    day), refined in Python by the working-day rule."""
    latest = start_of_day(today - timedelta(days=since_working_days) + timedelta(days=1))
    return (
        _referrals()
        .select_related("werkplaats_case__case__suspect", "werkplaats_case__worker")
        .filter(status=ReferralStatus.SENT, sent_at__lt=latest, werkplaats_case__status__in=CASE_OPEN)
    )


def referrals_to_chase(*, user: Any, today: date | None = None) -> list[Referral]:
    """The worker's chase tasks: their own cases' referrals unanswered for a period (3 working days by
    default), oldest first."""
    today = today or local_now().date()
    membership_location = _team_location(user)
    if membership_location is None:
        return []
    mine = _waiting(chase_period(), today).filter(
        werkplaats_case__worker=user, werkplaats_case__case__location_id=membership_location
    )
    return sorted((r for r in mine if (chase_due_on(r) or today) <= today), key=_sent_order)


def referrals_escalated(*, user: Any, today: date | None = None) -> list[Referral]:
    """For the coordinator: the location's referrals still unanswered after two periods."""
    today = today or local_now().date()
    location_id = _team_location(user)
    if location_id is None or not is_coordinator_at(user, location_id):
        return []
    waiting = _waiting(2 * chase_period(), today).filter(werkplaats_case__case__location_id=location_id)
    return sorted(
        (r for r in waiting if (escalation_due_on(r) or today) <= today),
        key=_sent_order,
    )


def _team_location(user: Any) -> int | None:
    membership = membership_active(user=user)
    if membership is None or not is_team_member_at(user, membership.location_id):
        return None
    return membership.location_id


# --- The acknowledgement link --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkView:
    """What the institution's page may show: the link, its referral, and why it no longer works if so."""

    link: ReferralLink | None
    refusal: str | None

    @property
    def referral(self) -> Referral | None:
        return self.link.referral if self.link is not None else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_refusal(link: ReferralLink | None) -> str | None:
    """Why a link no longer works ("unknown", "used", "revoked", "expired"), or None when it does."""
    if link is None:
        return "unknown"
    if link.used_at is not None:
        return "used"
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= now():
        return "expired"
    return None


def referral_link_find(*, token: str) -> LinkView:
    """The link a token opens, with just what the page needs. Not scoped to a user: the token is the key."""
    link = (
        ReferralLink.objects.select_related(
            "referral__institution",
            "referral__service",
            "referral__created_by",
            "referral__werkplaats_case__case__suspect",
            "referral__werkplaats_case__worker",
        )
        .filter(token_hash=token_hash(token))
        .first()
    )
    refusal = link_refusal(link)
    if refusal is None and link is not None and link.referral.werkplaats_case.status not in CASE_OPEN:
        refusal = "revoked"  # the werkplaats case was closed or handed over meanwhile
    elif refusal is None and link is not None and link.referral.status != ReferralStatus.SENT:
        refusal = "used"
    return LinkView(link=link, refusal=refusal)


def offence_details_shared(referral: Referral) -> bool:
    """Offence details reach the institution only on a recorded legal basis, and only when the worker chose
    to share them. One rule for the page, the API and the tests."""
    return bool(referral.legal_basis) and referral.legal_basis in OFFENCE_SHARING_BASES and referral.share_offence


def contact_persons_for(*, institution_id: int) -> QuerySet[ContactPerson]:
    return ContactPerson.objects.filter(institution_id=institution_id)


def service_list(*, user: Any, need: str = "") -> QuerySet[Service]:
    """Active services of active institutions, with their institution (for the API), by need if given."""
    if not sees_social_map(user):
        return Service.objects.none()
    services = Service.objects.filter(active=True, institution__active=True).select_related("institution")
    if need:
        services = services.filter(need=need)
    return services.order_by("need", "institution__name", "name", "pk")


def referral_werkplaats_case_id(*, referral_id: int) -> int | None:
    """The werkplaats case a referral belongs to, unscoped and without content: lets the API tell "not
    visible" (404) from "visible, not for you" (403), as the werkplaats API does."""
    return Referral.objects.filter(pk=referral_id).values_list("werkplaats_case_id", flat=True).first()


# --- Subject access (inzage) ----------------------------------------------------------------


def subject_access_referrals(*, werkplaats_case_ids: list[int]) -> list[dict[str, Any]]:
    """The referrals made for the person on these werkplaats cases, with every status change and its
    legal basis. The institution's contact person is left out.

    Unscoped by user: only audit's subject-access service calls this, after it checked the privacy
    officer's permission (`audit.subject_access`); the ids come from `workplace.subject_access_casework`.
    """
    referrals = (
        Referral.objects.filter(werkplaats_case_id__in=werkplaats_case_ids)
        .select_related("institution", "service")
        .prefetch_related("transitions")
        .order_by("created_at", "pk")
    )
    return [
        {
            "werkplaats_case_id": referral.werkplaats_case_id,
            "institution": referral.institution.name,
            "service": referral.service.name if referral.service else "",
            "need": referral.get_need_display(),
            "question": referral.question,
            "legal_basis": referral.get_legal_basis_display() if referral.legal_basis else "",
            "consent_note": referral.consent_note,
            "offence_details_shared": offence_details_shared(referral),
            "status": referral.get_status_display(),
            "created_at": referral.created_at,
            "sent_at": referral.sent_at,
            "acknowledged_at": referral.acknowledged_at,
            "intake_on": referral.intake_on,
            "closed_at": referral.closed_at,
            "decline_reason": referral.decline_reason,
            "transitions": [
                {
                    "occurred_at": t.occurred_at,
                    "from": t.get_from_status_display() if t.from_status else "",
                    "to": t.get_to_status_display(),
                    "by": t.get_actor_kind_display(),
                    "note": t.note,
                }
                for t in referral.transitions.all()
            ],
        }
        for referral in referrals
    ]
