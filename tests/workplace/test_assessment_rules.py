"""The RISc-light derivation at its edges: risk sum, problem level, the approach matrix, score validation."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zsm.workplace import assessment as rules
from zsm.workplace.constants import RISK_AREAS, Approach, LifeArea, ProblemLevel, RiskLevel

AREAS = tuple(LifeArea.values)
RISK = tuple(sorted(RISK_AREAS))
NEED = tuple(sorted(set(AREAS) - set(RISK_AREAS)))
RISK_ORDER = [RiskLevel.LOW, RiskLevel.HIGH]
PROBLEM_ORDER = [ProblemLevel.FEW, ProblemLevel.MANY]

scores_strategy = st.fixed_dictionaries({area: st.integers(0, 2) for area in AREAS})


def zeros(**overrides: int) -> dict[str, int]:
    return dict.fromkeys(AREAS, 0) | overrides


def with_risk_sum(total: int) -> dict[str, int]:
    """Spread a risk sum (0–8) over the four risk areas; the need areas stay 0."""
    scores = zeros()
    for area in RISK:
        scores[area] = min(2, total)
        total -= scores[area]
    assert total == 0
    return scores


def oracle(scores: dict[str, int]) -> tuple[str, str, str]:
    """The documented rules written out independently (constants.py and seed 001 §6.3)."""
    risk_sum = sum(scores[a] for a in RISK)
    high_risk = risk_sum >= 4
    serious = [a for a in NEED if scores[a] == 2]
    present = [a for a in NEED if scores[a] >= 1]
    many_problems = len(serious) >= 2 or len(present) >= 4
    if high_risk and many_problems:
        approach = Approach.RISK_AND_CARE  # both → both
    elif high_risk:
        approach = Approach.RISK_MANAGEMENT
    elif many_problems:
        approach = Approach.VOLUNTARY_CARE  # low risk, but problems: no heavy legal frame
    else:
        approach = Approach.NOTHING
    return (
        RiskLevel.HIGH if high_risk else RiskLevel.LOW,
        ProblemLevel.MANY if many_problems else ProblemLevel.FEW,
        approach,
    )


def test_the_areas_split_into_four_risk_and_seven_need_areas() -> None:
    assert len(RISK) == 4
    assert len(NEED) == 7
    assert set(rules.NEED_AREAS) == set(NEED)


# --- the approach matrix over every combination ----------------------------------------------


@given(scores_strategy)
def test_every_score_combination_maps_to_exactly_one_known_approach(scores: dict[str, int]) -> None:
    outcome = rules.derive(scores)
    assert outcome.risk_level in RiskLevel.values
    assert outcome.problem_level in ProblemLevel.values
    assert [a for a in Approach.values if a == outcome.approach] == [outcome.approach]
    assert (outcome.risk_level, outcome.problem_level, outcome.approach) == oracle(scores)


@given(scores_strategy)
def test_high_risk_always_brings_a_risk_management_plan(scores: dict[str, int]) -> None:
    outcome = rules.derive(scores)
    plans_risk = outcome.approach in (Approach.RISK_MANAGEMENT, Approach.RISK_AND_CARE)
    assert (outcome.risk_level == RiskLevel.HIGH) == plans_risk


@given(scores_strategy)
def test_many_problems_always_bring_a_care_and_guidance_plan(scores: dict[str, int]) -> None:
    outcome = rules.derive(scores)
    plans_care = outcome.approach in (Approach.RISK_AND_CARE, Approach.VOLUNTARY_CARE)
    assert (outcome.problem_level == ProblemLevel.MANY) == plans_care


@given(scores_strategy)
def test_low_risk_never_gets_a_heavy_legal_frame(scores: dict[str, int]) -> None:
    outcome = rules.derive(scores)
    if outcome.risk_level == RiskLevel.LOW:
        assert outcome.approach in (Approach.VOLUNTARY_CARE, Approach.NOTHING)


@given(scores_strategy, st.sampled_from(AREAS))
def test_raising_a_score_never_lowers_a_level(scores: dict[str, int], area: str) -> None:
    if scores[area] == 2:
        return
    before = rules.derive(scores)
    after = rules.derive(scores | {area: scores[area] + 1})
    assert RISK_ORDER.index(after.risk_level) >= RISK_ORDER.index(before.risk_level)
    assert PROBLEM_ORDER.index(after.problem_level) >= PROBLEM_ORDER.index(before.problem_level)
    if area in NEED:  # a need area never moves the risk level
        assert after.risk_level == before.risk_level
    else:  # a risk area never moves the problem level
        assert after.problem_level == before.problem_level


@given(scores_strategy)
def test_extra_keys_do_not_change_the_outcome(scores: dict[str, int]) -> None:
    assert rules.derive(scores | {"unknown_area": 2}) == rules.derive(scores)


def test_all_zero_is_nothing_to_do() -> None:
    assert rules.derive(zeros()) == rules.Outcome(RiskLevel.LOW, ProblemLevel.FEW, Approach.NOTHING)


def test_all_two_is_both_plans() -> None:
    outcome = rules.derive(dict.fromkeys(AREAS, 2))
    assert outcome == rules.Outcome(RiskLevel.HIGH, ProblemLevel.MANY, Approach.RISK_AND_CARE)


# --- the risk sum at 3/4 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (0, RiskLevel.LOW),
        (1, RiskLevel.LOW),
        (2, RiskLevel.LOW),
        (3, RiskLevel.LOW),
        (4, RiskLevel.HIGH),
        (5, RiskLevel.HIGH),
        (8, RiskLevel.HIGH),
    ],
)
def test_risk_level_boundaries(total: int, expected: str) -> None:
    assert rules.risk_level(with_risk_sum(total)) == expected


@given(st.fixed_dictionaries({area: st.integers(0, 2) for area in RISK}), st.sampled_from(NEED))
def test_need_areas_never_count_towards_the_risk_sum(risk_scores: dict[str, int], need_area: str) -> None:
    low_needs = zeros() | risk_scores
    assert rules.risk_level(low_needs | dict.fromkeys(NEED, 2)) == rules.risk_level(low_needs)


@pytest.mark.parametrize(
    ("total", "approach"),
    [(3, Approach.NOTHING), (4, Approach.RISK_MANAGEMENT)],
)
def test_risk_alone(total: int, approach: str) -> None:
    assert rules.derive(with_risk_sum(total)).approach == approach


def test_high_risk_and_many_problems_bring_both_plans() -> None:
    assert rules.derive(with_risk_sum(4) | dict.fromkeys(NEED, 2)).approach == Approach.RISK_AND_CARE
    assert rules.derive(with_risk_sum(3) | dict.fromkeys(NEED, 2)).approach == Approach.VOLUNTARY_CARE


# --- problem level thresholds -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("need_scores", "expected"),
    [
        ([], ProblemLevel.FEW),
        ([2], ProblemLevel.FEW),  # one serious area
        ([2, 2], ProblemLevel.MANY),  # two serious areas
        ([1, 1, 1], ProblemLevel.FEW),  # three present
        ([1, 1, 1, 1], ProblemLevel.MANY),  # four present
        ([2, 1, 1], ProblemLevel.FEW),  # one serious, three present
        ([2, 1, 1, 1], ProblemLevel.MANY),  # one serious, four present
        ([1, 1, 1, 1, 1, 1, 1], ProblemLevel.MANY),
    ],
)
def test_problem_level_thresholds(need_scores: list[int], expected: str) -> None:
    scores = zeros() | dict(zip(NEED, need_scores, strict=False))
    assert rules.problem_level(scores) == expected


def test_risk_areas_never_count_as_problems() -> None:
    scores = zeros() | dict.fromkeys(RISK, 2)
    assert rules.problem_level(scores) == ProblemLevel.FEW


def test_low_risk_with_one_problem_is_still_few_problems_and_nothing_to_do() -> None:
    assert rules.derive(zeros(**{NEED[0]: 2})).approach == Approach.NOTHING


@pytest.mark.parametrize(
    ("risk", "problems", "expected"),
    [
        (RiskLevel.HIGH, ProblemLevel.MANY, Approach.RISK_AND_CARE),
        (RiskLevel.HIGH, ProblemLevel.FEW, Approach.RISK_MANAGEMENT),
        (RiskLevel.LOW, ProblemLevel.MANY, Approach.VOLUNTARY_CARE),
        (RiskLevel.LOW, ProblemLevel.FEW, Approach.NOTHING),
    ],
)
def test_the_approach_matrix_cell_by_cell(risk: str, problems: str, expected: str) -> None:
    assert rules.approach(risk=risk, problems=problems) == expected


def test_the_matrix_shows_both_axes_with_the_outcome_marked() -> None:
    outcome = rules.derive(with_risk_sum(4))
    cells = [cell for row in rules.matrix(outcome) for cell in row]
    assert {(c.risk, c.problems) for c in cells} == {(r, p) for r in RiskLevel.values for p in ProblemLevel.values}
    assert [(c.risk, c.problems) for c in cells if c.current] == [(RiskLevel.HIGH, ProblemLevel.FEW)]
    assert {c.approach for c in cells} == set(Approach.values)


# --- score validation -------------------------------------------------------------------------


@given(scores_strategy)
def test_valid_scores_have_no_errors(scores: dict[str, int]) -> None:
    assert rules.score_errors(scores) == []


@pytest.mark.parametrize("bad", [3, -1, True, False, "1", 1.0, None, [1]])
@pytest.mark.parametrize("area", [LifeArea.OFFENCE_HISTORY, LifeArea.ALCOHOL])
def test_an_invalid_score_names_exactly_that_area(area: str, bad: Any) -> None:
    assert rules.score_errors(zeros() | {area: bad}) == [area]


def test_a_missing_area_is_named() -> None:
    scores = zeros()
    del scores[LifeArea.HOUSING]
    assert rules.score_errors(scores) == [LifeArea.HOUSING]


def test_empty_scores_name_every_area() -> None:
    assert rules.score_errors({}) == list(AREAS)


def test_extra_keys_are_not_errors() -> None:
    assert rules.score_errors(zeros() | {"gambling": 9}) == []
