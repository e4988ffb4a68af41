"""Dutch national public holidays and the next working day, as pure functions.

Holidays counted (any year): Nieuwjaarsdag (1 Jan), Eerste en Tweede Paasdag, Koningsdag
(27 Apr, or 26 Apr when the 27th is a Sunday), Bevrijdingsdag (5 May, treated as a holiday every
year), Hemelvaartsdag (Easter + 39), Eerste en Tweede Pinksterdag (Easter + 49/50), Eerste en Tweede
Kerstdag (25/26 Dec). Goede Vrijdag is *not* counted: it is no general day off (nor at the OM,
the police or the probation organisations), so a worker calls back on Good Friday.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

SATURDAY = 5


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian / Meeus–Jones–Butcher algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


@lru_cache(maxsize=256)
def public_holidays(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),
            easter,
            easter + timedelta(days=1),
            kings_day(year),
            date(year, 5, 5),
            easter + timedelta(days=39),
            easter + timedelta(days=49),
            easter + timedelta(days=50),
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY and day not in public_holidays(day.year)


def next_working_day(day: date) -> date:
    """The first working day (Monday–Friday, no public holiday) after `day`."""
    candidate = day + timedelta(days=1)
    while not is_working_day(candidate):
        candidate += timedelta(days=1)
    return candidate


def add_working_days(day: date, count: int) -> date:
    """The working day `count` working days after `day` (`count` ≥ 0; 0 gives `day` itself)."""
    for _step in range(count):
        day = next_working_day(day)
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after `start` up to and including `end` (0 when `end` ≤ `start`)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


# --- Algemene termijnenwet (Atw) ---------------------------------------------------------------
# A statutory term that ends on a Saturday, Sunday or generally recognised public holiday runs on to the
# next day that is none of these (art. 1 lid 1 Atw). Its holidays (art. 3 lid 1–2) are not quite the days
# off above: Goede Vrijdag counts, and the Crown equates further days by decree (art. 3 lid 3).
# Decrees "Besluit gelijkstelling" for 2023–2028, as reported (see docs/legal-rules.md).
ATW_EQUATED_DAYS = frozenset(
    {
        date(2023, 4, 28),
        date(2023, 5, 19),
        date(2024, 5, 10),
        date(2024, 12, 27),
        date(2025, 5, 30),
        date(2026, 1, 2),
        date(2026, 5, 15),
        date(2027, 5, 7),
        date(2028, 4, 28),
        date(2028, 5, 26),
    }
)


@lru_cache(maxsize=256)
def atw_holidays(year: int) -> frozenset[date]:
    """Art. 3 Atw: Nieuwjaarsdag, Goede Vrijdag, tweede Paas- en Pinksterdag, beide Kerstdagen, Hemelvaartsdag,
    the day the King's birthday is celebrated, 5 May, and the days equated by decree."""
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),
            easter - timedelta(days=2),
            easter + timedelta(days=1),
            kings_day(year),
            date(year, 5, 5),
            easter + timedelta(days=39),
            easter + timedelta(days=50),
            date(year, 12, 25),
            date(year, 12, 26),
        }
        | {day for day in ATW_EQUATED_DAYS if day.year == year}
    )


def atw_term_end(last_day: date) -> date:
    """The last day of a statutory term as the Algemene termijnenwet extends it (art. 1 lid 1)."""
    day = last_day
    while day.weekday() >= SATURDAY or day in atw_holidays(day.year):
        day += timedelta(days=1)
    return day
