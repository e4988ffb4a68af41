"""English mode is English: the main pages, rendered for their demo role with the language set to English,
show no Dutch word of the interface.

What may stay Dutch, and is therefore taken out before the check:

* what people typed or the data holds: names of persons, organisations, locations, institutions and streets,
  the offence descriptions of the statute (legal Dutch names: "Diefstal", art. 310 Sr — translating them
  would misname the offence), and every free text the demo's users wrote (notes, summaries, advices).
  These are collected from the database, so a label that happens to equal a data value is not excused
  unless it *is* data. Notifications are not data: they are rendered in the reader's language.
* the Dutch domain terms the glossary (docs/glossary.md) keeps as names in English too: ZSM, OM, Halt,
  Raad, werkplaats, RISc, Veilig Thuis, sepot codes … They are proper names, not stop words, so they do not
  collide with the list below; ALLOWED lists the one-off cases.

Then the visible text (and the text a screen reader hears: aria-label, title, placeholder, alt) must contain no
word from a Dutch stop-word list.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation

from zsm.accounts.models import User
from zsm.cases.catalogue import CATALOGUE
from zsm.cases.models import Case, Notification
from zsm.decisions.models import Decision
from zsm.persons.models import Person
from zsm.workplace.models import Advice, WerkplaatsCase
from zsm.workplace.services import om_notify_advice_waiting

pytestmark = pytest.mark.django_db

# Frequent Dutch words that are not English words (so "is", "in", "of", "over", "die", "min", "open",
# "door", "status", "contact", "week" are left out).
DUTCH_WORDS = frozenset({
    "de", "het", "een", "van", "en", "niet", "zaak", "zaken", "verlopen", "uur", "minuten", "u", "bij", "voor",
    "met", "naar", "wordt", "zijn", "op", "aan", "te", "er", "dit", "deze", "dat", "ook", "nog", "geen", "wel",
    "om", "als", "maar", "uit", "nieuw", "nieuwe", "opgeslagen", "opslaan", "terug", "wijzigen", "verwijderen",
    "zoeken", "melding", "meldingen", "verdachte", "verdachten", "beslissing", "afdoening", "gesprek",
    "gesprekken", "hulp", "vandaag", "morgen", "gisteren", "dagen", "dag", "weken", "jaar", "maand", "maanden",
    "alle", "alles", "nee", "ja", "graag", "bekijk", "bekijken", "bewerken", "toevoegen", "annuleren",
    "sluiten", "openen", "gelezen", "ongelezen", "tijd", "onder", "boven", "binnen", "sinds", "vanaf", "zonder",
    "waar", "wanneer", "wie", "wat", "hoe", "welke", "welk", "heeft", "hebben", "kan", "kunnen", "moet",
    "moeten", "mogen", "wil", "willen", "gaat", "gaan", "staat", "staan", "komt", "komen", "geeft", "geven",
    "kies", "kiezen", "vul", "invullen", "vereist", "verplicht", "gereed", "klaar", "bezig", "afgerond",
    "advies", "adviezen", "beantwoorden", "beantwoord", "wachtrij", "bord", "overzicht", "startpagina",
    "contacten", "gebeld", "bereikt", "onbereikbaar", "nabellen", "opnieuw", "verwijzing", "verwijzingen",
    "instelling", "instellingen", "signaal", "signalen",
})  # fmt: skip
# Tokens that look Dutch to the list above but are right in English here (kept short, each with its reason).
ALLOWED: frozenset[str] = frozenset()

# Data that stays as it was written: every free text and name in the domain apps, not the generated messages.
DATA_APPS = ("accounts", "persons", "cases", "decisions", "workplace", "socialmap", "meetings")
NOT_DATA = (Notification,)

PATH = re.compile(r"\S*/\S*/\S*")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class _Text(HTMLParser):
    """The text a user sees or hears: text nodes outside script/style/template, plus aria-label, title,
    placeholder and alt."""

    HIDDEN = frozenset({"script", "style", "template", "noscript"})
    SPOKEN = ("aria-label", "title", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        for name, value in attrs:
            if name in self.SPOKEN and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def _strings(value: object) -> Iterator[str]:
    """The strings in a row, a JSON value included (the RISc light notes are a dict of texts)."""
    if isinstance(value, str):
        if value.startswith("{"):
            with contextlib.suppress(ValueError):
                yield from _strings(json.loads(value))
        if value.strip():
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _data_values() -> set[str]:
    """Every non-choice text value held in the domain apps, and each of its lines, longest first."""
    values: set[str] = set()
    for label in DATA_APPS:
        for model in apps.get_app_config(label).get_models():
            if model in NOT_DATA:
                continue
            fields = [
                f.name
                for f in model._meta.get_fields()
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
                and not f.choices
                and f.concrete
            ]
            for row in model.objects.values_list(*fields) if fields else []:
                for value in _strings(row):
                    values.add(value.strip())
                    values.update(line.strip() for line in value.splitlines() if line.strip())
    for person in Person.objects.all():  # as pages write a name: "Jan de Vries", "de Vries", "J. de Vries"
        values.update({person.full_name, person.display_surname, f"{person.initial}. {person.display_surname}"})
    for user in User.objects.all():
        values.update({user.get_full_name(), user.first_name, user.last_name, user.username})
    # The statute's offence names, as the intake's offence picker lists them.
    values.update(entry.description for entry in CATALOGUE)
    return values


@dataclass(frozen=True)
class Data:
    """What the data says, to take out of a page: a text node that is a data value as a whole (a surname prefix
    "de" in its own element), and data values inside a longer text (names in a sentence; whole words only,
    longest first, and no value that is a stop word by itself: "de" alone is not a name)."""

    exact: frozenset[str]
    inside: re.Pattern[str]


def data_of(values: set[str]) -> Data:
    inside = sorted((v for v in values if len(v) > 2 and v.lower() not in DUTCH_WORDS), key=len, reverse=True)
    return Data(
        exact=frozenset(values), inside=re.compile(r"(?<!\w)(?:" + "|".join(re.escape(v) for v in inside) + r")(?!\w)")
    )


def dutch_words(html: str, data: Data) -> list[str]:
    """The Dutch stop words left in a page's text once the data is taken out, each with its context."""
    text = data.inside.sub(" ", "\n".join(part for part in visible_text(html) if part.strip() not in data.exact))
    text = PATH.sub(" ", text)  # a link's path ("/sociale-kaart/verwijzingen/4/") is an address, not text
    found = []
    for line in text.splitlines():
        for word in WORD.findall(line):
            if word.isupper() and len(word) > 1:
                continue  # an abbreviation: OM, ZSM, DE as a country code
            if word.lower() in DUTCH_WORDS and word not in ALLOWED:
                found.append(f"{word!r} in {line.strip()[:120]!r}")
    return found


