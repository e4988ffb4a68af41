"""Reads of persons. Matching at intake suggests; it never merges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from zsm.persons.models import Person, Supervision
from zsm.persons.names import first_initial, names_match, surname_key


@dataclass(frozen=True)
class PersonMatch:
    person: Person
    reason: str


def person_match_candidates(
    *,
    bsn: str = "",
    given_names: str = "",
    surname_prefix: str = "",
    surname: str = "",
    date_of_birth: date | None = None,
) -> list[PersonMatch]:
    """Existing persons who may be the same as the one being registered: by BSN, or by
    date of birth plus a name that matches despite prefixes, ij/y and diacritics."""
    matches: dict[int, PersonMatch] = {}
    if bsn:
        for person in Person.objects.filter(bsn=bsn):
            matches[person.pk] = PersonMatch(person, str(_("same BSN")))
    if date_of_birth and surname:
        key, initial = surname_key(surname, surname_prefix), first_initial(given_names)
        for person in Person.objects.filter(date_of_birth=date_of_birth).exclude(pk__in=matches):
            if names_match(key, initial, person.surname_key, person.initial):
                matches[person.pk] = PersonMatch(person, str(_("similar name and same date of birth")))
    return list(matches.values())


def supervision_active(*, person: Person, on: date) -> Supervision | None:
    """The running supervision of a person, if probation supervises them on that day."""
    supervisions = Supervision.objects.filter(person=person, started_on__lte=on).select_related(
        "supervisor", "organisation"
    )
    return next((s for s in supervisions if s.is_active_on(on)), None)
