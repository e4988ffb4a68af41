"""The legal caps on a disposal (docs/legal-rules.md), each at its edges.

The facts of a case come in as `CaseFacts`, so every rule is tested without a database: ages on the day of the
offence at 11/12/17/18, the six-year edge of art. 257a Sv, 180/181 hours, the Halt designation per offence.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zsm.cases.catalogue import CATALOGUE, entry_for
from zsm.cases.constants import HaltDesignation, OffenceKind
from zsm.decisions.caps import (
    CaseFacts,
    DecisionInput,
    OffenceFacts,
    decision_errors,
    decision_warnings,
    hearing_required,
    summons_types_allowed,
)
from zsm.decisions.constants import Disposal, SummonsType
from zsm.decisions.dismissal_grounds import GroundKind

INSULT = OffenceFacts("266 Sr", Decimal("0.25"))
ADULT_AGE = 30
GROUNDS = {"01": GroundKind.TECHNICAL, "02": GroundKind.TECHNICAL, "58": GroundKind.POLICY}
# A Monday (2 March 2026), a working day.
APPOINTMENT = {
    "appointment_at": datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    "appointment_place": "Reclassering Utrecht",
    "appointment_with": "R. Reclassering",
}
APPOINTMENT_FIELDS = set(APPOINTMENT)
HEARD = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def of(code: str) -> OffenceFacts:
    entry = entry_for(code)
    assert entry is not None, code
    return OffenceFacts(entry.code, entry.max_penalty_years, entry.kind, entry.halt)


def facts(*offences: OffenceFacts, age: int = ADULT_AGE) -> CaseFacts:
    return CaseFacts(suspect_age=age, offences=offences or (INSULT,))


def errors(data: DecisionInput, *, case: CaseFacts | None = None, age: int = ADULT_AGE) -> dict[str, list[str]]:
    return decision_errors(data, facts=case or facts(age=age), grounds=GROUNDS)


def with_maxima(*years: str) -> CaseFacts:
    return facts(*(OffenceFacts(f"{n} Sr", Decimal(y)) for n, y in enumerate(years)))


# --- Art. 486 Sv: under 12 only a technical dismissal -----------------------------------------------

ANY_DECISION = {
    Disposal.TECHNICAL_DISMISSAL: {"dismissal_code": "02"},
    Disposal.POLICY_DISMISSAL: {"dismissal_code": "58"},
    Disposal.CONDITIONAL_DISMISSAL: {"probation_period_months": 6},
    Disposal.STRAFBESCHIKKING: {"fine_amount": Decimal(200)},
    Disposal.SUMMONS: {"summons_type": SummonsType.JUVENILE_JUDGE},
    Disposal.HALT: {"halt_hours": 8},
    Disposal.REFER_TO_WERKPLAATS: APPOINTMENT,
}


@given(age=st.integers(min_value=0, max_value=20), disposal=st.sampled_from(list(ANY_DECISION)))
def test_under_twelve_nothing_but_a_technical_dismissal(age: int, disposal: str) -> None:
    found = errors(DecisionInput(disposal=disposal, **ANY_DECISION[disposal]), case=facts(of("350 Sr"), age=age))
    refused_for_age = any("art. 486 Sv" in message for message in found.get("disposal", []))
    assert refused_for_age == (age < 12 and disposal != Disposal.TECHNICAL_DISMISSAL)


@pytest.mark.parametrize(("age", "refused"), [(10, True), (11, True), (12, False)])
def test_a_fine_for_a_child_edges(age: int, refused: bool) -> None:
    found = errors(DecisionInput(disposal=Disposal.STRAFBESCHIKKING, fine_amount=Decimal(50)), age=age)
    assert ("disposal" in found) == refused


def test_a_technical_dismissal_for_a_child_under_twelve_is_lawful() -> None:
    assert errors(DecisionInput(disposal=Disposal.TECHNICAL_DISMISSAL, dismissal_code="02"), age=10) == {}


# --- Art. 257a Sv: the strafbeschikking -------------------------------------------------------------


@given(hours=st.integers(min_value=0, max_value=400))
def test_community_service_at_most_180_hours_for_an_adult(hours: int) -> None:
    data = DecisionInput(
        disposal=Disposal.STRAFBESCHIKKING, community_service_hours=hours, om_hearing_at=HEARD, fine_amount=Decimal(1)
    )
    assert ("community_service_hours" not in errors(data)) == (1 <= hours <= 180)  # 0 hours is no sentence


@pytest.mark.parametrize(("hours", "allowed"), [(180, True), (181, False)])
def test_the_180_hour_edge(hours: int, allowed: bool) -> None:
    data = DecisionInput(disposal=Disposal.STRAFBESCHIKKING, community_service_hours=hours, om_hearing_at=HEARD)
    assert (errors(data) == {}) == allowed


@pytest.mark.parametrize(("age", "hours", "allowed"), [(17, 60, True), (17, 61, False), (18, 61, True)])
def test_a_minor_gets_at_most_60_hours_by_strafbeschikking(age: int, hours: int, allowed: bool) -> None:
    data = DecisionInput(disposal=Disposal.STRAFBESCHIKKING, community_service_hours=hours, om_hearing_at=HEARD)
    assert ("community_service_hours" not in errors(data, age=age)) == allowed


@given(months=st.integers(min_value=0, max_value=60))
def test_driving_ban_at_most_six_months(months: int) -> None:
    data = DecisionInput(
        disposal=Disposal.STRAFBESCHIKKING, fine_amount=Decimal(100), driving_ban_months=months, om_hearing_at=HEARD
    )
    assert ("driving_ban_months" not in errors(data)) == (1 <= months <= 6)


@given(months=st.integers(min_value=1, max_value=60))
def test_behavioural_instruction_at_most_twelve_months(months: int) -> None:
    data = DecisionInput(
        disposal=Disposal.STRAFBESCHIKKING,
        behavioural_instruction="Contactverbod",
        instruction_period_months=months,
        om_hearing_at=HEARD,
    )
    assert ("instruction_period_months" not in errors(data)) == (months <= 12)


def test_a_behavioural_instruction_needs_a_period() -> None:
    data = DecisionInput(
        disposal=Disposal.STRAFBESCHIKKING, behavioural_instruction="Contactverbod", om_hearing_at=HEARD
    )
    assert "instruction_period_months" in errors(data)


@given(
    maxima=st.lists(
        st.decimals(min_value=0, max_value=30, places=2, allow_nan=False, allow_infinity=False), min_size=1, max_size=4
    )
)
def test_a_strafbeschikking_only_when_every_crime_is_at_most_six_years(maxima: list[Decimal]) -> None:
    data = DecisionInput(disposal=Disposal.STRAFBESCHIKKING, fine_amount=Decimal(250))
    assert ("disposal" in errors(data, case=with_maxima(*map(str, maxima)))) == any(m > 6 for m in maxima)


@pytest.mark.parametrize(("years", "possible"), [("6", True), ("6.00", True), ("6.01", False), ("12", False)])
def test_the_six_year_edge(years: str, possible: bool) -> None:
    data = DecisionInput(disposal=Disposal.STRAFBESCHIKKING, fine_amount=Decimal(250))
    assert ("disposal" not in errors(data, case=with_maxima("2", years))) == possible


def test_overtredingen_always_fit_a_strafbeschikking() -> None:
    data = DecisionInput(disposal=Disposal.STRAFBESCHIKKING, fine_amount=Decimal(100))
    assert errors(data, case=facts(of("453 Sr"), of("461 Sr"))) == {}


def test_a_strafbeschikking_needs_a_punishment() -> None:
    assert "disposal" in errors(DecisionInput(disposal=Disposal.STRAFBESCHIKKING))


# --- Art. 257c Sv: the OM hearing belongs to the strafbeschikking -----------------------------------


@pytest.mark.parametrize(
    ("values", "required"),
    [
        ({"fine_amount": Decimal(2000)}, False),
        ({"fine_amount": Decimal("2000.01")}, True),
        ({"fine_amount": Decimal(1500), "compensation_amount": Decimal("500.01")}, True),
        ({"community_service_hours": 10}, True),
        ({"driving_ban_months": 1, "fine_amount": Decimal(300)}, True),
        ({"behavioural_instruction": "Contactverbod", "instruction_period_months": 3}, True),
    ],
)
def test_the_hearing_is_required_for_what_art_257c_names(values: dict[str, Any], required: bool) -> None:
    data = DecisionInput(disposal=Disposal.STRAFBESCHIKKING, **values)
    assert hearing_required(data) == required
    assert ("om_hearing_at" in errors(data)) == required
    assert "om_hearing_at" not in errors(
        DecisionInput(disposal=Disposal.STRAFBESCHIKKING, om_hearing_at=HEARD, **values)
    )


def test_an_om_session_is_not_a_summons() -> None:
    found = errors(DecisionInput(disposal=Disposal.SUMMONS, summons_type=SummonsType.TOM_SESSION))
    assert "art. 257c Sv" in found["summons_type"][0]


# --- Which judge: art. 495, 488 lid 2 and 382 Sv ------------------------------------------------------


@given(age=st.integers(min_value=12, max_value=40), summons=st.sampled_from(SummonsType.values))
def test_a_summons_fits_the_age_on_the_day_of_the_offence(age: int, summons: str) -> None:
    found = errors(DecisionInput(disposal=Disposal.SUMMONS, summons_type=summons), case=facts(of("310 Sr"), age=age))
    juvenile = summons in (SummonsType.JUVENILE_JUDGE, SummonsType.JUVENILE_FULL_COURT)
    adult = summons in (
        SummonsType.POLICE_JUDGE,
        SummonsType.SNELRECHT,
        SummonsType.SUPERSNELRECHT,
        SummonsType.FULL_COURT,
    )
    lawful = (juvenile and age < 18) or (adult and age >= 18)
    assert ("summons_type" not in found) == lawful


@pytest.mark.parametrize(
    ("age", "summons", "allowed"),
    [
        (17, SummonsType.POLICE_JUDGE, False),
        (17, SummonsType.JUVENILE_JUDGE, True),
        (18, SummonsType.JUVENILE_JUDGE, False),
        (18, SummonsType.POLICE_JUDGE, True),
    ],
)
def test_the_kinderrechter_edge(age: int, summons: str, allowed: bool) -> None:
    found = errors(DecisionInput(disposal=Disposal.SUMMONS, summons_type=summons), case=facts(of("350 Sr"), age=age))
    assert ("summons_type" not in found) == allowed


@pytest.mark.parametrize("age", [15, 30])
def test_overtredingen_alone_go_to_the_kantonrechter(age: int) -> None:
    only_infractions = facts(of("453 Sr"), age=age)
    assert summons_types_allowed(only_infractions) == {SummonsType.KANTONRECHTER}
    assert errors(DecisionInput(disposal=Disposal.SUMMONS, summons_type="kantonrechter"), case=only_infractions) == {}
    mixed = facts(of("453 Sr"), of("350 Sr"), age=age)
    assert SummonsType.KANTONRECHTER not in summons_types_allowed(mixed)
    assert (
        "art. 382 Sv"
        in errors(DecisionInput(disposal=Disposal.SUMMONS, summons_type="kantonrechter"), case=mixed)["summons_type"][0]
    )


# --- Halt: art. 77e Sr and the Besluit aanwijzing Halt-feiten ------------------------------------------


@given(age=st.integers(min_value=0, max_value=100))
def test_halt_only_for_ages_12_to_17(age: int) -> None:
    data = DecisionInput(disposal=Disposal.HALT, halt_hours=10)
    assert ("disposal" not in errors(data, case=facts(of("310 Sr"), age=age))) == (12 <= age <= 17)


@pytest.mark.parametrize(("age", "allowed"), [(11, False), (12, True), (17, True), (18, False)])
def test_the_halt_age_edges(age: int, allowed: bool) -> None:
    data = DecisionInput(disposal=Disposal.HALT, halt_hours=10)
    assert (errors(data, case=facts(of("310 Sr"), age=age)) == {}) == allowed


@given(hours=st.integers(min_value=1, max_value=60))
def test_halt_at_most_20_hours(hours: int) -> None:
    found = errors(DecisionInput(disposal=Disposal.HALT, halt_hours=hours), case=facts(of("350 Sr"), age=15))
    assert ("halt_hours" not in found) == (hours <= 20)


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.code)
def test_halt_follows_the_designation_of_each_catalogue_offence(entry: Any) -> None:
    case = facts(of(entry.code), age=16)
    plain = errors(DecisionInput(disposal=Disposal.HALT, halt_hours=8), case=case)
    consented = errors(DecisionInput(disposal=Disposal.HALT, halt_hours=8, halt_with_consent=True), case=case)
    assert (plain == {}) == (entry.halt == HaltDesignation.DESIGNATED)
    assert (consented == {}) == (entry.halt in (HaltDesignation.DESIGNATED, HaltDesignation.ON_CONSENT))


def test_halt_for_zware_mishandeling_is_refused_naming_the_besluit() -> None:
    found = errors(
        DecisionInput(disposal=Disposal.HALT, halt_hours=8, halt_with_consent=True),
        case=facts(of("302 lid 1 Sr"), age=15),
    )
    assert "Besluit aanwijzing Halt-feiten" in found["disposal"][0]
    assert "302 lid 1 Sr" in found["disposal"][0]


def test_one_offence_that_is_no_halt_offence_refuses_halt_for_the_case() -> None:
    found = errors(DecisionInput(disposal=Disposal.HALT, halt_hours=8), case=facts(of("310 Sr"), of("180 Sr"), age=15))
    assert "180 Sr" in found["disposal"][0]


def test_an_offence_outside_the_catalogue_is_no_halt_offence() -> None:
    other = OffenceFacts("999 Sr", Decimal(1), OffenceKind.MISDRIJF, HaltDesignation.NONE)
    assert "disposal" in errors(DecisionInput(disposal=Disposal.HALT, halt_hours=8), case=facts(other, age=15))


# --- Dismissal grounds ------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "kind"), list(GROUNDS.items()))
def test_a_dismissal_code_must_be_of_its_kind(code: str, kind: str) -> None:
    technical = errors(DecisionInput(disposal=Disposal.TECHNICAL_DISMISSAL, dismissal_code=code))
    policy = errors(DecisionInput(disposal=Disposal.POLICY_DISMISSAL, dismissal_code=code))
    assert ("dismissal_code" not in technical) == (kind == GroundKind.TECHNICAL)
    assert ("dismissal_code" not in policy) == (kind == GroundKind.POLICY)


@pytest.mark.parametrize("code", ["41", "03", "04", "99"])
def test_a_code_not_in_force_is_refused(code: str) -> None:
    found = errors(DecisionInput(disposal=Disposal.POLICY_DISMISSAL, dismissal_code=code))
    assert "Aanwijzing sepot en gebruik sepotgronden" in found["dismissal_code"][0]


@pytest.mark.parametrize("disposal", [Disposal.TECHNICAL_DISMISSAL, Disposal.POLICY_DISMISSAL])
def test_a_dismissal_needs_a_code(disposal: Disposal) -> None:
    assert "dismissal_code" in errors(DecisionInput(disposal=disposal))


# --- Conditional dismissal: a proeftijd of at most a year ---------------------------------------------


@given(months=st.integers(min_value=1, max_value=48))
def test_conditional_dismissal_probation_period_at_most_twelve_months(months: int) -> None:
    found = errors(DecisionInput(disposal=Disposal.CONDITIONAL_DISMISSAL, probation_period_months=months))
    assert ("probation_period_months" not in found) == (months <= 12)


def test_a_conditional_dismissal_needs_no_special_condition_but_warns_about_one() -> None:
    general = DecisionInput(disposal=Disposal.CONDITIONAL_DISMISSAL, probation_period_months=12)
    special = DecisionInput(disposal=Disposal.CONDITIONAL_DISMISSAL, probation_period_months=12, conditions="Wijkteam")
    assert errors(general) == {}
    assert decision_warnings(general) == {}
    assert errors(special) == {}
    assert "conditions" in decision_warnings(special)


# --- The follow-up appointment ------------------------------------------------------------------------

DECIDABLE = {
    Disposal.TECHNICAL_DISMISSAL: {"dismissal_code": "02"},
    Disposal.POLICY_DISMISSAL: {"dismissal_code": "58"},
    Disposal.CONDITIONAL_DISMISSAL: {"probation_period_months": 6},
    Disposal.STRAFBESCHIKKING: {
        "behavioural_instruction": "Meewerken aan reclasseringstoezicht",
        "instruction_period_months": 6,
        "om_hearing_at": HEARD,
    },
    Disposal.SUMMONS: {"summons_type": "police_judge"},
    Disposal.HALT: {"halt_hours": 8},
    Disposal.REFER_TO_WERKPLAATS: {},
}


@given(
    disposal=st.sampled_from(list(DECIDABLE)),
    probation=st.booleans(),
    intervention=st.booleans(),
    with_appointment=st.booleans(),
)
def test_an_appointment_is_required_iff_probation_carries_out_the_disposal(
    disposal: Disposal, probation: bool, intervention: bool, with_appointment: bool
) -> None:
    data = DecisionInput(
        disposal=disposal,
        probation_involved=probation,
        intervention_id=1 if intervention else None,
        **DECIDABLE[disposal],
        **(APPOINTMENT if with_appointment else {}),
    ).for_its_disposal()
    age = 15 if disposal == Disposal.HALT else ADULT_AGE
    case = facts(of("310 Sr"), age=age)
    found = decision_errors(data, facts=case, grounds=GROUNDS)
    carried_out = disposal == Disposal.REFER_TO_WERKPLAATS or (
        disposal in (Disposal.CONDITIONAL_DISMISSAL, Disposal.STRAFBESCHIKKING) and (probation or intervention)
    )
    missing = carried_out and not with_appointment
    assert data.involves_probation == carried_out
    assert (set(found) >= APPOINTMENT_FIELDS) == missing
    assert found == {} or missing


def test_do_not_hit_your_mother_needs_no_appointment() -> None:
    data = DecisionInput(
        disposal=Disposal.CONDITIONAL_DISMISSAL, probation_period_months=12, conditions="Niet slaan van moeder"
    )
    assert errors(data) == {}


def test_probation_supervision_in_a_strafbeschikking_is_a_behavioural_instruction() -> None:
    data = DecisionInput(
        disposal=Disposal.STRAFBESCHIKKING, fine_amount=Decimal(100), probation_involved=True, **APPOINTMENT
    )
    assert "art. 257a lid 3 sub e Sv" in errors(data)["behavioural_instruction"][0]


def test_each_appointment_field_is_required_on_its_own() -> None:
    for field in APPOINTMENT_FIELDS:
        values = {**APPOINTMENT, field: None if field == "appointment_at" else ""}
        found = errors(DecisionInput(disposal=Disposal.REFER_TO_WERKPLAATS, **values))  # type: ignore[arg-type]
        assert set(found) == {field}


@pytest.mark.parametrize(
    ("moment", "warned"),
    [
        (datetime(2026, 3, 2, 9, 0, tzinfo=UTC), False),  # Monday
        (datetime(2026, 3, 7, 10, 0, tzinfo=UTC), True),  # Saturday
        (datetime(2026, 3, 8, 10, 0, tzinfo=UTC), True),  # Sunday
        (datetime(2026, 4, 27, 10, 0, tzinfo=UTC), True),  # Koningsdag
        (datetime(2026, 12, 25, 10, 0, tzinfo=UTC), True),  # Eerste Kerstdag
        (datetime(2026, 3, 6, 22, 30, tzinfo=UTC), False),  # Friday 23:30 in Amsterdam
        (datetime(2026, 3, 6, 23, 30, tzinfo=UTC), True),  # Friday 23:30 UTC is already Saturday in Amsterdam
    ],
)
def test_an_appointment_on_a_day_off_is_a_warning_not_an_error(moment: datetime, warned: bool) -> None:
    data = DecisionInput(disposal=Disposal.REFER_TO_WERKPLAATS, **{**APPOINTMENT, "appointment_at": moment})
    assert errors(data) == {}
    assert ("appointment_at" in decision_warnings(data)) == warned


# --- The werkplaats and minors ------------------------------------------------------------------------


@pytest.mark.parametrize(("age", "allowed"), [(17, False), (18, True)])
def test_a_minor_is_not_referred_to_the_adult_werkplaats(age: int, allowed: bool) -> None:
    found = errors(DecisionInput(disposal=Disposal.REFER_TO_WERKPLAATS, **APPOINTMENT), age=age)
    assert (found == {}) == allowed


def test_an_unknown_disposal_is_refused() -> None:
    assert set(errors(DecisionInput(disposal="pardon"))) == {"disposal"}
