"""Whether the OM adopted the advice, read off its decision (docs/legal-rules.md W3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zsm.decisions.constants import Disposal
from zsm.workplace.adoption import Outcome, Recommendation, response_for
from zsm.workplace.constants import ADVISABLE_DISPOSALS, AdviceResponse

ADVICE = Recommendation("conditional_dismissal", intervention_id=3, conditions="BORG voor moeder en zoon")


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (Outcome("conditional_dismissal", 3, "BORG, aangepast"), AdviceResponse.ADOPTED),
        (Outcome("conditional_dismissal", 3, ""), AdviceResponse.ADOPTED),  # the intervention is the condition
        (Outcome("conditional_dismissal", None, "BORG"), AdviceResponse.PARTLY),  # without the intervention
        (Outcome("conditional_dismissal", 4, "BORG"), AdviceResponse.PARTLY),  # another intervention
        (Outcome("strafbeschikking", 3, "BORG"), AdviceResponse.NOT_ADOPTED),
        (Outcome("summons", None, ""), AdviceResponse.NOT_ADOPTED),
        (Outcome("refer_to_werkplaats", None, ""), None),  # the OM still waits for the advice
    ],
)
def test_the_answer_per_decision(decision: Outcome, expected: str | None) -> None:
    assert response_for(ADVICE, decision) == expected


def test_advised_conditions_left_out_make_it_partly() -> None:
    advice = Recommendation("conditional_dismissal", None, "Meewerken aan schuldhulp")
    assert response_for(advice, Outcome("conditional_dismissal", None, "")) == AdviceResponse.PARTLY
    assert response_for(advice, Outcome("conditional_dismissal", None, "Schuldhulp")) == AdviceResponse.ADOPTED


@given(
    advised=st.sampled_from(sorted(ADVISABLE_DISPOSALS)),
    decided=st.sampled_from([d for d in Disposal.values if d != Disposal.REFER_TO_WERKPLAATS]),
    intervention=st.one_of(st.none(), st.integers(1, 3)),
)
def test_another_disposal_is_never_adopted(advised: str, decided: str, intervention: int | None) -> None:
    answer = response_for(Recommendation(advised, intervention, "x"), Outcome(decided, intervention, "x"))
    assert (answer == AdviceResponse.NOT_ADOPTED) == (advised != decided)
