from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from zsm.common.validators import BSN_WEIGHTS, bsn_is_valid, parketnummer_normalise, validate_bsn

digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


def check_digit_for(first_eight: str) -> int | None:
    """The last digit that makes the elfproef hold, if any (computed independently of the code)."""
    partial = sum(int(d) * w for d, w in zip(first_eight, BSN_WEIGHTS[:8], strict=True))
    for last in range(10):
        if (partial - last) % 11 == 0:
            return last
    return None


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990"])
def test_known_valid_bsns_pass(bsn: str) -> None:
    assert bsn_is_valid(bsn)


@pytest.mark.parametrize(
    "bsn",
    ["111222334", "123456789", "12345678", "1234567820", "12345678a", "", " 11122233", "000000000"],
)
def test_invalid_bsns_fail(bsn: str) -> None:
    assert not bsn_is_valid(bsn)
    with pytest.raises(ValidationError):
        validate_bsn(bsn)


@given(digits)
def test_exactly_the_elfproef_digit_completes_a_bsn(first_eight: str) -> None:
    expected = check_digit_for(first_eight)
    for last in range(10):
        candidate = f"{first_eight}{last}"
        should_pass = last == expected and candidate != "000000000"
        assert bsn_is_valid(candidate) is should_pass


@given(digits, st.integers(min_value=0, max_value=9), st.integers(min_value=0, max_value=8))
def test_changing_one_digit_breaks_a_valid_bsn(first_eight: str, replacement: int, position: int) -> None:
    last = check_digit_for(first_eight)
    if last is None:
        return
    valid = f"{first_eight}{last}"
    changed = valid[:position] + str(replacement) + valid[position + 1 :]
    if changed != valid:
        # A single changed digit always alters the weighted sum by a non-multiple of 11.
        assert not bsn_is_valid(changed)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [("16/123456-26", "16/123456-26"), ("1612345626", "16/123456-26"), (" 13 654321 25 ", "13/654321-25")],
)
def test_parketnummer_is_normalised(raw: str, normalised: str) -> None:
    assert parketnummer_normalise(raw) == normalised


@pytest.mark.parametrize("raw", ["16/12345-26", "A6/123456-26", "16/123456-2026", ""])
def test_malformed_parketnummer_is_refused_in_dutch(raw: str) -> None:
    with pytest.raises(ValidationError) as error:
        parketnummer_normalise(raw)
    assert "parketnummer" in str(error.value.messages[0]).lower()
