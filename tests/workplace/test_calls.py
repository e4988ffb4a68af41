"""Calls at phone speed (issue 13, item 5): the retry list with the number and a "call again", the call-back
form filled in from the earlier attempt, the contact person's number kept, every field error in one round,
and a call refused in place when the case changed meanwhile, with the colleague's change shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from tests.conftest import verify_second_factor
from tests.workplace.access_casework import assigned_werkplaats_case
from tests.workplace.test_views_team import a_day_of_work
from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.common.clock import local_now
from zsm.common.holidays import next_working_day
from zsm.workplace.constants import (
    CONTACT_MINUTES_DEFAULT,
    UNREACHED_CALL_MINUTES_DEFAULT,
    ContactChannel,
    ContactOutcome,
    ContactRole,
    WerkplaatsStatus,
)
from zsm.workplace.forms import ContactForm
from zsm.workplace.models import Contact, WerkplaatsCase
from zsm.workplace.services import CONTACT_CONFLICT, ContactInput, contact_log

pytestmark = pytest.mark.django_db

LoginAs = Callable[..., Client]
PHONE_ERROR = _("Enter a Dutch phone number, such as 06-12345678, 030-1234567 or +31 6 12345678.")


@pytest.fixture
def werkplaats_case(world: dict[str, User]) -> WerkplaatsCase:
    return assigned_werkplaats_case(world)


def not_reached(
    world: dict[str, User], werkplaats_case: WerkplaatsCase, *, user: str = "werkplaats", phone: str = "06-12345678"
) -> Contact:
    """The first attempt: the GP's practice, not reached; it comes back today."""
    return contact_log(
        user=world[user],
        werkplaats_case_id=werkplaats_case.pk,
        data=ContactInput(
            role=ContactRole.GP,
            organisation="Huisartsenpraktijk Oost",
            name="Dr. Visser",
            channel=ContactChannel.PHONE,
            outcome=ContactOutcome.NOT_REACHED,
            minutes=2,
            follow_up_on=local_now().date(),
            phone=phone,
        ),
    )


def again_url(contact: Contact) -> str:
    return reverse(
        "workplace:contact_again",
        kwargs={"werkplaats_case_id": contact.werkplaats_case_id, "contact_id": contact.pk},
    )


def posted(form: ContactForm) -> dict[str, object]:
    """What the browser sends for an unbound form as drawn: every field with its initial value."""
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[form.add_prefix(name)] = "" if value is None else value
    return data


def call_back_form(client: Client, contact: Contact) -> dict[str, object]:
    response = client.get(again_url(contact))
    assert response.status_code == 200
    return posted(response.context["form"])


# --- The retry list -------------------------------------------------------------------------------------------


