"""Intake suggests existing persons despite Dutch name variants, and never merges by itself."""

from __future__ import annotations

from datetime import date

import pytest

from zsm.persons.models import Person
from zsm.persons.names import fold, names_match, surname_key
from zsm.persons.selectors import person_match_candidates


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Berg", "van der"), ("Berg", "van den")),
        (("van der Berg", ""), ("Berg", "van der")),
        (("Bijl", ""), ("Byl", "")),
        (("Çelik", ""), ("Celik", "")),
        (("de Vries", ""), ("Vries", "de")),
        (("Dijkstra", ""), ("Dykstra", "")),
        (("’t Hart", ""), ("Hart", "'t")),
    ],
)
def test_variants_fold_to_the_same_key(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert surname_key(*a) == surname_key(*b)


def test_fold_removes_diacritics_and_case() -> None:
    assert fold("Ëlif Özdemİr") == "elif ozdemir"


@pytest.mark.parametrize(
    ("one", "other", "expected"),
    [
        (("jansen", "j"), ("janssen", "j"), True),
        (("jansen", "j"), ("jansen", "p"), False),
        (("bakker", "a"), ("visser", "a"), False),
    ],
)
def test_names_match(one: tuple[str, str], other: tuple[str, str], expected: bool) -> None:
    assert names_match(one[0], one[1], other[0], other[1]) is expected


@pytest.mark.django_db
def test_candidates_by_bsn_and_by_name_with_birth_date() -> None:
    by_bsn = Person.objects.create(
        bsn="111222333", given_names="Ayoub", surname="Amrani", date_of_birth=date(1990, 1, 1)
    )
    by_name = Person.objects.create(
        given_names="Jan Willem", surname_prefix="van der", surname="Bijl", date_of_birth=date(1985, 5, 4)
    )
    Person.objects.create(given_names="Jan", surname="Bijl", date_of_birth=date(1985, 5, 5))  # other birthday
    Person.objects.create(given_names="Karel", surname="Byl", date_of_birth=date(1985, 5, 4))  # other initial

    matches = person_match_candidates(
        bsn="111222333", given_names="Jan", surname_prefix="", surname="v.d. Byl", date_of_birth=date(1985, 5, 4)
    )

    assert [match.person for match in matches] == [by_bsn, by_name]
    assert Person.objects.count() == 4  # suggested, never merged
