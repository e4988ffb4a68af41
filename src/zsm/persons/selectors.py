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
    # A pseudonymised person is nobody any more: a new arrest never links to their old cases.
    persons = Person.objects.filter(pseudonymised_at__isnull=True)
    if bsn:
        for person in persons.filter(bsn=bsn):
            matches[person.pk] = PersonMatch(person, str(_("same BSN")))
    if date_of_birth and surname:
        key, initial = surname_key(surname, surname_prefix), first_initial(given_names)
        for person in persons.filter(date_of_birth=date_of_birth).exclude(pk__in=matches):
            if names_match(key, initial, person.surname_key, person.initial):
                matches[person.pk] = PersonMatch(person, str(_("similar name and same date of birth")))
    return list(matches.values())


def supervision_active(*, person: Person, on: date) -> Supervision | None:
    """The running supervision of a person, if probation supervises them on that day."""
    supervisions = Supervision.objects.filter(person=person, started_on__lte=on).select_related(
        "supervisor", "organisation"
    )
    return next((s for s in supervisions if s.is_active_on(on)), None)


# --- Subject access (inzage) ----------------------------------------------------------------
# Unscoped by user: only the audit app's subject-access service and views call these, after they
# checked the privacy officer's permission (`audit.subject_access`).


def subject_access_person_id_for_bsn(*, bsn: str) -> int | None:
    """The person with this BSN, if one is registered. The caller checked `audit.subject_access`."""
    return Person.objects.filter(bsn=bsn).values_list("pk", flat=True).first() if bsn else None


def subject_access_person_name(*, person_id: int) -> str | None:
    """The full name of a person, or None when there is no such person. The caller checked `audit.subject_access`."""
    person = Person.objects.filter(pk=person_id).first()
    return person.full_name if person is not None else None


def subject_access_person(*, person_id: int) -> dict[str, object] | None:
    """The person's own record and supervisions, for their subject-access export.

    Unscoped: the caller (audit's subject-access service) checked `audit.subject_access`.
    """
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return None
    supervisions = Supervision.objects.filter(person=person).select_related("organisation").order_by("started_on")
    return {
        "id": person.pk,
        "name": person.full_name,
        "given_names": person.given_names,
        "surname_prefix": person.surname_prefix,
        "surname": person.surname,
        "bsn": person.bsn,
        "date_of_birth": person.date_of_birth,
        "street": person.street,
        "postcode": person.postcode,
        "municipality": person.municipality,
        "registered_at": person.created_at,
        "supervisions": [
            {
                "organisation": supervision.organisation.name,
                "started_on": supervision.started_on,
                "ended_on": supervision.ended_on,
            }
            for supervision in supervisions
        ],
    }
