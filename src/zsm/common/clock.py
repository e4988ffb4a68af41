"""The one place that says what time it is and in which zone people reason about it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def now() -> datetime:
    """The current moment, aware, in UTC (as stored)."""
    return timezone.now()


def local(moment: datetime) -> datetime:
    """The same moment as people at a Dutch ZSM location read it."""
    return moment.astimezone(AMSTERDAM)


def local_now() -> datetime:
    return local(now())


def start_of_day(day: date) -> datetime:
    """Midnight at the start of a day, as the Netherlands counts it."""
    return datetime.combine(day, datetime.min.time(), tzinfo=AMSTERDAM)
