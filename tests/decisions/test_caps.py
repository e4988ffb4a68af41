"""The legal caps on a disposal (PRIMER §4), over their whole range."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zsm.decisions.caps import DecisionInput, decision_errors
from zsm.decisions.constants import TECHNICAL_CODES, DismissalCode, Disposal

LIGHT = [Decimal("0.25")]
ADULT_AGE = 30
APPOINTMENT = {
    "appointment_at": datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    "appointment_place": "Reclassering Utrecht",
    "appointment_with": "R. Reclassering",
}
APPOINTMENT_FIELDS = set(APPOINTMENT)


def errors(data: DecisionInput, *, maxima: list[Decimal] = LIGHT, age: int = ADULT_AGE) -> dict[str, list[str]]:
    return decision_errors(data, offence_max_penalties=maxima, suspect_age=age)


@given(hours=st.integers(min_value=0, max_value=400))
def test_community_service_at_most_180_hours(hours: int) -> None:
    data = DecisionInput(disposal=Disposal.STRAFBESCHIKKING, fine_amount=Decimal(100), community_service_hours=hours)
    assert ("community_service_hours" not in errors(data)) == (1 <= hours <= 180)  # 0 hours is no sentence


@given(months=st.integers(min_value=0, max_value=60))
def test_driving_ban_at_most_six_months(months: int) -> None:
    data = DecisionInput(disposal=Disposal.STRAFBESCHIKKING, fine_amount=Decimal(100), driving_ban_months=months)
    assert ("driving_ban_months" not in errors(data)) == (1 <= months <= 6)


@given(months=st.integers(min_value=1, max_value=60))
def test_behavioural_instruction_at_most_twelve_months(months: int) -> None:
    data = DecisionInput(
        disposal=Disposal.STRAFBESCHIKKING, behavioural_instruction="Contactverbod", instruction_period_months=months
    )
    assert ("instruction_period_months" not in errors(data)) == (months <= 12)


def test_a_behavioural_instruction_needs_a_period() -> None:
    data = DecisionInput(disposal=Disposal.STRAFBESCHIKKING, behavioural_instruction="Contactverbod")
    assert "instruction_period_months" in errors(data)


@given(
    maxima=st.lists(
        st.decimals(min_value=0, max_value=30, places=2, allow_nan=False, allow_infinity=False), min_size=1, max_size=4
    )
)
def test_a_strafbeschikking_only_when_every_offence_is_at_most_six_years(maxima: list[Decimal]) -> None:
    data = DecisionInput(disposal=Disposal.STRAFBESCHIKKING, fine_amount=Decimal(250))
    assert ("disposal" in errors(data, maxima=maxima)) == any(m > 6 for m in maxima)


@pytest.mark.parametrize(("years", "possible"), [("6", True), ("6.00", True), ("6.01", False), ("12", False)])
def test_the_six_year_edge(years: str, possible: bool) -> None:
    data = DecisionInput(disposal=Disposal.STRAFBESCHIKKING, fine_amount=Decimal(250))
    assert ("disposal" not in errors(data, maxima=[Decimal("2"), Decimal(years)])) == possible


def test_a_strafbeschikking_needs_a_punishment() -> None:
    assert "disposal" in errors(DecisionInput(disposal=Disposal.STRAFBESCHIKKING))


@given(age=st.integers(min_value=0, max_value=100))
def test_halt_only_for_ages_12_to_17(age: int) -> None:
    data = DecisionInput(disposal=Disposal.HALT, halt_hours=10)
    assert ("disposal" not in errors(data, age=age)) == (12 <= age <= 17)


@pytest.mark.parametrize(("age", "allowed"), [(11, False), (12, True), (17, True), (18, False)])
def test_the_halt_age_edges(age: int, allowed: bool) -> None:
    assert (errors(DecisionInput(disposal=Disposal.HALT, halt_hours=10), age=age) == {}) == allowed


@given(hours=st.integers(min_value=1, max_value=60))
def test_halt_at_most_20_hours(hours: int) -> None:
    assert ("halt_hours" not in errors(DecisionInput(disposal=Disposal.HALT, halt_hours=hours), age=15)) == (
        hours <= 20
    )


DECIDABLE = {
    Disposal.TECHNICAL_DISMISSAL: {"dismissal_code": "02"},
    Disposal.POLICY_DISMISSAL: {"dismissal_code": "41"},
    Disposal.CONDITIONAL_DISMISSAL: {"conditions": "Begeleiding wijkteam", "probation_period_months": 6},
    Disposal.STRAFBESCHIKKING: {"fine_amount": Decimal(200)},
    Disposal.SUMMONS: {"summons_type": "police_judge"},
    Disposal.HALT: {"halt_hours": 8},
    Disposal.REFER_TO_WERKPLAATS: {},
}


@given(
    disposal=st.sampled_from(list(DECIDABLE)),
    probation=st.booleans(),
    with_appointment=st.booleans(),
)
def test_an_appointment_is_required_iff_probation_is_involved(
    disposal: Disposal, probation: bool, with_appointment: bool
) -> None:
    values = {**DECIDABLE[disposal], **(APPOINTMENT if with_appointment else {})}
    found = errors(DecisionInput(disposal=disposal, probation_involved=probation, **values), age=15)
    involved = probation or disposal in (Disposal.CONDITIONAL_DISMISSAL, Disposal.REFER_TO_WERKPLAATS)
    missing = involved and not with_appointment
    assert (set(found) >= APPOINTMENT_FIELDS) == missing
    assert found == {} or missing


def test_each_appointment_field_is_required_on_its_own() -> None:
    for field in APPOINTMENT_FIELDS:
        values = {**APPOINTMENT, field: None if field == "appointment_at" else ""}
        found = errors(DecisionInput(disposal=Disposal.REFER_TO_WERKPLAATS, **values))  # type: ignore[arg-type]
        assert set(found) == {field}


@given(code=st.sampled_from(DismissalCode.values))
def test_technical_codes_are_0x_and_policy_codes_4x(code: str) -> None:
    technical = errors(DecisionInput(disposal=Disposal.TECHNICAL_DISMISSAL, dismissal_code=code))
    policy = errors(DecisionInput(disposal=Disposal.POLICY_DISMISSAL, dismissal_code=code))
    assert ("dismissal_code" not in technical) == code.startswith("0")
    assert ("dismissal_code" not in policy) == code.startswith("4")
    assert (code in TECHNICAL_CODES) == code.startswith("0")


@pytest.mark.parametrize("disposal", [Disposal.TECHNICAL_DISMISSAL, Disposal.POLICY_DISMISSAL])
def test_a_dismissal_needs_a_code(disposal: Disposal) -> None:
    assert "dismissal_code" in errors(DecisionInput(disposal=disposal))


def test_an_unknown_disposal_is_refused() -> None:
    assert set(errors(DecisionInput(disposal="pardon"))) == {"disposal"}
