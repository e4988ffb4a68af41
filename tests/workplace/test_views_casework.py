"""The werkplaats case page and its casework forms: need-to-know, the colleague's review, the keyboard
flow of a round of calls, the time total, the hand-over summary and its PDF, and the access log."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from tests.conftest import verify_second_factor
from tests.workplace.access_casework import LOW_SCORES, assigned_werkplaats_case, judgement_input
from tests.workplace.flow import om_decides
from zsm.accounts.models import User
from zsm.audit.constants import Action, Purpose
from zsm.audit.models import AuditEvent
from zsm.common.clock import local_now
from zsm.common.holidays import next_working_day
from zsm.workplace.constants import AssessmentStatus, ContactOutcome, WerkplaatsStatus
from zsm.workplace.models import Advice, Assessment, Contact, WerkplaatsCase
from zsm.workplace.selectors import intervention_catalogue
from zsm.workplace.services import (
    ContactInput,
    HelpInput,
    assessment_record,
    assessment_review,
    contact_log,
    conversation_record,
    help_action_plan,
    help_involvement_record,
    monitoring_check_plan,
    special_note_record,
    time_entry_record,
)

pytestmark = pytest.mark.django_db

LoginAs = Callable[..., Client]


def url(name: str, werkplaats_case: WerkplaatsCase, **extra: object) -> str:
    return reverse(f"workplace:{name}", kwargs={"werkplaats_case_id": werkplaats_case.pk, **extra})


def assessment_post(judgement: str = "Schulden drijven het gedrag.") -> dict[str, object]:
    data: dict[str, object] = {f"score_{area}": str(score) for area, score in LOW_SCORES.items()}
    data.update({"professional_judgement": judgement, "minutes": "30", "note_income_debts": "Deurwaarder"})
    return data


def contact_post(outcome: str = ContactOutcome.NOT_REACHED, name: str = "Wijkagent De Vries") -> dict[str, object]:
    return {
        "contact-role": "community_officer",
        "contact-organisation": "Politie Utrecht",
        "contact-name": name,
        "contact-channel": "phone",
        "contact-outcome": outcome,
        "contact-summary": "",
        "contact-minutes": "10",
        "contact-follow_up_on": "",
    }


@pytest.fixture
def werkplaats_case(world: dict[str, User]) -> WerkplaatsCase:
    return assigned_werkplaats_case(world)


# --- Need-to-know -------------------------------------------------------------------------------------


def test_the_om_is_refused_the_casework(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    client = login_as("officier")
    assert client.get(url("case", werkplaats_case)).status_code == 403
    assert client.post(url("contact_log", werkplaats_case), contact_post()).status_code == 403
    assert client.get(url("assessment_create", werkplaats_case)).status_code == 403
    assert client.post(url("assessment_create", werkplaats_case), assessment_post()).status_code == 403
    assessment = assessment_record(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, data=judgement_input()
    )
    review = reverse("workplace:assessment_review", kwargs={"assessment_id": assessment.pk})
    assert client.get(review).status_code == 403
    assert client.get(url("summary_pdf", werkplaats_case)).status_code == 403
    assert not Contact.objects.exists()
    assert Assessment.objects.count() == 1


def test_victim_support_sees_nothing_of_the_casework(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    client = login_as("slachtofferhulp")
    assessment = assessment_record(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, data=judgement_input()
    )
    gets = ["case", "summary", "summary_pdf", "assessment_create", "advice_give"]
    posts = [
        "contact_log",
        "help_add",
        "help_action_plan",
        "check_plan",
        "conversation_record",
        "time_entry_record",
        "special_note_record",
        "case_close",
        "case_hand_over",
    ]
    for name in gets:
        assert client.get(url(name, werkplaats_case)).status_code in (403, 404), name
    for name in posts:
        assert client.post(url(name, werkplaats_case), {}).status_code in (403, 404), name
    review = reverse("workplace:assessment_review", kwargs={"assessment_id": assessment.pk})
    assert client.get(review).status_code in (403, 404)
    assert client.post(review, {"decision": "confirm"}).status_code in (403, 404)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.AWAITING_REVIEW
    assert not AuditEvent.objects.filter(actor=world["slachtofferhulp"], event__startswith="werkplaats_case.").exists()


def test_a_case_at_another_location_does_not_exist(
    client: Client, werkplaats_case: WerkplaatsCase, elsewhere: dict[str, object]
) -> None:
    worker = elsewhere["werkplaats-noord"]
    assert isinstance(worker, User)
    client.force_login(worker)
    verify_second_factor(client, worker)
    assert client.get(url("case", werkplaats_case)).status_code == 404
    assert client.post(url("contact_log", werkplaats_case), contact_post()).status_code == 404


def test_a_reader_sees_the_case_but_no_forms(login_as: LoginAs, werkplaats_case: WerkplaatsCase) -> None:
    for username in ("reclassering", "werkplaats2"):
        response = login_as(username).get(url("case", werkplaats_case))
        assert response.status_code == 200
        body = response.content.decode()
        assert url("contact_log", werkplaats_case) not in body
        assert url("assessment_create", werkplaats_case) not in body
        assert response.context["can_change"] is False
        assert login_as(username).post(url("contact_log", werkplaats_case), contact_post()).status_code == 403
    assert not Contact.objects.exists()


def test_the_worker_sees_the_forms_and_nobody_has_the_lead(login_as: LoginAs, werkplaats_case: WerkplaatsCase) -> None:
    response = login_as("werkplaats").get(url("case", werkplaats_case))
    assert response.status_code == 200
    body = response.content.decode()
    assert url("contact_log", werkplaats_case) in body
    assert 'data-testid="no-lead"' in body


# --- The colleague's review --------------------------------------------------------------------------


def test_a_colleague_confirms_the_assessment(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    assessment = assessment_record(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, data=judgement_input()
    )
    review = reverse("workplace:assessment_review", kwargs={"assessment_id": assessment.pk})
    client = login_as("werkplaats2")
    assert client.get(review).status_code == 200
    response = client.post(review, {"decision": "confirm", "note": ""})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.CONFIRMED
    assert assessment.reviewed_by == world["werkplaats2"]


def test_the_author_cannot_confirm_their_own_assessment(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    assessment = assessment_record(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, data=judgement_input()
    )
    review = reverse("workplace:assessment_review", kwargs={"assessment_id": assessment.pk})
    response = login_as("werkplaats").post(review, {"decision": "confirm"})
    assert response.status_code == 403
    assert response.context["refusal"] == _(
        "You cannot review your own assessment: a colleague confirms or challenges it."
    )
    assert 'data-testid="refusal"' in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.AWAITING_REVIEW
    assert assessment.reviewed_by is None


def test_a_challenge_needs_a_note(login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase) -> None:
    assessment = assessment_record(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, data=judgement_input()
    )
    review = reverse("workplace:assessment_review", kwargs={"assessment_id": assessment.pk})
    response = login_as("coordinator").post(review, {"decision": "challenge", "note": " "})
    assert response.status_code == 400
    assert response.context["form"].errors["note"]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.AWAITING_REVIEW


# --- The RISc light ---------------------------------------------------------------------------------------


def test_the_risc_light_form_is_labelled_as_decision_support(
    login_as: LoginAs, werkplaats_case: WerkplaatsCase
) -> None:
    response = login_as("werkplaats").get(url("assessment_create", werkplaats_case))
    assert response.status_code == 200
    body = response.content.decode()
    assert _("Decision support, not a validated instrument.") in body
    assert body.count('type="radio"') == 11 * 3


def test_an_assessment_without_professional_judgement_is_refused(
    login_as: LoginAs, werkplaats_case: WerkplaatsCase
) -> None:
    response = login_as("werkplaats").post(url("assessment_create", werkplaats_case), assessment_post(judgement=" "))
    assert response.status_code == 400
    message = _("Write down your professional judgement: the scores alone do not make an assessment.")
    assert response.context["form"].errors["professional_judgement"] == [message]
    assert escape(message) in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_assessment_is_recorded_and_awaits_review(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    response = login_as("werkplaats").post(url("assessment_create", werkplaats_case), assessment_post())
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.status == AssessmentStatus.AWAITING_REVIEW
    assert assessment.recorded_by == world["werkplaats"]
    assert assessment.scores == LOW_SCORES


def test_the_advice_builds_on_a_confirmed_assessment_and_shows_the_oms_answer(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    assessment = assessment_record(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, data=judgement_input()
    )
    assessment_review(user=world["werkplaats2"], assessment_id=assessment.pk, confirm=True)
    intervention = intervention_catalogue().first()
    client = login_as("werkplaats")
    assert client.get(url("advice_give", werkplaats_case)).status_code == 200
    data = {
        "disposal": "conditional_dismissal",
        "intervention": str(intervention.pk) if intervention else "",
        "conditions": "Begeleiding door het wijkteam",
        "rationale": "Laag risico, veel schulden: hulp in een vrijwillig kader.",
        "shared_details": "",
        "minutes": "20",
    }
    assert client.post(url("advice_give", werkplaats_case), {**data, "rationale": ""}).status_code == 400
    assert client.post(url("advice_give", werkplaats_case), data).status_code == 302
    assert str(_("Waiting for the OM")) in client.get(url("case", werkplaats_case)).content.decode()
    om_decides(world, werkplaats_case, conditions="Begeleiding door het wijkteam", intervention_id=(
        intervention.pk if intervention else None))  # fmt: skip
    assert Advice.objects.get().response == "adopted"
    body = client.get(url("case", werkplaats_case)).content.decode()
    assert "Laag risico, veel schulden" in body
    assert str(_("Waiting for the OM")) not in body
    assert str(_("Plan monitoring or close the case")) in body
    # A second advice is not offered.
    assert client.get(url("advice_give", werkplaats_case)).status_code == 302


# --- Contacts ------------------------------------------------------------------------------------------------


def test_an_unreached_contact_comes_back_on_the_next_working_day(
    login_as: LoginAs, werkplaats_case: WerkplaatsCase
) -> None:
    client = login_as("werkplaats")
    expected = next_working_day(local_now().date())
    response = client.post(url("contact_log", werkplaats_case), contact_post())
    assert response.status_code == 302
    assert response["Location"].endswith("?next_call=1#contact-form")
    contact = Contact.objects.get()
    assert contact.follow_up_on == expected
    page = client.get(response["Location"])
    body = page.content.decode()
    assert _("comes back on %(day)s") % {"day": date_format(expected, "l d-m-Y")} in body
    # The fresh form has the focus for the next call.
    assert "autofocus" in body
    werkplaats_case.refresh_from_db()
    assert werkplaats_case.status == WerkplaatsStatus.IN_PROGRESS


def test_the_contact_log_keeps_the_keyboard_flow_with_htmx(login_as: LoginAs, werkplaats_case: WerkplaatsCase) -> None:
    client = login_as("werkplaats")
    expected = next_working_day(local_now().date())
    response = client.post(url("contact_log", werkplaats_case), contact_post(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="contacts"' in body
    assert 'data-testid="logged"' in body
    assert expected.strftime("%d-%m-%Y") in body
    assert "autofocus" in body
    assert 'value="Wijkagent De Vries"' not in body  # a fresh form, not the one just sent
    # A refused contact keeps what was typed.
    refused = client.post(
        url("contact_log", werkplaats_case), {**contact_post(), "contact-name": ""}, headers={"HX-Request": "true"}
    )
    assert refused.status_code == 200
    assert "utrecht-form-field--invalid" in refused.content.decode()
    assert Contact.objects.count() == 1


def test_a_refused_contact_shows_field_errors_and_stores_nothing(
    login_as: LoginAs, werkplaats_case: WerkplaatsCase
) -> None:
    data = {**contact_post(), "contact-follow_up_on": date(2000, 1, 3).isoformat()}
    response = login_as("werkplaats").post(url("contact_log", werkplaats_case), data)
    assert response.status_code == 400
    assert response.context["forms"]["contact"].errors["follow_up_on"] == [
        _("The follow-up date cannot lie in the past.")
    ]
    assert not Contact.objects.exists()


# --- Time ---------------------------------------------------------------------------------------------------


def test_the_case_total_is_the_sum_of_its_activities(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    worker = world["werkplaats"]
    today = local_now().date()
    contact_log(
        user=worker,
        werkplaats_case_id=werkplaats_case.pk,
        data=ContactInput(role="gp", name="Huisarts", channel="phone", outcome="reached", minutes=15),
    )
    assessment_record(user=worker, werkplaats_case_id=werkplaats_case.pk, data=judgement_input())
    time_entry_record(user=worker, werkplaats_case_id=werkplaats_case.pk, kind="reporting", minutes=25, spent_on=today)
    conversation_record(
        user=worker, werkplaats_case_id=werkplaats_case.pk, held_on=today, goals="Kennismaken", minutes=45
    )
    response = login_as("werkplaats").get(url("case", werkplaats_case))
    by_activity = response.context["minutes_by_activity"]
    assert response.context["total_minutes"] == sum(minutes for _label, minutes, _duration in by_activity) == 115
    assert response.context["total_duration"] == "1:55"


# --- Forms on the case page -----------------------------------------------------------------------------------


def test_help_plan_checks_and_closing_go_through_their_services(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    client = login_as("werkplaats")
    today = local_now().date().isoformat()
    helped = {"help-agency": "Wijkteam", "help-working": "yes", "help-has_lead": "on"}
    assert client.post(url("help_add", werkplaats_case), helped).status_code == 302
    assert 'data-testid="lead"' in client.get(url("case", werkplaats_case)).content.decode()
    plan = {"action-description": "Aanmelden schuldhulp", "action-owner": "Wijkteam", "action-due_on": today}
    assert client.post(url("help_action_plan", werkplaats_case), plan).status_code == 302
    check = {"check-subject": "Loopt de schuldhulp?", "check-due_on": today}
    assert client.post(url("check_plan", werkplaats_case), check).status_code == 302
    spent = {"time-kind": "case_review", "time-minutes": "20", "time-spent_on": today}
    assert client.post(url("time_entry_record", werkplaats_case), spent).status_code == 302
    # Closing needs an outcome; the workflow refuses closing before the advice (a conflict, input kept).
    refused = client.post(url("case_close", werkplaats_case), {"close-outcome": "", "close-version": "1"})
    assert refused.status_code == 400
    werkplaats_case.refresh_from_db()
    conflict = client.post(
        url("case_close", werkplaats_case), {"close-outcome": "Klaar", "close-version": str(werkplaats_case.version)}
    )
    assert conflict.status_code == 409
    assert conflict.context["forms"]["close"].non_field_errors()
    handover = {
        "handover-handover_kind": "advice",
        "handover-handover_question": "Is een leerstraf passend gezien de schulden?",
        "handover-outcome": "Overgedragen aan de reguliere reclassering.",
        "handover-version": str(werkplaats_case.version),
    }
    # Handing over waits for the OM's decision (a summons with a request for a report, here).
    assert client.post(url("case_hand_over", werkplaats_case), handover).status_code == 409
    om_decides(world, werkplaats_case, disposal="summons", summons_type="police_judge")
    assert client.post(url("case_hand_over", werkplaats_case), handover).status_code == 302
    werkplaats_case.refresh_from_db()
    assert werkplaats_case.status == WerkplaatsStatus.HANDED_OVER
    assert werkplaats_case.handover_question.startswith("Is een leerstraf")


def test_a_stale_hand_over_is_refused_and_keeps_the_input(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    stale = werkplaats_case.version
    contact_log(  # the first contact puts the case in progress: a new version
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        data=ContactInput(role="gp", name="Huisarts", channel="phone", outcome="reached", minutes=5),
    )
    handover = {
        "handover-handover_kind": "supervision",
        "handover-handover_question": "Toezicht op de schuldhulp?",
        "handover-outcome": "Overgedragen.",
        "handover-version": str(stale),
    }
    response = login_as("coordinator").post(url("case_hand_over", werkplaats_case), handover)
    assert response.status_code == 409
    form = response.context["forms"]["handover"]
    assert _(
        "Someone else changed this werkplaats case meanwhile. Reload the page and check before saving again."
    ) in " ".join(form.non_field_errors())
    werkplaats_case.refresh_from_db()
    assert form["version"].value() == str(werkplaats_case.version)
    assert form["handover_question"].value() == "Toezicht op de schuldhulp?"
    assert werkplaats_case.status == WerkplaatsStatus.IN_PROGRESS


def test_recording_a_check_without_a_note_on_help_not_running_is_refused(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    check = monitoring_check_plan(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, subject="Hulp?", due_on=local_now().date()
    )
    prefix = f"check-{check.pk}"
    response = login_as("werkplaats").post(
        url("check_record", werkplaats_case, check_id=check.pk),
        {f"{prefix}-outcome": "not_running_chased", f"{prefix}-outcome_note": "", f"{prefix}-minutes": "10"},
    )
    assert response.status_code == 400
    assert escape(_("Say whom you chased and what was agreed.")) in response.content.decode()
    check.refresh_from_db()
    assert check.outcome == ""


# --- The hand-over summary --------------------------------------------------------------------------------------


def _fill(world: dict[str, User], werkplaats_case: WerkplaatsCase) -> None:
    worker = world["werkplaats"]
    contact_log(
        user=worker,
        werkplaats_case_id=werkplaats_case.pk,
        data=ContactInput(
            role="family",
            name="Moeder Jansen",
            channel="home_visit",
            outcome="reached",
            minutes=40,
            summary="Zegt: “hij wil wel” – schuld € 4.500 bij de woningcorporatie’s incasso.",
        ),
    )
    help_involvement_record(
        user=worker, werkplaats_case_id=werkplaats_case.pk, data=HelpInput(agency="GGZ Centraal", working="partly")
    )
    assessment_record(user=worker, werkplaats_case_id=werkplaats_case.pk, data=judgement_input())
    help_action_plan(user=worker, werkplaats_case_id=werkplaats_case.pk, description="Budgetcoach", owner="Gemeente")
    special_note_record(user=worker, werkplaats_case_id=werkplaats_case.pk, category="addiction", text="Cannabis")


def test_the_summary_pdf_is_a_pdf_and_is_logged(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    _fill(world, werkplaats_case)
    response = login_as("werkplaats").get(url("summary_pdf", werkplaats_case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(event="werkplaats_case.summary_exported")
    assert event.person_id == werkplaats_case.case.suspect_id
    assert event.object_id == str(werkplaats_case.pk)
    assert event.purpose == Purpose.HANDOVER
    assert event.action == Action.EXPORT


def test_the_printable_summary_shows_everything_gathered(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    _fill(world, werkplaats_case)
    response = login_as("reclassering").get(url("summary", werkplaats_case))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Moeder Jansen", "GGZ Centraal", _("Nobody has the lead."), "Budgetcoach", "Cannabis", "print.js"):
        assert text in body, text
    assert AuditEvent.objects.filter(event="werkplaats_case.summary_viewed", actor=world["reclassering"]).exists()


# --- The access log and the query budget --------------------------------------------------------------------------


def test_the_case_page_writes_an_access_event(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    login_as("reclassering").get(url("case", werkplaats_case))
    event = AuditEvent.objects.get(event="werkplaats_case.viewed")
    assert event.actor == world["reclassering"]
    assert event.object_type == "workplace.werkplaatscase"
    assert event.object_id == str(werkplaats_case.pk)
    assert event.person_id == werkplaats_case.case.suspect_id
    assert event.purpose == Purpose.WERKPLAATS_CASEWORK


def test_the_case_page_has_a_fixed_query_budget(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    client = login_as("werkplaats")
    client.get(url("case", werkplaats_case))  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("case", werkplaats_case)).status_code == 200
    for _round in range(3):
        _fill(world, werkplaats_case)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("case", werkplaats_case)).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries) <= 20


def test_the_summary_pdf_embeds_a_font_for_names_beyond_western_europe(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    suspect = werkplaats_case.case.suspect
    suspect.given_names, suspect.surname = "Şükrü", "Łukasiewicz-Țurcanu"
    suspect.save(update_fields=["given_names", "surname"])
    response = login_as("werkplaats").get(url("summary_pdf", werkplaats_case))
    assert response.status_code == 200
    # The embedded (subset) TrueType fonts carry ş, ł and ț, also in bold labels; Helvetica's WinAnsi could not.
    fonts = set(re.findall(rb"/BaseFont /([^\s/]+)", response.content))
    assert {font.split(b"+")[-1] for font in fonts} >= {b"DejaVuSans", b"DejaVuSans-Bold"}
    assert b"Helvetica-Bold" not in fonts


def test_a_stale_help_change_is_refused_and_keeps_the_input(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    entry = help_involvement_record(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, data=HelpInput("Wijkteam", "unknown")
    )
    edit = url("help_edit", werkplaats_case, involvement_id=entry.pk)
    stale = {"agency": "Wijkteam", "working": "no", "note": "Loopt niet.", "version": "1"}
    coordinator = login_as("coordinator")
    assert coordinator.post(edit, {**stale, "working": "yes", "note": "Loopt goed."}).status_code == 302
    response = login_as("werkplaats").post(edit, stale)
    assert response.status_code == 409
    form = response.context["form"]
    assert form["note"].value() == "Loopt niet."  # what she typed is kept …
    assert form["version"].value() == "2"  # … and saving again is a deliberate choice
    entry.refresh_from_db()
    assert (entry.working, entry.note) == ("yes", "Loopt goed.")
