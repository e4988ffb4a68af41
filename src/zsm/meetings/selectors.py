"""Every read of the signal register, scoped to the user's location (meetings.rules)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Max, Prefetch, QuerySet
from django.http import Http404

from zsm.accounts.selectors import membership_active
from zsm.meetings.constants import SignalStatus
from zsm.meetings.models import Signal
from zsm.meetings.rules import sees_signals_at
from zsm.socialmap.constants import SIGNAL_FAILED_REFERRALS
from zsm.socialmap.selectors import SignalCandidate, failing_institutions
from zsm.workplace.models import WerkplaatsCase


def _location_id(user: Any) -> int | None:
    membership = membership_active(user=user)
    return membership.location_id if membership is not None else None


def signal_list(*, user: Any, status: str | None = None) -> QuerySet[Signal]:
    """The signals of the user's location, newest first, with owner, institution and cases in three queries."""
    location_id = _location_id(user)
    if location_id is None or not sees_signals_at(user, location_id):
        return Signal.objects.none()
    signals = (
        Signal.objects.filter(location_id=location_id)
        .select_related("owner", "institution", "created_by")
        .prefetch_related(Prefetch("cases", queryset=WerkplaatsCase.objects.select_related("case").order_by("pk")))
    )
    return signals.filter(status=status) if status else signals


def signal_get(*, user: Any, signal_id: int) -> Signal:
    signal = signal_list(user=user).filter(pk=signal_id).first()
    if signal is None:
        raise Http404
    return signal


def signal_candidates(*, user: Any, today: date | None = None) -> list[SignalCandidate]:
    """Institutions where three or more referrals failed within 90 days, unless an open or raised signal about
    that institution exists already, or a resolved one settled those failures."""
    location_id = _location_id(user)
    if location_id is None or not sees_signals_at(user, location_id):
        return []
    signals = Signal.objects.filter(location_id=location_id, institution__isnull=False)
    covered = set(signals.exclude(status=SignalStatus.RESOLVED).values_list("institution_id", flat=True))
    resolved = dict(
        signals.filter(status=SignalStatus.RESOLVED)
        .values("institution_id")
        .annotate(last=Max("resolved_at"))
        .values_list("institution_id", "last")
    )
    candidates = []
    for candidate in failing_institutions(user=user, location_id=location_id, today=today):
        if candidate.institution.pk in covered:
            continue
        # After a resolved signal only new failures count: the old ones have been dealt with.
        since = resolved.get(candidate.institution.pk)
        fresh = [r for r in candidate.referrals if since is None or (r.closed_at is not None and r.closed_at > since)]
        if len(fresh) >= SIGNAL_FAILED_REFERRALS:
            candidates.append(SignalCandidate(institution=candidate.institution, referrals=fresh))
    return candidates
