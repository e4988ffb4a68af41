"""Template filters of the social map: `{% load socialmap_map %}`."""

from __future__ import annotations

from datetime import date

from django import template

from zsm.common.clock import local_now
from zsm.socialmap.selectors import verification_due_on

register = template.Library()


@register.filter
def verification_overdue(verified_on: date | None) -> bool:
    """True when an entry was never verified, or not for six months: the map may be out of date there."""
    return verified_on is None or verified_on < verification_due_on(local_now().date())
