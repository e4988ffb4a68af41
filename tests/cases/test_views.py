"""The ZSM table in the browser: intake, the case page, screenings, need-to-know and the access log."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.cases.constants import CaseStatus, Partner
from zsm.cases.models import Case, Notification, Screening
from zsm.cases.services import (
    CaseInput,
    OffenceInput,
    ScreeningInput,
    SuspectInput,
    VictimInput,
    case_register,
    screening_record,
)
from zsm.common.clock import local, local_now, now
from zsm.persons.models import Person

INSULT = OffenceInput("266 Sr", "Eenvoudige belediging", False, Decimal("0.25"))
VALID_BSN = "111222333"  # passes the elfproef
INVALID_BSN = "123456789"  # 9 digits, fails the elfproef

SERIALS = itertools.count(1)  # every test case gets its own police registration number


def register_case(
    world: dict[str, User],
    *,
    minor: bool = False,
    surname: str = "Jansen",
    victims: Sequence[VictimInput] = (),
    arrested_minutes_ago: int = 60,
    registration: str | None = None,
) -> Case:
    """A fresh case at the demo location, registered by the police officer through the service."""
    moment = now()
    today = local_now().date()
    birth = date(today.year - 15, 1, 1) if minor else date(1990, 3, 1)
    data = CaseInput(
        police_registration_number=registration or f"PL0900-2026{next(SERIALS):06d}",
        arrested_at=moment - timedelta(minutes=arrested_minutes_ago),
        holding_ordered_at=moment - timedelta(minutes=arrested_minutes_ago - 10),
        suspect=SuspectInput(given_names="Sem", surname=surname, date_of_birth=birth),
        offences=[INSULT],
        victims=list(victims),
    )
    return case_register(user=world["politie"], data=data)


def _local_input(moment: datetime) -> str:
    return local(moment).strftime("%Y-%m-%dT%H:%M")


def intake_post(**overrides: str) -> dict[str, str]:
    moment = now()
    data = {
        "bsn": "",
        "given_names": "Noor",
        "surname_prefix": "van",
        "surname": "Dijk",
        "date_of_birth": "1995-05-17",
        "street": "Oudegracht 1",
        "postcode": "3511 AA",
        "municipality": "Utrecht",
        "police_registration_number": "PL0900-2026004711",
        "parketnummer": "",
        "arrested_at": _local_input(moment - timedelta(hours=2)),
        "holding_ordered_at": _local_input(moment - timedelta(hours=1)),
        "offence_date": "",
        "incident_municipality": "Utrecht",
        "incident_postcode": "",
        "offence_1": "310 Sr",
        "offence_2": "",
        "offence_3": "",
        "victim_1_name": "Albert Heijn Oudegracht",
        "victim_1_phone": "030-1234567",
        "victim_1_refer": "on",
    }
    data.update(overrides)
    return data


# --- Intake -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_registering_through_the_form_creates_the_case_and_shows_it(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    client = login_as("politie")
    response = client.post(reverse("cases:case_create"), intake_post(bsn=VALID_BSN))

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", kwargs={"case_id": case.pk})
    assert case.suspect.surname == "Dijk"
    assert case.suspect.bsn == VALID_BSN
    assert list(case.offences.values_list("code", flat=True)) == ["310 Sr"]
    assert case.pretrial_detention_allowed
    victim = case.victims.get()
    assert victim.refer_to_victim_support
    assert case.registered_by == world["politie"]
    page = client.get(response["Location"]).content.decode()
    assert case.reference in page
    assert "utrecht-alert--ok" in page  # the success message


@pytest.mark.django_db
def test_the_arrest_time_is_read_on_an_amsterdam_clock(login_as: Callable[..., Client]) -> None:
    client = login_as("politie")
    arrested = local_now().replace(second=0, microsecond=0) - timedelta(hours=3)
    client.post(
        reverse("cases:case_create"),
        intake_post(
            arrested_at=arrested.strftime("%Y-%m-%dT%H:%M"),
            holding_ordered_at=(arrested + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert Case.objects.get().arrested_at == arrested


@pytest.mark.django_db
def test_an_invalid_bsn_gives_a_dutch_field_error_and_stores_nothing(login_as: Callable[..., Client]) -> None:
    client = login_as("politie")
    response = client.post(reverse("cases:case_create"), intake_post(bsn=INVALID_BSN))

    assert response.status_code == 400
    content = response.content.decode()
    assert "Dit is geen geldig BSN" in content
    assert 'id="id_bsn_error"' in content
    assert 'value="Dijk"' in content  # the input is kept
    assert not Case.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_holding_order_before_the_arrest_is_put_on_its_field(login_as: Callable[..., Client]) -> None:
    client = login_as("politie")
    moment = now()
    response = client.post(
        reverse("cases:case_create"),
        intake_post(
            arrested_at=_local_input(moment - timedelta(hours=1)),
            holding_ordered_at=_local_input(moment - timedelta(hours=2)),
        ),
    )
    assert response.status_code == 400
    assert 'id="id_holding_ordered_at_error"' in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_negative_penalty_on_the_other_offence_lands_on_that_field(login_as: Callable[..., Client]) -> None:
    client = login_as("politie")
    response = client.post(
        reverse("cases:case_create"),
        intake_post(other_code="999 Sr", other_description="Iets anders", other_max_years="-1"),
    )
    assert response.status_code == 400
    assert 'id="id_other_max_years_error"' in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_an_intake_without_offences_is_refused(login_as: Callable[..., Client]) -> None:
    client = login_as("politie")
    response = client.post(reverse("cases:case_create"), intake_post(offence_1=""))
    assert response.status_code == 400
    assert 'id="id_offence_1_error"' in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_person_suggestions_offer_the_same_person_and_log_it(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    existing = register_case(world, surname="Dijk").suspect
    client = login_as("politie")
    response = client.get(
        reverse("cases:person_suggestions"),
        {"given_names": existing.given_names, "surname": "Dyk", "date_of_birth": existing.date_of_birth.isoformat()},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert f'value="{existing.pk}"' in content
    assert 'id="existing_person_new"' in content
    assert 'value="" checked' in content or "checked" in content.split(f'value="{existing.pk}"')[0]
    assert AuditEvent.objects.filter(
        event="person.suggested", action="search", actor=world["politie"], person_id=existing.pk
    ).exists()


@pytest.mark.django_db
def test_choosing_a_suggested_person_links_the_case_to_them(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    existing = register_case(world, surname="Dijk").suspect
    client = login_as("politie")
    same_details = {"given_names": "Sem", "surname_prefix": "", "surname": "Dijk", "date_of_birth": "1990-03-01"}
    client.post(reverse("cases:case_create"), intake_post(existing_person_id=str(existing.pk), **same_details))
    assert Case.objects.filter(suspect=existing).count() == 2
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_a_person_who_was_not_suggested_cannot_be_chosen(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    stranger = register_case(world, surname="Klaassen").suspect
    client = login_as("politie")
    response = client.post(reverse("cases:case_create"), intake_post(existing_person_id=str(stranger.pk)))
    assert response.status_code == 400
    assert Case.objects.filter(suspect=stranger).count() == 1


@pytest.mark.django_db
def test_without_a_choice_a_similar_person_is_not_merged(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    register_case(world, surname="Dijk")
    client = login_as("politie")
    client.post(reverse("cases:case_create"), intake_post())
    assert Person.objects.count() == 2


# --- The case page ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["politie", "officier", "reclassering", "slachtofferhulp"])
def test_every_view_of_a_case_is_logged(login_as: Callable[..., Client], world: dict[str, User], username: str) -> None:
    case = register_case(world)
    client = login_as(username)
    response = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    assert response.status_code == 200
    event = AuditEvent.objects.get(event="case.viewed")
    assert event.actor == world[username]
    assert event.person_id == case.suspect_id
    assert event.object_id == str(case.pk)
    assert event.action == "view"


@pytest.mark.django_db
def test_the_case_page_shows_the_core(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    case = register_case(world, minor=True)
    content = login_as("officier").get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert case.reference in content
    assert "Sem Jansen" in content
    assert "266 Sr" in content
    assert case.police_registration_number in content
    assert 'class="zsm-badge zsm-badge--minor"' in content
    assert local(case.holding_deadline).strftime("%d-%m-%Y %H:%M") in content


@pytest.mark.django_db
def test_victim_support_sees_only_flagged_victims_contact_details(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(
        world,
        victims=[
            VictimInput(
                name="Flagged Victim", phone="06-11111111", email="flagged@example.org", refer_to_victim_support=True
            ),
            VictimInput(name="Quiet Victim", phone="06-22222222", email="quiet@example.org"),
        ],
    )
    client = login_as("slachtofferhulp")
    pages = [
        client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})),
        client.get(reverse("cases:board")),
        client.get(reverse("cases:board_rows")),
        client.get(reverse("cases:standup")),
    ]
    for response in pages:
        content = response.content.decode()
        assert "06-22222222" not in content
        assert "quiet@example.org" not in content
    detail = pages[0].content.decode()
    assert "06-11111111" in detail
    assert "flagged@example.org" in detail
    assert "Quiet Victim" in detail

    police = login_as("politie").get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert "06-22222222" in police


@pytest.mark.django_db
def test_the_raad_sees_a_minors_case_but_not_an_adults(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    minor = register_case(world, minor=True, surname="Minderjarig")
    adult = register_case(world, surname="Volwassen")
    client = login_as("raad")

    assert client.get(reverse("cases:case_detail", kwargs={"case_id": minor.pk})).status_code == 200
    assert client.get(reverse("cases:case_detail", kwargs={"case_id": adult.pk})).status_code == 404
    board = client.get(reverse("cases:board")).content.decode()
    assert "Minderjarig" in board
    assert "Volwassen" not in board
    assert not AuditEvent.objects.filter(event="case.viewed", object_id=str(adult.pk)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["veiligheidshuis", "beheer", "privacy"])
def test_users_without_a_place_at_the_table_get_no_case(
    login_as: Callable[..., Client], world: dict[str, User], username: str
) -> None:
    case = register_case(world)
    client = login_as(username)
    assert client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).status_code == 404
    assert client.get(reverse("cases:board")).status_code == 403


@pytest.mark.django_db
def test_other_partners_see_the_state_of_a_screening_but_not_its_content(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    screening = case.screenings.get(partner=Partner.PROBATION)
    screening_record(
        user=world["reclassering"],
        case_id=case.pk,
        data=ScreeningInput(state="done", known="known", summary="Bekend bij reclassering, schuldenproblematiek"),
        expected_version=screening.version,
    )
    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    assert "schuldenproblematiek" not in login_as("slachtofferhulp").get(url).content.decode()
    assert "schuldenproblematiek" in login_as("officier").get(url).content.decode()


# --- Screening --------------------------------------------------------------------------------


def screening_post(version: int, **overrides: str) -> dict[str, str]:
    data = {"state": "in_progress", "known": "known", "summary": "Lopend toezicht", "version": str(version)}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_screener_records_a_screening_and_the_case_moves_to_screening(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    screening = case.screenings.get(partner=Partner.PROBATION)
    client = login_as("reclassering")
    page = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert reverse("cases:screening_record", kwargs={"case_id": case.pk}) in page

    response = client.post(
        reverse("cases:screening_record", kwargs={"case_id": case.pk}), screening_post(screening.version)
    )

    assert response.status_code == 302
    screening.refresh_from_db()
    case.refresh_from_db()
    assert screening.summary == "Lopend toezicht"
    assert screening.screened_by == world["reclassering"]
    assert case.status == CaseStatus.IN_SCREENING
    assert AuditEvent.objects.filter(event="screening.recorded", actor=world["reclassering"]).exists()


@pytest.mark.django_db
def test_a_stale_version_shows_a_conflict_and_overwrites_nothing(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    screening = case.screenings.get(partner=Partner.PROBATION)
    stale = screening.version
    screening_record(
        user=world["werkplaats"],
        case_id=case.pk,
        data=ScreeningInput(state="done", known="known", summary="Eerste versie van een collega"),
        expected_version=stale,
    )
    client = login_as("reclassering")

    response = client.post(
        reverse("cases:screening_record", kwargs={"case_id": case.pk}),
        screening_post(stale, summary="Mijn eigen tekst"),
    )

    assert response.status_code == 409
    content = response.content.decode()
    with translation.override("nl"):
        expected = gettext(
            "Someone else changed this %(what)s in the meantime. Reload the page and check before saving again."
        ) % {"what": gettext("screening")}
    assert escape(expected) in content
    assert "Mijn eigen tekst" in content  # the user's input is kept
    screening.refresh_from_db()
    assert screening.summary == "Eerste versie van een collega"
    assert screening.screened_by == world["werkplaats"]


@pytest.mark.django_db
def test_a_partner_without_a_screening_cannot_record_one(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world, minor=True)
    # The Raad screens minors' cases; on them it may record, but it cannot write another partner's.
    client = login_as("raad")
    response = client.post(
        reverse("cases:screening_record", kwargs={"case_id": case.pk}),
        screening_post(case.screenings.get(partner=Partner.CHILD_PROTECTION).version),
    )
    assert response.status_code == 302
    assert case.screenings.get(partner=Partner.CHILD_PROTECTION).summary == "Lopend toezicht"
    assert case.screenings.get(partner=Partner.VICTIM_SUPPORT).summary == ""


@pytest.mark.django_db
def test_the_werkplaats_candidate_mark_can_be_set_and_removed(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    client = login_as("reclassering")
    url = reverse("cases:werkplaats_candidate", kwargs={"case_id": case.pk})

    assert client.post(url, {"candidate": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.werkplaats_candidate
    client.post(url, {"candidate": ""})
    case.refresh_from_db()
    assert not case.werkplaats_candidate
    assert AuditEvent.objects.filter(event="case.werkplaats_candidate_set").count() == 2


@pytest.mark.django_db
def test_only_the_om_gets_the_decision_link(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    case = register_case(world)
    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    officer_page = login_as("officier").get(url)
    police_page = login_as("politie").get(url)
    try:
        expected = reverse("decisions:decision_create", kwargs={"case_id": case.pk})
    except NoReverseMatch:  # the decisions form is not published (yet)
        expected = None
    assert officer_page.context["decision_url"] == expected
    assert police_page.context["decision_url"] is None


# --- Stand-up and inbox -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_standup_lists_open_cases_with_what_is_missing(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world, surname="Standup")
    Screening.objects.filter(case=case, partner=Partner.POLICE).update(state="done")
    client = login_as("coordinator")
    response = client.get(reverse("cases:standup"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Standup" in content
    row = content.split(case.reference, 1)[1].split("</tr>", 1)[0]
    assert "OM" in row
    assert "Politie" not in row
    assert AuditEvent.objects.filter(event="standup.viewed", actor=world["coordinator"]).count() == 1


@pytest.mark.django_db
def test_the_inbox_shows_only_ones_own_notifications_and_marks_them_read(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    mine = Notification.objects.create(recipient=world["reclassering"], subject="Voor mij", body="Tekst")
    theirs = Notification.objects.create(recipient=world["werkplaats"], subject="Voor een ander", body="Tekst")
    client = login_as("reclassering")

    content = client.get(reverse("cases:inbox")).content.decode()
    assert "Voor mij" in content
    assert "Voor een ander" not in content

    assert client.post(reverse("cases:notification_read", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.post(reverse("cases:notification_read", kwargs={"pk": mine.pk})).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None


@pytest.mark.django_db
def test_the_navigation_offers_the_table_by_role(login_as: Callable[..., Client]) -> None:
    police = login_as("politie").get(reverse("overview")).content.decode()
    assert reverse("cases:case_create") in police
    assert reverse("cases:board") in police
    privacy = login_as("privacy").get(reverse("overview")).content.decode()
    assert reverse("cases:board") not in privacy
    assert reverse("cases:inbox") in privacy


@pytest.mark.django_db
def test_the_om_releases_a_suspect_with_a_summons_and_then_closes_the_case(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    client = login_as("officier")
    page = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert 'value="released_with_summons"' in page
    assert 'value="closed"' not in page  # not allowed from "registered"

    url = reverse("cases:status_change", kwargs={"case_id": case.pk})
    client.post(url, {"target": "released_with_summons", "version": case.version})
    case.refresh_from_db()
    assert case.status == "released_with_summons"
    assert AuditEvent.objects.filter(event="case.status_changed", object_id=str(case.pk)).count() == 1

    stale = client.post(url, {"target": "closed", "version": case.version - 1}, follow=True)
    case.refresh_from_db()
    assert case.status == "released_with_summons"
    assert "intussen gewijzigd" in stale.content.decode()

    client.post(url, {"target": "closed", "version": case.version})
    case.refresh_from_db()
    assert case.status == "closed"


@pytest.mark.django_db
def test_a_screener_cannot_change_the_status(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    case = register_case(world)
    response = login_as("reclassering").post(
        reverse("cases:status_change", kwargs={"case_id": case.pk}), {"target": "closed", "version": case.version}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == "registered"


@pytest.mark.django_db
def test_the_officer_records_custody_on_the_case_page(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    moment = now()
    case = case_register(
        user=world["politie"],
        data=CaseInput(
            police_registration_number=f"PL0900-2026{next(SERIALS):06d}",
            arrested_at=moment - timedelta(hours=3),
            holding_ordered_at=moment - timedelta(hours=2),
            suspect=SuspectInput(given_names="Bo", surname="Vos", date_of_birth=date(1990, 1, 1)),
            offences=[OffenceInput("310 Sr", "Winkeldiefstal", True, Decimal("4"))],
        ),
    )
    client = login_as("officier")
    started = local_now() - timedelta(minutes=30)
    client.post(
        reverse("cases:custody", kwargs={"case_id": case.pk}),
        {"action": "order", "started_at": started.strftime("%Y-%m-%dT%H:%M"), "version": case.version},
    )
    case.refresh_from_db()
    assert case.custody_started_at is not None
    page = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert "custody-heading" in page