def test_the_retry_list_comes_first_with_the_number_and_a_call_again(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    contact = not_reached(world, werkplaats_case)
    response = login_as("werkplaats").get(reverse("workplace:day"))
    body = response.content.decode()
    [call] = response.context["calls"]
    assert call["tel"] == "tel:0612345678"
    assert call["again_url"] == again_url(contact)
    assert 'href="tel:0612345678"' in body
    assert f'href="{again_url(contact)}"' in body
    # The calls are the first section, so Tab after the skip link reaches them.
    assert body.index('id="calls-heading"') < body.index('id="my-cases-heading"')


def test_a_call_without_a_number_says_so(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    not_reached(world, werkplaats_case, phone="")
    body = login_as("werkplaats").get(reverse("workplace:day")).content.decode()
    assert _("no phone number known yet") in body
    assert 'href="tel:' not in body.split('id="my-cases-heading"')[0]


def test_the_day_costs_the_same_queries_with_numbers_and_call_backs(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    client = login_as("werkplaats")
    not_reached(world, werkplaats_case)
    client.get(reverse("workplace:day"))  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("workplace:day"))
    for _n in range(3):
        not_reached(world, assigned_werkplaats_case(world))
    a_day_of_work(world)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("workplace:day"))
    assert len(response.context["calls"]) == 5
    assert len(many.captured_queries) == len(one.captured_queries)


# --- The call-back form --------------------------------------------------------------------------------------


def test_call_again_opens_the_form_filled_in_from_the_earlier_attempt(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    contact = not_reached(world, werkplaats_case)
    response = login_as("werkplaats").get(again_url(contact))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.prefix == "contact"
    assert {key: form.initial[key] for key in ("role", "organisation", "name", "phone", "channel", "outcome")} == {
        "role": ContactRole.GP,
        "organisation": "Huisartsenpraktijk Oost",
        "name": "Dr. Visser",
        "phone": "06-12345678",
        "channel": ContactChannel.PHONE,
        "outcome": ContactOutcome.NOT_REACHED,
    }
    assert form.initial["minutes"] == UNREACHED_CALL_MINUTES_DEFAULT
    werkplaats_case.refresh_from_db()  # the first contact put the case in progress
    assert form.initial["version"] == werkplaats_case.version
    assert form.initial["seen"] == contact.pk
    body = response.content.decode()
    # The focus is on the checked outcome, and only there: Enter logs "not reached again".
    assert body.count("autofocus") == 1
    assert re.search(r'<input[^>]*value="not_reached"[^>]*checked[^>]*autofocus', body) or re.search(
        r'<input[^>]*autofocus[^>]*value="not_reached"', body
    )
    assert 'href="tel:0612345678"' in body
    assert list(response.context["history"]) == [contact]
    assert AuditEvent.objects.filter(
        event="werkplaats_case.contact_again_viewed", actor=world["werkplaats"], object_id=str(werkplaats_case.pk)
    ).exists()


def test_a_reached_contact_called_again_starts_as_a_conversation(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    contact = contact_log(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        data=ContactInput(role="family", name="Moeder", channel="home_visit", outcome="reached", minutes=40),
    )
    form = login_as("werkplaats").get(again_url(contact)).context["form"]
    assert form.initial["outcome"] == ContactOutcome.REACHED
    assert form.initial["channel"] == ContactChannel.HOME_VISIT
    assert form.initial["minutes"] == CONTACT_MINUTES_DEFAULT


def test_a_call_back_not_reached_again_is_logged_as_drawn_and_back_to_the_day(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    contact = not_reached(world, werkplaats_case)
    client = login_as("werkplaats")
    response = client.post(again_url(contact), call_back_form(client, contact))
    assert response.status_code == 302
    assert response["Location"] == reverse("workplace:day") + "#calls-heading"
    again = Contact.objects.exclude(pk=contact.pk).get()
    assert (again.role, again.name, again.organisation, again.phone, again.channel, again.outcome, again.minutes) == (
        ContactRole.GP,
        "Dr. Visser",
        "Huisartsenpraktijk Oost",
        "06-12345678",
        ContactChannel.PHONE,
        ContactOutcome.NOT_REACHED,
        UNREACHED_CALL_MINUTES_DEFAULT,
    )
    assert again.follow_up_on == next_working_day(local_now().date())
    day = client.get(response["Location"])
    assert day.context["calls"] == []  # comes back on the next working day, not today
    texts = [str(message) for message in day.context["messages"]]
    assert _("The call with %(name)s is logged.") % {"name": "Dr. Visser"} in texts


def test_the_call_back_page_is_for_who_works_on_the_case(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, elsewhere: dict[str, object]
) -> None:
    contact = not_reached(world, werkplaats_case)
    for username in ("werkplaats2", "reclassering", "officier"):
        client = login_as(username)
        assert client.get(again_url(contact)).status_code == 403, username
        assert client.post(again_url(contact), {}).status_code == 403, username
    assert login_as("coordinator").get(again_url(contact)).status_code == 200
    # A contact of another case under this case's address does not exist.
    other = not_reached(world, assigned_werkplaats_case(world))
    mixed = reverse(
        "workplace:contact_again", kwargs={"werkplaats_case_id": werkplaats_case.pk, "contact_id": other.pk}
    )
    assert login_as("werkplaats").get(mixed).status_code == 404
    worker = elsewhere["werkplaats-noord"]
    assert isinstance(worker, User)
    client = Client()
    client.force_login(worker)
    verify_second_factor(client, worker)
    assert client.get(again_url(contact)).status_code == 404
    assert Contact.objects.count() == 2


def test_a_finished_case_offers_no_call_back(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    from zsm.workplace.services import werkplaats_case_transition

    contact = not_reached(world, werkplaats_case)
    werkplaats_case.refresh_from_db()
    werkplaats_case_transition(
        user=world["coordinator"],
        werkplaats_case_id=werkplaats_case.pk,
        target=WerkplaatsStatus.WITHDRAWN,
        expected_version=werkplaats_case.version,
    )
    response = login_as("coordinator").get(again_url(contact))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workplace:case", kwargs={"werkplaats_case_id": werkplaats_case.pk}))


def test_the_call_back_page_costs_the_same_queries_however_long_the_history(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    client = login_as("werkplaats")
    contact = not_reached(world, werkplaats_case)
    client.get(again_url(contact))
    with CaptureQueriesContext(connection) as short:
        client.get(again_url(contact))
    for _n in range(4):
        not_reached(world, werkplaats_case)
    with CaptureQueriesContext(connection) as long:
        assert len(client.get(again_url(contact)).context["history"]) == 5
    assert len(long.captured_queries) == len(short.captured_queries)


# --- The number is kept, and checked ----------------------------------------------------------------------------


def test_a_contact_persons_number_is_kept_for_the_next_contact(
    world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    not_reached(world, werkplaats_case, phone=" 030 -  123 45 67 ")
    later = contact_log(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        data=ContactInput(role=ContactRole.GP, name="dr. visser", channel="phone", outcome="reached", minutes=12),
    )
    assert later.phone == "030 - 123 45 67"  # kept as typed, trimmed; the same person in any case
    other = contact_log(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        data=ContactInput(role=ContactRole.FAMILY, name="Dr. Visser", channel="phone", outcome="reached", minutes=5),
    )
    assert other.phone == ""  # another role is another person


def test_the_service_refuses_a_number_that_is_not_dutch(
    world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    from zsm.common.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        not_reached(world, werkplaats_case, phone="+32 2 123 45 67")
    assert refused.value.field_errors == {"phone": [PHONE_ERROR]}
    assert not Contact.objects.exists()


def test_every_field_error_comes_in_one_round_with_the_focus_on_the_summary(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    contact = not_reached(world, werkplaats_case)
    client = login_as("werkplaats")
    data = {
        **call_back_form(client, contact),
        "contact-name": "",
        "contact-phone": "12345",
        "contact-minutes": "0",
        "contact-follow_up_on": date(2000, 1, 3).isoformat(),
        "contact-summary": "Voicemail vol",
    }
    response = client.post(again_url(contact), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"name", "phone", "minutes", "follow_up_on"}
    assert form.errors["phone"] == [PHONE_ERROR]
    assert form.errors["follow_up_on"] == [_("The follow-up date cannot lie in the past.")]
    body = response.content.decode()
    [summary] = re.findall(r"<div[^>]*data-testid=\"contact-errors\"[^>]*>", body)
    assert "autofocus" in summary
    assert 'tabindex="-1"' in summary
    assert 'role="alert"' in summary
    assert body.count("autofocus") == 1
    assert 'href="#id_contact-phone"' in body
    assert "Voicemail vol</textarea>" in body  # what was typed is kept
    assert 'value="12345"' in body
    assert Contact.objects.count() == 1


def test_the_case_page_form_starts_with_sensible_defaults(login_as: LoginAs, werkplaats_case: WerkplaatsCase) -> None:
    response = login_as("werkplaats").get(reverse("workplace:case", kwargs={"werkplaats_case_id": werkplaats_case.pk}))
    form = response.context["forms"]["contact"]
    assert form["channel"].value() == ContactChannel.PHONE
    assert form["outcome"].value() == ContactOutcome.REACHED
    assert form["minutes"].value() == CONTACT_MINUTES_DEFAULT
    assert form["version"].value() == werkplaats_case.version
    assert form["seen"].value() == 0
    body = response.content.decode()
    assert 'type="tel"' in body
    assert f'data-minutes-unreached="{UNREACHED_CALL_MINUTES_DEFAULT}"' in body


# --- A case that changed meanwhile ------------------------------------------------------------------------------


def test_a_colleagues_call_meanwhile_is_a_conflict_shown_in_place_and_what_was_typed_is_kept(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    contact = not_reached(world, werkplaats_case)
    client = login_as("werkplaats")
    data = {**call_back_form(client, contact), "contact-summary": "Assistente zegt: na 14 uur"}
    # Meanwhile the coordinator reaches the GP herself.
    colleague = contact_log(
        user=world["coordinator"],
        werkplaats_case_id=werkplaats_case.pk,
        data=ContactInput(
            role=ContactRole.GP, name="Dr. Visser", channel="phone", outcome="reached", minutes=8, summary="Geregeld."
        ),
    )
    response = client.post(again_url(contact), data)
    assert response.status_code == 409
    form = response.context["form"]
    assert str(CONTACT_CONFLICT) in form.non_field_errors()
    assert form["summary"].value() == "Assistente zegt: na 14 uur"
    assert form["seen"].value() == str(colleague.pk)  # saving again is a deliberate choice
    assert response.context["contact_conflict"]["contacts"] == [colleague]
    body = response.content.decode()
    assert 'data-testid="contact-conflict"' in body
    assert "Geregeld." in body
    assert world["coordinator"].display_name in body
    assert Contact.objects.count() == 2
    # Checked, logged again: taken.
    again = client.post(again_url(contact), form.data)
    assert again.status_code == 302
    assert Contact.objects.count() == 3


def test_the_workers_own_calls_from_another_tab_are_no_conflict(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    contact = not_reached(world, werkplaats_case)
    client = login_as("werkplaats")
    data = call_back_form(client, contact)
    not_reached(world, werkplaats_case)  # the worker's own, in another tab
    assert client.post(again_url(contact), data).status_code == 302


def test_a_case_moved_on_meanwhile_is_a_conflict_with_its_state_shown(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    contact = not_reached(world, werkplaats_case)
    client = login_as("werkplaats")
    data = {**call_back_form(client, contact), "contact-version": str(werkplaats_case.version - 1)}
    response = client.post(again_url(contact), data)
    assert response.status_code == 409
    conflict = response.context["contact_conflict"]
    assert conflict["status"] == WerkplaatsStatus(WerkplaatsStatus.IN_PROGRESS).label
    assert conflict["worker"] == world["werkplaats"].display_name
    werkplaats_case.refresh_from_db()
    assert response.context["form"]["version"].value() == str(werkplaats_case.version)
    assert Contact.objects.count() == 1


def test_the_case_page_form_obeys_the_same_conflict_with_and_without_htmx(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    case_url = reverse("workplace:case", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    log_url = reverse("workplace:contact_log", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    client = login_as("werkplaats")
    data = {
        **posted(client.get(case_url).context["forms"]["contact"]),
        "contact-role": ContactRole.CLIENT,
        "contact-name": "Cliënt",
        "contact-phone": "0612345678",
    }
    colleague = not_reached(world, werkplaats_case, user="coordinator")
    refused = client.post(log_url, data)
    assert refused.status_code == 409
    assert refused.context["forms"]["contact"]["name"].value() == "Cliënt"
    assert refused.context["contact_conflict"]["contacts"] == [colleague]
    swapped = client.post(log_url, data, headers={"HX-Request": "true"})
    assert swapped.status_code == 200  # htmx swaps 2xx only: the conflict is drawn in the section
    body = swapped.content.decode()
    assert 'data-testid="contact-conflict"' in body
    assert 'value="Cliënt"' in body
    assert Contact.objects.count() == 1
    # The section's form now carries the case as it is: logged again, it is taken, and the fresh form follows.
    kept = swapped.context["forms"]["contact"]
    done = client.post(log_url, kept.data, headers={"HX-Request": "true"})
    assert 'data-testid="logged"' in done.content.decode()
    fresh = done.context["forms"]["contact"]
    werkplaats_case.refresh_from_db()
    assert fresh.initial["version"] == werkplaats_case.version
    assert fresh.initial["seen"] == Contact.objects.latest("pk").pk
    assert Contact.objects.get(name="Cliënt").phone == "0612345678"


def test_the_demo_gives_each_person_one_dutch_number() -> None:
    from zsm.common.validators import phone_is_dutch
    from zsm.demo.werkplaats import demo_phone

    assert demo_phone("Sanne de Wit") == demo_phone("Sanne de Wit")
    assert all(phone_is_dutch(demo_phone(name)) for name in ("Sanne de Wit", "Dr. Visser", "brigadier Bakker"))
