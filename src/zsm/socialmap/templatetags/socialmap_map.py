"""Template filters of the social map: `{% load socialmap_map %}`."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import template

from zsm.common.clock import local_now
from zsm.socialmap.selectors import verification_due_on

register = template.Library()

_POSTCODE = re.compile(r"^(\d{4})\s*([A-Za-z]{2})$")


@register.filter
def verification_overdue(verified_on: date | None) -> bool:
    """True when an entry was never verified, or not for six months: the map may be out of date there."""
    return verified_on is None or verified_on < verification_due_on(local_now().date())


@register.filter
def postcode(value: str | None) -> str:
    """A Dutch postcode as it is written: "3581aa" → "3581 AA"; anything else as it was typed."""
    text = (value or "").strip()
    match = _POSTCODE.match(text)
    return f"{match[1]} {match[2].upper()}" if match else text


@register.filter
def address(institution: Any) -> str:
    """An institution's address on one line: "Stadsplein 1, 3581 AA Utrecht" (empty parts left out)."""
    street = (getattr(institution, "street_address", "") or "").strip()
    place = " ".join(part for part in (postcode(institution.postcode), (institution.city or "").strip()) if part)
    return ", ".join(part for part in (street, place) if part)


@register.filter
def tel_href(phone: str | None) -> str:
    """The `tel:` link of a phone number as people write it: "030 - 123 45 67" → "tel:0301234567",
    "+31 (0)30 123 4567" → "tel:+31301234567"."""
    text = (phone or "").strip().replace("(0)", "")
    digits = re.sub(r"\D", "", text)
    return f"tel:{'+' if text.startswith('+') else ''}{digits}"
