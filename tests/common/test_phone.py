"""Dutch phone numbers as the werkplaats keeps them for a call back: what passes, what is refused, the link."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from zsm.common.validators import phone_is_dutch, phone_normalise, phone_tel_uri


@pytest.mark.parametrize(
    "number",
    [
        "06-12345678",
        "0612345678",
        "030 - 123 45 67",
        "(030) 1234567",
        "088.123.45.67",
        "+31 6 12345678",
        "+31 (0)30 123 4567",
        "0031 30 1234567",
        "0800-1234",
        "0900-123 45 67",
        "14 030",
    ],
)
def test_dutch_numbers_as_people_write_them_pass(number: str) -> None:
    assert phone_is_dutch(number)


@pytest.mark.parametrize(
    "number",
    [
        "",
        "12345",
        "061234567",  # nine digits
        "06123456789",  # eleven
        "6-12345678",  # the leading 0 missing
        "+32 2 123 45 67",  # Belgium
        "+31 0 6 12345678",  # +31 followed by the 0 of the area code
        "0012345678",  # 00: not a Dutch area
        "06-1234567a",
        "bel de receptie",
    ],
)
def test_other_input_is_refused_with_a_dutch_message(number: str) -> None:
    assert not phone_is_dutch(number)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        phone_normalise(number)
    assert refused.value.code == "phone"
    assert "telefoonnummer" in str(refused.value.messages[0]) or "phone" in str(refused.value.messages[0])


def test_the_number_is_kept_as_typed_and_linked_without_separators() -> None:
    assert phone_normalise("  030 -  123 45 67 ") == "030 - 123 45 67"
    assert phone_tel_uri("030 - 123 45 67") == "tel:0301234567"
    assert phone_tel_uri("+31 (0)30 123 4567") == "tel:+31301234567"
    assert phone_tel_uri("") == ""


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_every_mobile_number_passes_in_any_grouping(rest: str) -> None:
    assert phone_is_dutch(f"06{rest}")
    assert phone_is_dutch(f"06-{rest[:4]} {rest[4:]}")
    assert phone_is_dutch(f"+316{rest}")
