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
RISK_ORDER = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH]
PROBLEM_ORDER = [ProblemLevel.FEW, ProblemLevel.MANY]
APPROACH_ORDER = [Approach.NOTHING, Approach.GUIDANCE_AND_REFERRAL, Approach.CARE_PLAN, Approach.RISK_MANAGEMENT]

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
    """The documented rules written out independently (constants.py and PRIMER §2)."""
    risk_sum = sum(scores[a] for a in RISK)
    risk = RiskLevel.LOW if risk_sum <= 2 else RiskLevel.MEDIUM if risk_sum <= 5 else RiskLevel.HIGH
    serious = [a for a in NEED if scores[a] == 2]
    present = [a for a in NEED if scores[a] >= 1]
    problems = ProblemLevel.MANY if len(serious) >= 2 or len(present) >= 4 else ProblemLevel.FEW
    if risk == RiskLevel.HIGH:
        approach = Approach.RISK_MANAGEMENT
    elif problems == ProblemLevel.MANY:
        approach = Approach.CARE_PLAN
    elif risk == RiskLevel.MEDIUM or present:
        approach = Approach.GUIDANCE_AND_REFERRAL
    else:
        approach = Approach.NOTHING
    return risk, problems, approach


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
def test_high_risk_always_means_risk_management(scores: dict[str, int]) -> None:
    outcome = rules.derive(scores)
    assert (outcome.risk_level == RiskLevel.HIGH) == (outcome.approach == Approach.RISK_MANAGEMENT)


@given(scores_strategy, st.sampled_from(AREAS))
def test_raising_a_score_never_lowers_a_level_or_the_approach(scores: dict[str, int], area: str) -> None:
    if scores[area] == 2:
        return
    before = rules.derive(scores)
    after = rules.derive(scores | {area: scores[area] + 1})
    assert RISK_ORDER.index(after.risk_level) >= RISK_ORDER.index(before.risk_level)
    assert PROBLEM_ORDER.index(after.problem_level) >= PROBLEM_ORDER.index(before.problem_level)
    assert APPROACH_ORDER.index(after.approach) >= APPROACH_ORDER.index(before.approach)
    if area in NEED:  # a need area never moves the risk level
        assert after.risk_level == before.risk_level
    else:  # a risk area never moves the problem level
        assert after.problem_level == before.problem_level


@given(scores_strategy)
def test_extra_keys_do_not_change_the_outcome(scores: dict[str, int]) -> None:
    assert rules.derive(scores | {"unknown_area": 2}) == rules.derive(scores)


def test_all_zero_is_nothing_to_do() -> None:
    assert rules.derive(zeros()) == rules.Outcome(RiskLevel.LOW, ProblemLevel.FEW, Approach.NOTHING)


def test_all_two_is_risk_management() -> None:
    outcome = rules.derive(dict.fromkeys(AREAS, 2))
    assert outcome == rules.Outcome(RiskLevel.HIGH, ProblemLevel.MANY, Approach.RISK_MANAGEMENT)


# --- the risk sum at 2/3 and 5/6 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (0, RiskLevel.LOW),
        (1, RiskLevel.LOW),
        (2, RiskLevel.LOW),
        (3, RiskLevel.MEDIUM),
        (4, RiskLevel.MEDIUM),
        (5, RiskLevel.MEDIUM),
        (6, RiskLevel.HIGH),
        (7, RiskLevel.HIGH),
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
    [(2, Approach.NOTHING), (3, Approach.GUIDANCE_AND_REFERRAL), (5, Approach.GUIDANCE_AND_REFERRAL)],
)
def test_risk_alone_below_high(total: int, approach: str) -> None:
    assert rules.derive(with_risk_sum(total)).approach == approach


def test_risk_six_beats_many_problems() -> None:
    scores = with_risk_sum(6) | dict.fromkeys(NEED, 2)
    assert rules.derive(scores).approach == Approach.RISK_MANAGEMENT
    assert rules.derive(with_risk_sum(5) | dict.fromkeys(NEED, 2)).approach == Approach.CARE_PLAN


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


def test_one_need_area_at_one_is_guidance() -> None:
    assert rules.derive(zeros(**{NEED[0]: 1})).approach == Approach.GUIDANCE_AND_REFERRAL


@pytest.mark.parametrize(
    ("risk", "problems", "any_problem", "expected"),
    [
        (RiskLevel.HIGH, ProblemLevel.FEW, False, Approach.RISK_MANAGEMENT),
        (RiskLevel.HIGH, ProblemLevel.MANY, True, Approach.RISK_MANAGEMENT),
        (RiskLevel.MEDIUM, ProblemLevel.MANY, True, Approach.CARE_PLAN),
        (RiskLevel.LOW, ProblemLevel.MANY, True, Approach.CARE_PLAN),
        (RiskLevel.MEDIUM, ProblemLevel.FEW, False, Approach.GUIDANCE_AND_REFERRAL),
        (RiskLevel.LOW, ProblemLevel.FEW, True, Approach.GUIDANCE_AND_REFERRAL),
        (RiskLevel.LOW, ProblemLevel.FEW, False, Approach.NOTHING),
    ],
)
def test_the_approach_matrix(risk: str, problems: str, any_problem: bool, expected: str) -> None:
    assert rules.approach(risk=risk, problems=problems, any_problem=any_problem) == expected


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
