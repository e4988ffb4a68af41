"""The legal clock of a ZSM case: how long a suspect may be held, and how urgent that is right now.

Pure functions on aware datetimes; no models, no database, so the arithmetic can be tested exhaustively.

Two pitfalls shape everything below:

* Subtracting two aware datetimes that share a ``tzinfo`` object compares *wall-clock* readings and ignores
  a daylight-saving change in between. So every duration is computed on UTC values (``_utc``).
* Local boundaries (00:00, 09:00) are built as wall-clock times in Europe/Amsterdam with zoneinfo. They are
  never ambiguous or missing: the Dutch DST switch happens at 02:00/03:00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from django.utils.translation import gettext

from zsm.common.clock import AMSTERDAM

# Ophouden voor onderzoek (art. 56a Sv, since 1 March 2017): 9 hours when an offence allows pre-trial
# detention, otherwise 6.
HOLDING_HOURS_PRETRIAL = 9
HOLDING_HOURS_OTHER = 6
# Art. 56b lid 1 Sv: the 6-hour term can be extended once, by at most 6 hours, when the suspect's identity
# cannot be established in time (only for offences without pre-trial detention; for those custody exists).
IDENTITY_EXTENSION_HOURS = 6
# The hours 00:00–09:00 local time do not count towards the holding period (art. 56a Sv).
NIGHT_START = time(0, 0)
NIGHT_END = time(9, 0)
# Inverzekeringstelling (art. 58 Sv): 3 days, extendable once by 3 days (pre-trial-detention offences only).
CUSTODY_DAYS = 3
CUSTODY_EXTENSION_DAYS = 3
# Voorgeleiding aan de rechter-commissaris (art. 59a Sv): within 3 days and 18 hours after arrest.
EXAMINING_JUDGE_WITHIN = timedelta(days=3, hours=18)
# The clock warns this long before a deadline, widest first.
WARN_AT = (timedelta(minutes=60), timedelta(minutes=30))

_ONE_DAY = timedelta(days=1)


def _require_aware(moment: datetime, name: str) -> None:
    # A naive datetime has no defined moment; guessing its zone is how deadlines end up an hour off.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {moment!r}")


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _local_at(day: date, clock: time) -> datetime:
    """The moment an Amsterdam clock reads `clock` on `day` (only used for 00:00/09:00, which always exist once)."""
    return datetime.combine(day, clock, tzinfo=AMSTERDAM)


def _counting_window(day: date) -> tuple[datetime, datetime]:
    """The stretch of `day` that counts for holding, as UTC: [09:00, next 00:00)."""
    return _utc(_local_at(day, NIGHT_END)), _utc(_local_at(day + _ONE_DAY, NIGHT_START))


def holding_hours(*, pretrial_detention_allowed: bool, identity_extended: bool = False) -> timedelta:
    """The maximum holding period for a case: 9 h if any offence allows pre-trial detention, else 6 h, or
    6 + 6 h once extended to establish identity (art. 56b Sv; never for a pre-trial-detention offence)."""
    if pretrial_detention_allowed:
        if identity_extended:
            raise ValueError("art. 56b Sv: the identity extension is only for offences without pre-trial detention")
        return timedelta(hours=HOLDING_HOURS_PRETRIAL)
    return timedelta(hours=HOLDING_HOURS_OTHER + (IDENTITY_EXTENSION_HOURS if identity_extended else 0))


def holding_deadline(
    ordered_at: datetime, *, pretrial_detention_allowed: bool, identity_extended: bool = False
) -> datetime:
    """When holding for investigation ends: 6 or 9 counted hours after the order, skipping 00:00–09:00 local.

    The result is the *earliest* moment at which the full period has been counted. Hence the midnight rule:
    when the counting runs out exactly at 00:00 (e.g. an order at 18:00 with 6 hours), the deadline is that
    00:00 — no night time was needed, so the suspect is not held until 09:00. Otherwise a deadline never
    falls in 00:00–09:00. Returned in Europe/Amsterdam.
    """
    _require_aware(ordered_at, "ordered_at")
    remaining = holding_hours(
        pretrial_detention_allowed=pretrial_detention_allowed, identity_extended=identity_extended
    )
    cursor = _utc(ordered_at)
    day = cursor.astimezone(AMSTERDAM).date()
    # At most two iterations matter: 12 hours always fit in one 15-hour counting window.
    while True:
        window_start, window_end = _counting_window(day)
        cursor = max(cursor, window_start)  # a start inside the night waits for 09:00
        available = window_end - cursor
        if remaining <= available:
            return (cursor + remaining).astimezone(AMSTERDAM)
        remaining -= available
        day += _ONE_DAY


def counted_hours_between(start: datetime, end: datetime) -> timedelta:
    """The time between two moments that counts for holding (outside 00:00–09:00 local); zero if end <= start.

    The inverse of `holding_deadline`: for its result `d`, ``counted_hours_between(s, d)`` is exactly the
    holding period, and it is less for every earlier end.
    """
    _require_aware(start, "start")
    _require_aware(end, "end")
    start_utc, end_utc = _utc(start), _utc(end)
    total = timedelta(0)
    if end_utc <= start_utc:
        return total
    day = start_utc.astimezone(AMSTERDAM).date()
    last_day = end_utc.astimezone(AMSTERDAM).date()
    while day <= last_day:
        window_start, window_end = _counting_window(day)
        overlap = min(end_utc, window_end) - max(start_utc, window_start)
        if overlap > timedelta(0):
            total += overlap
        day += _ONE_DAY
    return total


def _add_wall_clock(moment: datetime, delta: timedelta) -> datetime:
    """`moment` plus `delta` as read on an Amsterdam clock: same wall-clock time N days later.

    The law counts these periods in days, so across a DST change "3 days" is 71 or 73 real hours rather than 72.
    When the resulting wall-clock time does not exist or occurs twice (02:00–03:00 on a change night), fold=0
    decides: a missing time moves forward by the skipped hour (02:30 -> 03:30 CEST, i.e. the real-time reading),
    a repeated time is its first, earlier occurrence — the conservative choice for a deadline.
    """
    wall = moment.astimezone(AMSTERDAM).replace(tzinfo=None) + delta
    return _utc(wall.replace(tzinfo=AMSTERDAM, fold=0)).astimezone(AMSTERDAM)


def custody_end(custody_started_at: datetime, *, extended: bool) -> datetime:
    """When custody (inverzekeringstelling) ends: 3 calendar days later at the same local time, 6 if extended.

    Whether an extension is lawful (pre-trial-detention offences only, once) is for the caller to check.
    """
    _require_aware(custody_started_at, "custody_started_at")
    days = CUSTODY_DAYS + (CUSTODY_EXTENSION_DAYS if extended else 0)
    return _add_wall_clock(custody_started_at, timedelta(days=days))


def examining_judge_deadline(arrested_at: datetime) -> datetime:
    """The latest moment to bring the suspect before the rechter-commissaris: 3 days 18 hours after arrest.

    Counted on the local clock like custody (so a deadline reads the same as without a DST change).
    """
    _require_aware(arrested_at, "arrested_at")
    return _add_wall_clock(arrested_at, EXAMINING_JUDGE_WITHIN)


class Urgency(StrEnum):
    OK = "ok"
    WARNING = "warning"  # at most 60 minutes left
    CRITICAL = "critical"  # at most 30 minutes left
    EXPIRED = "expired"  # the deadline has passed


def time_left(deadline: datetime, *, at: datetime) -> timedelta:
    """Real time from `at` until `deadline`; negative once the deadline has passed."""
    _require_aware(deadline, "deadline")
    _require_aware(at, "at")
    return _utc(deadline) - _utc(at)


def urgency(deadline: datetime, *, at: datetime) -> Urgency:
    """How urgent a deadline is at `at`. At the deadline itself it is still CRITICAL; one instant later EXPIRED."""
    left = time_left(deadline, at=at)
    warning, critical = WARN_AT
    if left < timedelta(0):
        return Urgency.EXPIRED
    if left <= critical:
        return Urgency.CRITICAL
    if left <= warning:
        return Urgency.WARNING
    return Urgency.OK


def format_time_left(delta: timedelta) -> str:
    """A compact reading in the active language: "1 d 3 h" from a day on, "2 h 05 min", "45 min", and "expired"
    when negative (Dutch: "1 d 3 u", "2 u 05 min", "45 min", "verlopen").

    Truncated to the unit shown (59 seconds reads "0 min"): a countdown must never show more time than is left.
    """
    if delta < timedelta(0):
        return gettext("expired")
    minutes = delta // timedelta(minutes=1)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        # Translators: time left on the clock, days and hours, abbreviated ("1 d 3 u").
        return gettext("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        # Translators: time left on the clock, hours and minutes, abbreviated ("2 u 05 min").
        return gettext("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    # Translators: time left on the clock in minutes, abbreviated ("45 min").
    return gettext("%(minutes)d min") % {"minutes": minutes}
