"""`{{ contact.phone|tel_uri }}`: the `tel:` link of a phone number as it was typed."""

from __future__ import annotations

from django import template

from zsm.common.validators import phone_tel_uri

register = template.Library()


@register.filter
def tel_uri(phone: str | None) -> str:
    return phone_tel_uri(phone or "")
