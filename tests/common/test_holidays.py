"""Dutch public holidays and the next working day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zsm.common.holidays import (
    add_working_days,
    atw_holidays,
    atw_term_end,
    easter_sunday,
    is_working_day,
    kings_day,
    next_working_day,
    public_holidays,
    working_days_between,
)


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)), (2038, date(2038, 4, 25)),
     (2285, date(2285, 3, 22))],
)  # fmt: skip
def test_easter_follows_the_gregorian_computus(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday() -> None:
    assert kings_day(2025) == date(2025, 4, 26)  # 27 April 2025 is a Sunday
    assert kings_day(2026) == date(2026, 4, 27)


def test_the_holidays_of_2026() -> None:
    assert public_holidays(2026) == {
        date(2026, 1, 1), date(2026, 4, 5), date(2026, 4, 6), date(2026, 4, 27), date(2026, 5, 5),
        date(2026, 5, 14), date(2026, 5, 24), date(2026, 5, 25), date(2026, 12, 25), date(2026, 12, 26),
    }  # fmt: skip
    assert is_working_day(date(2026, 4, 3))  # Goede Vrijdag is deliberately a working day


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 16), date(2026, 1, 19)),  # Friday → Monday
        (date(2026, 1, 17), date(2026, 1, 19)),  # Saturday → Monday
        (date(2026, 1, 14), date(2026, 1, 15)),  # Wednesday → Thursday
        (date(2027, 4, 26), date(2027, 4, 28)),  # the day before Koningsdag (Tue 27 April 2027)
        (date(2026, 4, 24), date(2026, 4, 28)),  # Friday before Koningsdag on a Monday
        (date(2024, 12, 24), date(2024, 12, 27)),  # Christmas Eve → 27 December
        (date(2026, 12, 24), date(2026, 12, 28)),  # Christmas Eve on a Thursday → Monday 28th
        (date(2026, 4, 2), date(2026, 4, 3)),  # Thursday before Easter → Goede Vrijdag
        (date(2026, 4, 3), date(2026, 4, 7)),  # Goede Vrijdag → past Tweede Paasdag
        (date(2026, 5, 4), date(2026, 5, 6)),  # Bevrijdingsdag
        (date(2026, 5, 13), date(2026, 5, 15)),  # Hemelvaartsdag
        (date(2026, 5, 22), date(2026, 5, 26)),  # Pinksteren
        (date(2026, 12, 31), date(2027, 1, 4)),  # Oudjaar (Thursday) → past Nieuwjaarsdag and the weekend
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2400, 12, 31)))
def test_next_working_day_is_a_working_day_soon_after(day: date) -> None:
    result = next_working_day(day)
    assert result > day
    assert result - day <= timedelta(days=5)
    assert result.weekday() < 5
    assert result not in public_holidays(result.year)
    # Nothing in between was a working day.
    assert all(not is_working_day(day + timedelta(days=n)) for n in range(1, (result - day).days))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(min_value=0, max_value=40))
def test_adding_working_days_is_undone_by_counting_them(start: date, count: int) -> None:
    later = add_working_days(start, count)
    assert working_days_between(start, later) == count
    assert count == 0 or is_working_day(later)


def test_three_working_days_after_a_friday_skip_the_weekend_and_easter_monday() -> None:
    # Friday 3 April 2026 (Good Friday is a working day); Easter Monday 6 April is not.
    assert add_working_days(date(2026, 4, 3), 3) == date(2026, 4, 9)
    assert working_days_between(date(2026, 4, 3), date(2026, 4, 8)) == 2
    assert working_days_between(date(2026, 4, 8), date(2026, 4, 3)) == 0


# --- Algemene termijnenwet: the holidays that extend a statutory term --------------------------------------


def test_the_atw_holidays_of_2026() -> None:
    """Art. 3 Atw: Goede Vrijdag counts (unlike the days off), and the days equated by decree."""
    assert atw_holidays(2026) == {
        date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 4, 27), date(2026, 5, 5),
        date(2026, 5, 14), date(2026, 5, 25), date(2026, 12, 25), date(2026, 12, 26),
        date(2026, 1, 2), date(2026, 5, 15),  # Besluit gelijkstelling: the Fridays after New Year and Ascension
    }  # fmt: skip
    assert date(2026, 4, 3) not in public_holidays(2026)  # Good Friday is no day off at the table


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31)))
def test_a_term_is_never_shortened_and_ends_on_a_day_that_is_none_of_them(day: date) -> None:
    end = atw_term_end(day)
    assert end >= day
    assert end.weekday() < 5
    assert end not in atw_holidays(end.year)
    if day.weekday() < 5 and day not in atw_holidays(day.year):
        assert end == day
