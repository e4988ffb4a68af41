"""The legal holding clock: acceptance examples, edges, DST nights and properties over 2024–2030."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from zsm.cases.holding import (
    CUSTODY_DAYS,
    CUSTODY_EXTENSION_DAYS,
    EXAMINING_JUDGE_WITHIN,
    HOLDING_HOURS_OTHER,
    HOLDING_HOURS_PRETRIAL,
    IDENTITY_EXTENSION_HOURS,
    NIGHT_END,
    NIGHT_START,
    WARN_AT,
    Urgency,
    counted_hours_between,
    custody_end,
    examining_judge_deadline,
    format_time_left,
    holding_deadline,
    time_left,
    urgency,
)
from zsm.cases.holding import holding_hours as holding_period
from zsm.common.clock import AMSTERDAM

SIX = timedelta(hours=6)
NINE = timedelta(hours=9)
# 2026 DST changes in Europe/Amsterdam: Sunday 29 March 02:00 -> 03:00, Sunday 25 October 03:00 -> 02:00.
MARCH_CHANGE = datetime(2026, 3, 29)
OCTOBER_CHANGE = datetime(2026, 10, 25)


def ams(year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, fold: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM, fold=fold)


def wall(moment: datetime) -> tuple[int, int, int, int, int]:
    """What an Amsterdam clock shows at `moment` (independent of the zone it was expressed in)."""
    local = moment.astimezone(AMSTERDAM)
    return (local.year, local.month, local.day, local.hour, local.minute)


def deadline(start: datetime, hours: int) -> datetime:
    return holding_deadline(start, pretrial_detention_allowed=hours == HOLDING_HOURS_PRETRIAL)


def brute_force_counted_minutes(start: datetime, end: datetime) -> int:
    """Counts, minute by minute in real (UTC) time, the minutes whose Amsterdam clock reads 09:00 or later."""
    counted = 0
    cursor = start.astimezone(UTC)
    end_utc = end.astimezone(UTC)
    while cursor < end_utc:
        if cursor.astimezone(AMSTERDAM).hour >= NIGHT_END.hour:
            counted += 1
        cursor += timedelta(minutes=1)
    return counted


# -- constants ------------------------------------------------------------------------------------------------


def test_the_legal_constants() -> None:
    assert (HOLDING_HOURS_PRETRIAL, HOLDING_HOURS_OTHER) == (9, 6)
    assert (time(0, 0), time(9, 0)) == (NIGHT_START, NIGHT_END)
    assert (CUSTODY_DAYS, CUSTODY_EXTENSION_DAYS) == (3, 3)
    assert timedelta(days=3, hours=18) == EXAMINING_JUDGE_WITHIN
    assert (timedelta(minutes=60), timedelta(minutes=30)) == WARN_AT


# -- holding deadline: acceptance examples and edges ----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # Acceptance: 22:30 winter time, 1.5 h before midnight, the rest from 09:00.
        (ams(2026, 1, 15, 22, 30), 6, (2026, 1, 16, 13, 30)),
        (ams(2026, 1, 15, 22, 30), 9, (2026, 1, 16, 16, 30)),
        # One minute before midnight counts, then the clock resumes at 09:00.
        (ams(2026, 1, 15, 23, 59), 6, (2026, 1, 16, 14, 59)),
        (ams(2026, 1, 15, 23, 59), 9, (2026, 1, 16, 17, 59)),
        # A start inside the night starts counting at 09:00 that morning.
        (ams(2026, 1, 15, 3, 0), 6, (2026, 1, 15, 15, 0)),
        (ams(2026, 1, 15, 3, 0), 9, (2026, 1, 15, 18, 0)),
        (ams(2026, 1, 15, 0, 0), 6, (2026, 1, 15, 15, 0)),
        (ams(2026, 1, 15, 0, 0), 9, (2026, 1, 15, 18, 0)),
        (ams(2026, 1, 15, 8, 59), 6, (2026, 1, 15, 15, 0)),
        (ams(2026, 1, 15, 9, 0), 6, (2026, 1, 15, 15, 0)),
        (ams(2026, 1, 15, 9, 0), 9, (2026, 1, 15, 18, 0)),
        # Midnight rule: counting that runs out exactly at 00:00 ends there, not at 09:00.
        (ams(2026, 1, 15, 18, 0), 6, (2026, 1, 16, 0, 0)),
        (ams(2026, 1, 15, 15, 0), 9, (2026, 1, 16, 0, 0)),
        # ...and one minute later it needs the next morning.
        (ams(2026, 1, 15, 18, 1), 6, (2026, 1, 16, 9, 1)),
        (ams(2026, 1, 15, 18, 0), 9, (2026, 1, 16, 12, 0)),
        (ams(2026, 1, 15, 20, 0), 6, (2026, 1, 16, 11, 0)),
        # Summer time on an ordinary night behaves the same.
        (ams(2026, 7, 10, 22, 30), 6, (2026, 7, 11, 13, 30)),
        # Year end.
        (ams(2026, 12, 31, 23, 0), 9, (2027, 1, 1, 17, 0)),
    ],
)
def test_holding_deadline_examples(start: datetime, hours: int, expected: tuple[int, int, int, int, int]) -> None:
    result = deadline(start, hours)
    assert result.tzinfo is AMSTERDAM
    assert wall(result) == expected
    assert counted_hours_between(start, result) == timedelta(hours=hours)


def test_deadline_does_not_depend_on_the_zone_the_order_is_given_in() -> None:
    start = ams(2026, 1, 15, 22, 30)
    for zone in (UTC, ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo")):
        assert holding_deadline(start.astimezone(zone), pretrial_detention_allowed=False) == ams(2026, 1, 16, 13, 30)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # Saturday evening before the March change: 2 h until midnight, the rest from 09:00 (CEST by then).
        (ams(2026, 3, 28, 22, 0), 6, (2026, 3, 29, 13, 0)),
        (ams(2026, 3, 28, 22, 0), 9, (2026, 3, 29, 16, 0)),
        # Saturday evening before the October change: same wall-clock answer, though the night is an hour longer.
        (ams(2026, 10, 24, 22, 0), 6, (2026, 10, 25, 13, 0)),
        (ams(2026, 10, 24, 22, 0), 9, (2026, 10, 25, 16, 0)),
        # Orders on the change nights themselves.
        (ams(2026, 3, 29, 1, 30), 6, (2026, 3, 29, 15, 0)),
        (ams(2026, 3, 29, 3, 30), 9, (2026, 3, 29, 18, 0)),
        # A Sunday-evening order (the change day has 23 or 25 hours, its counting window is still 15 h).
        (ams(2026, 3, 29, 20, 0), 6, (2026, 3, 30, 11, 0)),
        (ams(2026, 10, 25, 20, 0), 6, (2026, 10, 26, 11, 0)),
    ],
)
def test_holding_deadline_across_dst(start: datetime, hours: int, expected: tuple[int, int, int, int, int]) -> None:
    result = deadline(start, hours)
    assert wall(result) == expected
    assert counted_hours_between(start, result) == timedelta(hours=hours)


@pytest.mark.parametrize("fold", [0, 1])
def test_order_at_the_ambiguous_0230_on_the_october_change_night(fold: int) -> None:
    start = ams(2026, 10, 25, 2, 30, fold=fold)
    assert wall(holding_deadline(start, pretrial_detention_allowed=False)) == (2026, 10, 25, 15, 0)
    assert wall(holding_deadline(start, pretrial_detention_allowed=True)) == (2026, 10, 25, 18, 0)


def test_the_two_0230s_are_an_hour_apart_but_share_a_deadline() -> None:
    first, second = ams(2026, 10, 25, 2, 30, fold=0), ams(2026, 10, 25, 2, 30, fold=1)
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    assert holding_deadline(first, pretrial_detention_allowed=False) == holding_deadline(
        second, pretrial_detention_allowed=False
    )


def test_the_dst_night_changes_the_real_elapsed_time_not_the_clock_reading() -> None:
    # 22:00 -> 13:00 next day is 15 real hours on an ordinary night, 14 in March, 16 in October.
    for start, real in [
        (ams(2026, 1, 17, 22, 0), timedelta(hours=15)),
        (ams(2026, 3, 28, 22, 0), timedelta(hours=14)),
        (ams(2026, 10, 24, 22, 0), timedelta(hours=16)),
    ]:
        result = holding_deadline(start, pretrial_detention_allowed=False)
        assert time_left(result, at=start) == real


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 1, 15, 22, 30)
    with pytest.raises(ValueError, match="timezone-aware"):
        holding_deadline(naive, pretrial_detention_allowed=False)
    with pytest.raises(ValueError, match="timezone-aware"):
        counted_hours_between(naive, ams(2026, 1, 16))
    with pytest.raises(ValueError, match="timezone-aware"):
        custody_end(naive, extended=False)
    with pytest.raises(ValueError, match="timezone-aware"):
        examining_judge_deadline(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        time_left(naive, at=ams(2026, 1, 16))


# -- counted hours --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (ams(2026, 1, 15, 0, 0), ams(2026, 1, 16, 0, 0), timedelta(hours=15)),
        (ams(2026, 1, 15, 3, 0), ams(2026, 1, 15, 8, 0), timedelta(0)),
        (ams(2026, 1, 15, 8, 0), ams(2026, 1, 15, 10, 0), timedelta(hours=1)),
        (ams(2026, 1, 15, 23, 0), ams(2026, 1, 16, 9, 30), timedelta(hours=1, minutes=30)),
        (ams(2026, 1, 15, 12, 0), ams(2026, 1, 17, 12, 0), timedelta(hours=30)),
        # Change days are 23 and 25 hours long; only their nights are shorter/longer.
        (ams(2026, 3, 29, 0, 0), ams(2026, 3, 30, 0, 0), timedelta(hours=15)),
        (ams(2026, 10, 25, 0, 0), ams(2026, 10, 26, 0, 0), timedelta(hours=15)),
        # End before start counts nothing.
        (ams(2026, 1, 16, 12, 0), ams(2026, 1, 15, 12, 0), timedelta(0)),
    ],
)
def test_counted_hours_between(start: datetime, end: datetime, expected: timedelta) -> None:
    assert counted_hours_between(start, end) == expected


# -- holding deadline: properties -----------------------------------------------------------------------------

any_moment = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC))
# Whole (quarter) hours hit the interesting boundaries — 00:00, 09:00, the DST switch — far more often.
moments = any_moment | any_moment.map(lambda m: m.replace(minute=m.minute // 15 * 15, second=0, microsecond=0))
zones = st.sampled_from([UTC, AMSTERDAM, ZoneInfo("America/New_York")])
holding_hours = st.sampled_from([HOLDING_HOURS_OTHER, HOLDING_HOURS_PRETRIAL])


def night_length_after(start: datetime, end: datetime) -> timedelta:
    """Real length of the longest night (00:00-09:00 local) between two moments; 9 h, or 8/10 h on a DST night."""
    longest = timedelta(0)
    day = start.astimezone(AMSTERDAM).date()
    while day <= end.astimezone(AMSTERDAM).date():
        night = datetime.combine(day, NIGHT_END, tzinfo=AMSTERDAM).astimezone(UTC) - datetime.combine(
            day, NIGHT_START, tzinfo=AMSTERDAM
        ).astimezone(UTC)
        longest = max(longest, night)
        day += timedelta(days=1)
    return longest


@given(moments, zones, holding_hours)
def test_exactly_the_holding_hours_are_counted_and_no_earlier_end_has_them(
    start_utc: datetime, zone: ZoneInfo, hours: int
) -> None:
    start = start_utc.astimezone(zone)
    result = deadline(start, hours)
    assert counted_hours_between(start, result) == timedelta(hours=hours)
    assert counted_hours_between(start, result - timedelta(microseconds=1)) < timedelta(hours=hours)


# Walking a day and a half minute by minute takes its time on a busy CI machine: no deadline on it.
@settings(deadline=None)
@given(moments.map(lambda m: m.replace(second=0, microsecond=0)), holding_hours)
def test_minute_by_minute_oracle_agrees(start: datetime, hours: int) -> None:
    result = deadline(start, hours)
    assert brute_force_counted_minutes(start, result) == hours * 60
    assert brute_force_counted_minutes(start, result - timedelta(minutes=1)) == hours * 60 - 1


@given(moments, holding_hours)
def test_deadline_is_never_inside_the_night(start: datetime, hours: int) -> None:
    # The rule: a deadline reads exactly 00:00 (counting ran out at midnight) or strictly after 09:00.
    local = deadline(start, hours).astimezone(AMSTERDAM)
    assert local.time() == NIGHT_START or local.time() > NIGHT_END


@given(moments, holding_hours)
def test_a_midnight_deadline_means_no_night_was_crossed(start: datetime, hours: int) -> None:
    result = deadline(start, hours)
    if result.astimezone(AMSTERDAM).time() == NIGHT_START:
        assert result - start == timedelta(hours=hours)


@given(moments, holding_hours)
def test_elapsed_time_is_the_holding_hours_plus_at_most_one_night(start: datetime, hours: int) -> None:
    # Tight bound: hours <= elapsed <= hours + one night, where a night is 9 real hours (8 in March, 10 in
    # October). 9 hours always fit in one 15-hour counting window, so at most one night is ever crossed.
    result = deadline(start, hours)
    elapsed = result - start
    assert timedelta(hours=hours) <= elapsed <= timedelta(hours=hours) + night_length_after(start, result)
    assert elapsed <= timedelta(hours=hours + 10)
    # Elapsed equals the hours exactly when no night time was skipped.
    assert (elapsed == timedelta(hours=hours)) == (counted_hours_between(start, result) == elapsed)


def test_the_elapsed_bound_is_attained() -> None:
    # An order at midnight waits the whole night: 9 h normally, 10 h on the October change night, 8 in March.
    # (time_left, not `-`: subtracting two Amsterdam datetimes would compare wall clocks and hide the DST hour.)
    for start, real in [
        (ams(2026, 1, 15), timedelta(hours=18)),
        (ams(2026, 10, 25), timedelta(hours=19)),
        (ams(2026, 3, 29), timedelta(hours=17)),
    ]:
        assert time_left(holding_deadline(start, pretrial_detention_allowed=True), at=start) == real


@given(moments)
def test_nine_hours_never_end_before_six(start: datetime) -> None:
    six = holding_deadline(start, pretrial_detention_allowed=False)
    nine = holding_deadline(start, pretrial_detention_allowed=True)
    assert nine.astimezone(UTC) > six.astimezone(UTC)  # in UTC: same-tzinfo comparisons read the wall clock


@given(moments, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=2)), holding_hours)
def test_a_later_order_never_gets_an_earlier_deadline(start: datetime, later_by: timedelta, hours: int) -> None:
    assert deadline(start + later_by, hours).astimezone(UTC) >= deadline(start, hours).astimezone(UTC)


@given(moments, zones, holding_hours)
def test_deadline_is_in_amsterdam_and_independent_of_the_input_zone(
    start: datetime, zone: ZoneInfo, hours: int
) -> None:
    in_zone = deadline(start.astimezone(zone), hours)
    assert in_zone.tzinfo is AMSTERDAM
    assert in_zone.astimezone(UTC) == deadline(start, hours).astimezone(UTC)


# -- custody and the examining judge --------------------------------------------------------------------------
# Decision: the law counts these periods in days, so we add calendar days on the Amsterdam clock: the same
# wall-clock time 3 days later, which is 71 real hours across the March change and 73 across October.


def test_custody_is_three_calendar_days_at_the_same_clock_time() -> None:
    assert custody_end(ams(2026, 1, 15, 14, 10), extended=False) == ams(2026, 1, 18, 14, 10)
    assert custody_end(ams(2026, 1, 15, 14, 10), extended=True) == ams(2026, 1, 21, 14, 10)


def test_custody_across_the_march_change_is_71_real_hours() -> None:
    start = ams(2026, 3, 27, 14, 0)
    end = custody_end(start, extended=False)
    assert wall(end) == (2026, 3, 30, 14, 0)
    assert time_left(end, at=start) == timedelta(hours=71)
    assert time_left(custody_end(start, extended=True), at=start) == timedelta(days=6, hours=-1)


def test_custody_across_the_october_change_is_73_real_hours() -> None:
    start = ams(2026, 10, 23, 14, 0)
    end = custody_end(start, extended=False)
    assert wall(end) == (2026, 10, 26, 14, 0)
    assert time_left(end, at=start) == timedelta(hours=73)


def test_custody_ending_in_the_missing_march_hour_moves_forward() -> None:
    # 02:30 on 29 March 2026 does not exist; the clock jumps from 02:00 to 03:00, so it ends at 03:30 CEST.
    start = ams(2026, 3, 26, 2, 30)
    end = custody_end(start, extended=False)
    assert wall(end) == (2026, 3, 29, 3, 30)
    assert end.utcoffset() == timedelta(hours=2)


def test_custody_ending_in_the_repeated_october_hour_takes_the_first() -> None:
    start = ams(2026, 10, 22, 2, 30)
    end = custody_end(start, extended=False)
    assert wall(end) == (2026, 10, 25, 2, 30)
    assert end.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # CEST, the earlier 02:30


def test_custody_end_is_in_amsterdam_whatever_the_input_zone() -> None:
    start = ams(2026, 3, 27, 14, 0)
    end = custody_end(start.astimezone(UTC), extended=False)
    assert end.tzinfo is AMSTERDAM
    assert end == ams(2026, 3, 30, 14, 0)


def test_examining_judge_within_three_days_eighteen_hours() -> None:
    assert examining_judge_deadline(ams(2026, 1, 15, 10, 0)) == ams(2026, 1, 19, 4, 0)
    assert examining_judge_deadline(ams(2026, 1, 15, 10, 0).astimezone(UTC)).tzinfo is AMSTERDAM


def test_examining_judge_across_the_march_change() -> None:
    arrested = ams(2026, 3, 27, 10, 0)
    result = examining_judge_deadline(arrested)
    assert wall(result) == (2026, 3, 31, 4, 0)
    assert time_left(result, at=arrested) == timedelta(days=3, hours=17)


@given(moments)
def test_day_counted_deadlines_stay_within_an_hour_of_real_time(start: datetime) -> None:
    real = custody_end(start, extended=False) - start
    assert abs(real - timedelta(days=CUSTODY_DAYS)) <= timedelta(hours=1)
    real = examining_judge_deadline(start) - start
    assert abs(real - EXAMINING_JUDGE_WITHIN) <= timedelta(hours=1)


# -- urgency and display --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes_left", "expected"),
    [
        (24 * 60, Urgency.OK),
        (61, Urgency.OK),
        (60, Urgency.WARNING),
        (31, Urgency.WARNING),
        (30, Urgency.CRITICAL),
        (0, Urgency.CRITICAL),
        (-1, Urgency.EXPIRED),
    ],
)
def test_urgency(minutes_left: int, expected: Urgency) -> None:
    due = ams(2026, 1, 16, 13, 30)
    assert urgency(due, at=due - timedelta(minutes=minutes_left)) is expected


def test_urgency_just_after_the_deadline_is_expired() -> None:
    due = ams(2026, 1, 16, 13, 30)
    assert urgency(due, at=due + timedelta(microseconds=1)) is Urgency.EXPIRED
    assert urgency(due, at=due - timedelta(minutes=60, microseconds=1)) is Urgency.OK


def test_urgency_values_are_stable_strings() -> None:
    assert [u.value for u in Urgency] == ["ok", "warning", "critical", "expired"]


def test_time_left_uses_real_time_across_the_october_change() -> None:
    # Both in the same tzinfo: naive datetime subtraction would say 1 hour; really 2 hours pass.
    before, after = ams(2026, 10, 25, 2, 30, fold=0), ams(2026, 10, 25, 3, 30)
    assert time_left(after, at=before) == timedelta(hours=2)
    assert time_left(before, at=after) == timedelta(hours=-2)
    assert urgency(after, at=before) is Urgency.OK


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(hours=2, minutes=5), "2 u 05 min"),
        (timedelta(hours=2, minutes=5, seconds=59), "2 u 05 min"),
        (timedelta(hours=1), "1 u 00 min"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(minutes=59, seconds=59), "59 min"),
        (timedelta(seconds=59), "0 min"),
        (timedelta(0), "0 min"),
        (timedelta(hours=23, minutes=59), "23 u 59 min"),
        (timedelta(days=1), "1 d 0 u"),
        (timedelta(days=1, hours=3, minutes=40), "1 d 3 u"),
        (timedelta(days=3, hours=18), "3 d 18 u"),
        (timedelta(seconds=-1), "verlopen"),
        (timedelta(hours=-5), "verlopen"),
    ],
)
def test_format_time_left(delta: timedelta, expected: str) -> None:
    with translation.override("nl"):
        assert format_time_left(delta) == expected


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(hours=2, minutes=5), "2 h 05 min"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(days=1, hours=3, minutes=40), "1 d 3 h"),
        (timedelta(seconds=-1), "expired"),
    ],
)
def test_format_time_left_reads_in_the_active_language(delta: timedelta, expected: str) -> None:
    with translation.override("en"):
        assert format_time_left(delta) == expected


# --- Art. 56b Sv: once 6 more hours to establish identity ----------------------------------------------------


def test_the_identity_extension_is_six_more_counted_hours() -> None:
    assert IDENTITY_EXTENSION_HOURS == 6
    assert holding_period(pretrial_detention_allowed=False, identity_extended=True) == timedelta(hours=12)
    # Ordered 15:00: 6 hours end at 21:00; extended, 3 more before midnight and 3 from 09:00 the next day.
    start = ams(2026, 1, 15, 15, 0)
    assert wall(holding_deadline(start, pretrial_detention_allowed=False)) == (2026, 1, 15, 21, 0)
    assert wall(holding_deadline(start, pretrial_detention_allowed=False, identity_extended=True)) == (
        2026, 1, 16, 12, 0)  # fmt: skip


def test_the_identity_extension_is_not_for_a_pre_trial_detention_offence() -> None:
    with pytest.raises(ValueError, match="56b"):
        holding_period(pretrial_detention_allowed=True, identity_extended=True)


@given(
    start=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(AMSTERDAM))
)
def test_an_extended_holding_counts_exactly_twelve_hours(start: datetime) -> None:
    end = holding_deadline(start, pretrial_detention_allowed=False, identity_extended=True)
    assert counted_hours_between(start, end) == timedelta(hours=12)
    assert end >= holding_deadline(start, pretrial_detention_allowed=False)
