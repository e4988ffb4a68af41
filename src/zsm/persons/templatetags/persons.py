"""`{{ person|birth:"d-m-Y" }}`: the date of birth, or only its year once the person is pseudonymised."""

from __future__ import annotations

from django import template

from zsm.persons.models import Person

register = template.Library()


@register.filter
def birth(person: Person, fmt: str = "d-m-Y") -> str:
    return person.birth_shown(fmt)
