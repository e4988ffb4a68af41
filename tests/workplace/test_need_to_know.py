"""Need-to-know across every surface: pages, htmx fragments, board search and the API.

One werkplaats case is worked through (contacts, assessment, advice, a special-category note), each
piece carrying a marker. Slachtofferhulp sees none of the casework anywhere; the OM sees the advice
and what the worker chose to share, and nothing behind it; probation sees it all.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.workplace.flow import advised_case
from zsm.accounts.models import User
from zsm.workplace.constants import ContactChannel, ContactOutcome, ContactRole, NoteCategory
from zsm.workplace.models import WerkplaatsCase
from zsm.workplace.services import ContactInput, contact_log, special_note_record

pytestmark = pytest.mark.django_db

CONTACT = "Buurman-Marker-Q7"
NOTE = "Psychiatrie-Marker-Z3"
ASSESSMENT_NOTE = "goed geadministreerd"  # the income note of flow.assessed_case
JUDGEMENT = "Geen zwaar kader nodig"  # flow.assessed_case's judgement
ADVICE = "een schuldmaatje helpt meer dan een boete"  # flow.advised_case's rationale
SHARED = "Cliënt gebruikt geen middelen."  # what the worker shares with the OM
CASEWORK = (CONTACT, NOTE, ASSESSMENT_NOTE, JUDGEMENT)


def _worked(world: dict[str, User]) -> WerkplaatsCase:
    werkplaats_case, _advice = advised_case(world)
    contact_log(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        data=ContactInput(
            role=ContactRole.FAMILY,
            name=CONTACT,
            channel=ContactChannel.PHONE,
            outcome=ContactOutcome.REACHED,
            minutes=10,
            summary="Maakt zich zorgen.",
        ),
    )
    special_note_record(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, category=NoteCategory.PSYCHIATRY, text=NOTE
    )
    return werkplaats_case


def _pages(werkplaats_case: WerkplaatsCase) -> list[str]:
    case = werkplaats_case.case
    wp = f"/werkplaats/zaken/{werkplaats_case.pk}/"
    return [
        f"/zsm/zaken/{case.pk}/",
        f"/zsm/bord/?search={case.suspect.surname}",
        f"/zsm/bord/rijen/?search={case.suspect.surname}",
        "/zsm/standup/",
        f"/werkplaats/advies/{werkplaats_case.pk}/",
        "/werkplaats/",
        "/werkplaats/coordinatie/",
        wp,
        f"{wp}samenvatting/",
        f"{wp}contacten/",
        f"{wp}risc-light/",
    ]


def _api(werkplaats_case: WerkplaatsCase) -> list[str]:
    base = f"/api/v1/werkplaats-cases/{werkplaats_case.pk}"
    return [
        "/api/v1/werkplaats-cases",
        f"/api/v1/cases/{werkplaats_case.case_id}",
        base,
        f"{base}/contacts",
        f"{base}/assessments",
        f"{base}/advice",
        f"{base}/monitoring-checks",
        f"{base}/time-entries",
    ]


def _everything_seen(
    username: str, werkplaats_case: WerkplaatsCase, login_as: Callable[..., Client], api: APIClient
) -> str:
    client = login_as(username)
    seen = [client.get(path).content.decode() for path in _pages(werkplaats_case)]
    seen += [api.get(path).content.decode() for path in _api(werkplaats_case)]
    return "\n".join(seen)


def test_slachtofferhulp_sees_none_of_the_casework_anywhere(
    login_as: Callable[..., Client], world: dict[str, User], as_user: Callable[[str], APIClient]
) -> None:
    werkplaats_case = _worked(world)
    seen = _everything_seen("slachtofferhulp", werkplaats_case, login_as, as_user("slachtofferhulp"))
    for marker in (*CASEWORK, ADVICE, SHARED):
        assert marker not in seen, marker


def test_the_om_sees_the_advice_and_what_it_shares_but_nothing_behind_it(
    login_as: Callable[..., Client], world: dict[str, User], as_user: Callable[[str], APIClient]
) -> None:
    werkplaats_case = _worked(world)
    seen = _everything_seen("officier", werkplaats_case, login_as, as_user("officier"))
    assert ADVICE in seen
    assert SHARED in seen
    for marker in CASEWORK:
        assert marker not in seen, marker


def test_probation_sees_the_casework(
    login_as: Callable[..., Client], world: dict[str, User], as_user: Callable[[str], APIClient]
) -> None:
    """The control: the markers are on these surfaces, so their absence above means something."""
    werkplaats_case = _worked(world)
    seen = _everything_seen("werkplaats", werkplaats_case, login_as, as_user("werkplaats"))
    for marker in (*CASEWORK, ADVICE, SHARED):
        assert marker in seen, marker
