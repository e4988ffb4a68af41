"""Validators for Dutch identifiers, each the single place where its rule lives."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def bsn_is_valid(value: str) -> bool:
    """The elfproef: nine digits whose weighted sum (9..2, and -1 for the last) is a multiple of 11.

    A BSN of all zeros passes the arithmetic but is never issued, so it is refused.
    """
    if len(value) != 9 or not value.isdigit() or value == "000000000":
        return False
    return sum(int(digit) * weight for digit, weight in zip(value, BSN_WEIGHTS, strict=True)) % 11 == 0


def validate_bsn(value: str) -> None:
    if not bsn_is_valid(value):
        raise ValidationError(_("This is not a valid BSN (it must be 9 digits and pass the elfproef)."), code="bsn")


# Parketnummer: two-digit parket (arrondissement) code, a six-digit serial number and a
# two-digit year, written as PP/SSSSSS-YY (e.g. 16/123456-26). Separators are optional on input.
PARKETNUMMER_RE = re.compile(r"^(?P<parket>\d{2})[/ ]?(?P<serial>\d{6})[- ]?(?P<year>\d{2})$")


def parketnummer_normalise(value: str) -> str:
    match = PARKETNUMMER_RE.match(value.strip())
    if not match:
        raise ValidationError(_("Enter a parketnummer as PP/SSSSSS-YY, for example 16/123456-26."), code="parketnummer")
    return f"{match['parket']}/{match['serial']}-{match['year']}"


def validate_parketnummer(value: str) -> None:
    parketnummer_normalise(value)


# A Dutch postcode: four digits (the first not 0), optionally a space and two letters (not SA, SD, SS).
POSTCODE_RE = re.compile(r"^\s*(?P<digits>[1-9]\d{3})\s?(?P<letters>[A-Za-z]{2})?\s*$")
PC4_MIN, PC4_MAX = 1000, 9999
PC4_VALIDATORS = [MinValueValidator(PC4_MIN), MaxValueValidator(PC4_MAX)]


def postcode_area(value: str) -> int | None:
    """The four-digit area of a Dutch postcode ("3521 AB" → 3521), or None when it is not one."""
    match = POSTCODE_RE.match(value or "")
    if match is None:
        return None
    letters = (match.group("letters") or "").upper()
    if letters in {"SA", "SD", "SS"}:
        return None
    return int(match.group("digits"))


# A Dutch phone number, as people write it: "06-12345678", "030 - 123 45 67", "+31 (0)30 123 4567",
# "0031 6 1234 5678", "0800-1234", "0900-123 45 67", "14 030". Spaces, hyphens, dots, brackets and a
# "(0)" after +31 are left out before checking. What is kept is the number as typed (trimmed, spaces
# collapsed): people read their own notation back; `phone_tel_uri` makes the link.
PHONE_SEPARATORS_RE = re.compile(r"[\s\-./()]")
DUTCH_PHONE_RES = (
    re.compile(r"^0[1-9]\d{8}$"),  # ten digits: area or mobile (06), 085/088/097 …
    re.compile(r"^(?:\+|00)31[1-9]\d{8}$"),  # international form: +31 or 0031, without the leading 0
    re.compile(r"^0(?:800|900|906|909)\d{4}(?:\d{3})?$"),  # free and paid service numbers, 4 or 7 digits
    re.compile(r"^14\d{2,3}$"),  # a municipality's short number: 14 and the area code without its 0
)


def phone_digits(value: str) -> str:
    """The number without separators: "+31 (0)30 123 4567" → "+31301234567"."""
    return PHONE_SEPARATORS_RE.sub("", (value or "").strip().replace("(0)", ""))


def phone_is_dutch(value: str) -> bool:
    digits = phone_digits(value)
    return any(pattern.match(digits) for pattern in DUTCH_PHONE_RES)


def phone_normalise(value: str) -> str:
    """A valid Dutch number as typed, trimmed and with runs of spaces made one; an invalid one is refused."""
    text = " ".join((value or "").split())
    if not phone_is_dutch(text):
        raise ValidationError(
            _("Enter a Dutch phone number, such as 06-12345678, 030-1234567 or +31 6 12345678."),
            code="phone",
        )
    return text


def validate_dutch_phone(value: str) -> None:
    phone_normalise(value)


def phone_tel_uri(value: str) -> str:
    """The `tel:` link of a phone number ("" for none): "06-12345678" → "tel:0612345678"."""
    digits = phone_digits(value)
    return f"tel:{digits}" if digits else ""