def english(client: Client, user: User) -> Client:
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def _held_case() -> Case:
    return Case.objects.filter(custody_deadline__isnull=True, holding_deadline__isnull=False).order_by("pk").first()


def _pages() -> Iterator[tuple[str, str]]:
    """(username, path) for each main page, for the role that works on it."""
    held = _held_case()
    decided = Decision.objects.order_by("pk").first()
    undecided = Case.objects.filter(decisions__isnull=True).order_by("pk").first()
    werkplaats_case = WerkplaatsCase.objects.filter(worker__username="werkplaats").order_by("pk").first()
    assert held
    assert decided
    assert undecided
    assert werkplaats_case
    yield "reclassering", reverse("cases:board")
    yield "reclassering", reverse("cases:board_rows")
    yield "reclassering", reverse("cases:case_detail", args=[held.pk])
    yield "officier", reverse("cases:case_detail", args=[decided.case_id])
    yield "reclassering", reverse("cases:standup")
    yield "politie", reverse("cases:case_create")
    yield "officier", reverse("decisions:decision_create", args=[undecided.pk])
    yield "officier", reverse("cases:inbox")
    yield "werkplaats", reverse("cases:inbox")
    yield "reclassering", reverse("cases:inbox")
    yield "raad", reverse("cases:inbox")
    yield "werkplaats", reverse("workplace:day")
    yield "werkplaats", reverse("workplace:case", args=[werkplaats_case.pk])
    yield "officier", reverse("workplace:om_queue")
    yield "coordinator", reverse("workplace:coordination")
    yield "werkplaats", reverse("socialmap:search") + "?postcode=3521AB"
    yield "coordinator", reverse("meetings:signal_list")
    yield "veiligheidshuis", reverse("home")
    yield "werkplaats", reverse("overview")


def test_the_stop_word_check_catches_dutch_and_spares_data() -> None:
    html = '<p title="Opslaan">Nog 2 u 49 min</p><script>var de = 1;</script><p>Jan de Vries</p>'
    assert dutch_words(html, data_of({"Jan de Vries"})) == [
        "'Opslaan' in 'Opslaan'",
        "'Nog' in 'Nog 2 u 49 min'",
        "'u' in 'Nog 2 u 49 min'",
    ]


def test_the_main_pages_show_no_dutch_in_english_mode(demo: str, client: Client) -> None:
    data = data_of(_data_values())
    # Notifications made while the writer works in Dutch (the demo's, and one for the OM made here) are read
    # in English: they are rendered in the reader's language, not stored as text.
    with translation.override("nl"):
        advice = Advice.objects.select_related("werkplaats_case__case").order_by("pk").first()
        assert advice is not None
        om_notify_advice_waiting(user=User.objects.get(username="werkplaats"), advice=advice)
    for username in ("officier", "werkplaats", "reclassering", "raad"):
        assert Notification.objects.filter(recipient__username=username).exists(), username
    problems: dict[str, list[str]] = {}
    for username, path in _pages():
        response = english(client, User.objects.get(username=username)).get(path)
        assert response.status_code == 200, (username, path, response.status_code)
        assert response.headers.get("Content-Language") == "en", path
        if found := dutch_words(response.content.decode(), data):
            problems[f"{username} {path}"] = sorted(set(found))
    assert not problems, "\n".join(f"{page}:\n  " + "\n  ".join(words) for page, words in problems.items())


def test_the_werkplaats_summary_pdf_is_english_in_english_mode(demo: str, client: Client) -> None:
    """The summary handed over to the next organisation: its labels in the reader's language, too."""
    import html
    import io

    from pypdf import PdfReader

    data = data_of(_data_values())
    werkplaats_case = WerkplaatsCase.objects.filter(worker__username="werkplaats").order_by("pk").first()
    assert werkplaats_case is not None
    response = english(client, User.objects.get(username="werkplaats")).get(
        reverse("workplace:summary_pdf", args=[werkplaats_case.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Werkplaats summary" in text  # the title, in English
    # The PDF wraps the texts people wrote over lines: joined again, they are recognised as the data they are.
    assert dutch_words(f"<p>{html.escape(' '.join(text.split()))}</p>", data) == []
