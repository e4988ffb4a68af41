"""Referral pages: the panel on the werkplaats case (constant queries), searching the map for the client,
the referral form, the referral's page with its timeline, links and steps, and the refusals (403/404,
field errors, conflicts) that change nothing. Every page showing the client is in the access log."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from tests.socialmap.access_referrals import fresh_token
from tests.socialmap.factories import draft_referral, institution_input, make_institution, sent_referral
from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.audit.constants import Purpose
from zsm.audit.models import AuditEvent
from zsm.common.clock import local_now
from zsm.socialmap.constants import LegalBasis, Need, ReferralActor, ReferralStatus
from zsm.socialmap.models import Referral, ReferralLink
from zsm.socialmap.services import (
    ContactInput,
    LinkAnswer,
    ServiceInput,
    institution_save,
    referral_acknowledge,
    referral_move,
)
from zsm.workplace.models import WerkplaatsCase

pytestmark = pytest.mark.django_db

S = ReferralStatus
LoginAs = Callable[..., Client]


@pytest.fixture
def werkplaats_case(world: dict[str, User]) -> WerkplaatsCase:
    return assigned_case(world)


@pytest.fixture
def institution(world: dict[str, User]) -> Any:
    return make_institution(world, name="Buurtteam Lombok", areas=((3521, 3521),))


def referral_url(name: str, referral: Referral) -> str:
    return reverse(f"socialmap:{name}", kwargs={"referral_id": referral.pk})


def case_url(werkplaats_case: WerkplaatsCase) -> str:
    return reverse("workplace:case", kwargs={"werkplaats_case_id": werkplaats_case.pk})


def form_post(institution: Any, **overrides: Any) -> dict[str, Any]:
    service = institution.services.first()
    contact = institution.contact_persons.first()
    data = {
        "institution": institution.pk,
        "service": service.pk,
        "contact_person": contact.pk,
        "need": Need.DEBT_HELP,
        "question": "Graag een intake voor schuldhulp.",
        "legal_basis": LegalBasis.CONSENT,
        "consent_note": "Mondeling, 24-11.",
        "worker_phone": "06 12345678",
    }
    data.update(overrides)
    return data


def snapshot(referral: Referral) -> tuple[Any, ...]:
    stored = Referral.objects.get(pk=referral.pk)
    return stored.status, stored.version, stored.question, stored.transitions.count(), stored.links.count()


# --- The panel on the werkplaats case page -------------------------------------------------------------------


def test_the_panel_lists_the_referrals_in_constant_queries(
    login_as: LoginAs,
    world: dict[str, User],
    werkplaats_case: WerkplaatsCase,
    institution: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = login_as("werkplaats")
    sent_referral(world, werkplaats_case.pk, institution)
    client.get(case_url(werkplaats_case))
    with CaptureQueriesContext(connection) as one:
        response = client.get(case_url(werkplaats_case))
    for _index in range(4):
        draft_referral(world, werkplaats_case.pk, make_institution(world))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(case_url(werkplaats_case))
    body = response.content.decode()
    assert body.count('data-testid="referral-row"') == 5
    assert escape("Buurtteam Lombok") in body
    assert str(S.SENT.label) in body
    assert str(S.DRAFT.label) in body
    assert reverse("socialmap:referral_search", kwargs={"werkplaats_case_id": werkplaats_case.pk}) in body


def test_the_panel_marks_a_chase_that_is_due(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = sent_referral(world, werkplaats_case.pk, institution)
    Referral.objects.filter(pk=referral.pk).update(sent_at=referral.sent_at - timedelta(days=10))
    body = login_as("werkplaats").get(case_url(werkplaats_case)).content.decode()
    assert 'data-testid="chase-due"' in body


def test_a_reader_sees_the_referrals_but_cannot_refer(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    draft_referral(world, werkplaats_case.pk, institution)
    body = login_as("werkplaats2").get(case_url(werkplaats_case)).content.decode()
    assert 'data-testid="referral-row"' in body
    assert 'data-testid="refer"' not in body


# --- Searching the map for the client ----------------------------------------------------------------------------


def test_the_search_prefills_the_clients_postcode_and_offers_refer_here(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    suspect = werkplaats_case.case.suspect
    suspect.postcode = "3521AB"
    suspect.save()
    make_institution(world, name="Schuldhulp Stad", areas=((3500, 3585),))
    client = login_as("werkplaats")
    url = reverse("socialmap:referral_search", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="3521AB"' in page.content.decode()
    assert AuditEvent.objects.filter(event="referral_search.viewed", person_id=suspect.pk).exists()
    fragment = client.get(url, {"q": "schuldhulp", "place": "3521"}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "<html" not in body
    assert body.index("Buurtteam Lombok") < body.index("Schuldhulp Stad")
    create = reverse("socialmap:referral_create", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    assert f"{create}?institution={institution.pk}" in body


def test_a_reader_who_does_not_work_on_the_case_may_not_refer(
    login_as: LoginAs, werkplaats_case: WerkplaatsCase
) -> None:
    url = reverse("socialmap:referral_search", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    assert login_as("werkplaats2").get(url).status_code == 403


def test_an_unknown_case_is_not_found(login_as: LoginAs) -> None:
    url = reverse("socialmap:referral_search", kwargs={"werkplaats_case_id": 999999})
    assert login_as("werkplaats").get(url).status_code == 404


# --- The referral form -----------------------------------------------------------------------------------------


@pytest.fixture
def two_services(world: dict[str, User]) -> Any:
    """An institution with two active services and a general contact next to its referral contact."""
    data = institution_input(name="Wijkteam Zuid", areas=((3521, 3521),))
    data.services.append(ServiceInput(need=Need.HOUSING, name="Woonbegeleiding"))
    data.contacts.insert(0, ContactInput(name="Anna Algemeen", email="info@wijkteam.example"))
    return institution_save(user=world["werkplaats"], data=data)


CHECKED_SERVICE = re.compile(r'<input type="radio" name="service" value="(\d+)"[^>]*checked')
CHECKED_CONTACT = re.compile(r'<input type="radio" name="contact_person" value="(\d+)"[^>]*checked')


def test_the_form_is_prefilled_from_the_map(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, two_services: Any
) -> None:
    world["werkplaats"].phone = "030 765 43 21"
    world["werkplaats"].save()
    housing = two_services.services.get(need=Need.HOUSING)
    url = reverse("socialmap:referral_create", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    response = login_as("werkplaats").get(url, {"institution": two_services.pk, "service": housing.pk})
    form = response.context["form"]
    assert not form.is_bound
    # The service from "Refer here" is chosen, and the worker can pick the other one.
    assert form.chooses_service
    assert form["service"].value() == housing.pk
    assert form["need"].value() == ""  # the need follows the chosen service
    assert form["worker_phone"].value() == "030 765 43 21"
    referral_contact = two_services.contact_persons.get(receives_referrals=True)
    assert form["contact_person"].value() == referral_contact.pk
    body = response.content.decode()
    assert CHECKED_SERVICE.findall(body) == [str(housing.pk)]
    assert body.count('name="service"') == 2
    assert CHECKED_CONTACT.findall(body) == [str(referral_contact.pk)]
    assert 'value="030 765 43 21"' in body
    # Nothing is marked invalid before a submit: no errors, and no `required` for the browser's :invalid.
    assert "aria-invalid" not in body
    assert "--invalid" not in body
    assert re.search(r"<textarea[^>]*required", body) is None
    assert str(_("Offence details can only be shared on a recorded legal basis.")) not in body


def test_a_single_service_is_not_a_choice(login_as: LoginAs, werkplaats_case: WerkplaatsCase, institution: Any) -> None:
    service = institution.services.get()
    url = reverse("socialmap:referral_create", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    response = login_as("werkplaats").get(url, {"institution": institution.pk})
    form = response.context["form"]
    assert not form.chooses_service
    assert form["service"].value() == service.pk
    assert f'<input type="hidden" name="service" value="{service.pk}"' in response.content.decode()


def test_the_need_follows_the_chosen_service_unless_chosen(
    login_as: LoginAs, werkplaats_case: WerkplaatsCase, two_services: Any
) -> None:
    housing = two_services.services.get(need=Need.HOUSING)
    url = reverse("socialmap:referral_create", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    client = login_as("werkplaats")
    assert client.post(url, form_post(two_services, service=housing.pk, need="")).status_code == 302
    first = Referral.objects.get()
    assert (first.service_id, first.need) == (housing.pk, Need.HOUSING)
    assert client.post(url, form_post(two_services, service=housing.pk, need=Need.INCOME)).status_code == 302
    second = Referral.objects.exclude(pk=first.pk).get()
    assert (second.service_id, second.need) == (housing.pk, Need.INCOME)


def test_without_a_service_the_need_must_be_chosen(
    login_as: LoginAs, werkplaats_case: WerkplaatsCase, two_services: Any
) -> None:
    url = reverse("socialmap:referral_create", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    response = login_as("werkplaats").post(url, form_post(two_services, service="", need=""))
    assert response.status_code == 400
    assert response.context["form"].errors["need"] == [_("Choose the need.")]
    assert not Referral.objects.exists()


def test_a_service_of_another_institution_is_refused(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, two_services: Any
) -> None:
    other = make_institution(world).services.get()
    url = reverse("socialmap:referral_create", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    response = login_as("werkplaats").post(url, form_post(two_services, service=other.pk))
    assert response.status_code == 400
    assert "service" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_saving_the_form_creates_a_draft(login_as: LoginAs, werkplaats_case: WerkplaatsCase, institution: Any) -> None:
    url = reverse("socialmap:referral_create", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    response = login_as("werkplaats").post(url, form_post(institution))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == referral_url("referral", referral)
    assert (referral.status, referral.legal_basis, referral.worker_phone) == (
        S.DRAFT,
        LegalBasis.CONSENT,
        "06 12345678",
    )


def test_field_errors_in_dutch_and_nothing_saved(
    login_as: LoginAs, werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    url = reverse("socialmap:referral_create", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    response = login_as("werkplaats").post(
        url, form_post(institution, consent_note="", legal_basis="", share_offence="on")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["share_offence"] == [_("Offence details can only be shared on a recorded legal basis.")]
    response = login_as("werkplaats").post(url, form_post(institution, consent_note=""))
    assert response.context["form"].errors["consent_note"] == [_("Record how and when the client gave consent.")]
    assert not Referral.objects.exists()


def test_without_an_institution_back_to_the_search(login_as: LoginAs, werkplaats_case: WerkplaatsCase) -> None:
    url = reverse("socialmap:referral_create", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    response = login_as("werkplaats").get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "socialmap:referral_search", kwargs={"werkplaats_case_id": werkplaats_case.pk}
    )


def test_editing_a_draft_and_a_stale_edit(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = draft_referral(world, werkplaats_case.pk, institution)
    client = login_as("werkplaats")
    url = referral_url("referral_edit", referral)
    assert client.get(url).context["form"]["version"].value() == referral.version
    ok = client.post(url, form_post(institution, question="Nieuwe vraag", version=referral.version))
    assert ok.status_code == 302
    before = snapshot(referral)
    stale = client.post(url, form_post(institution, question="Oude versie", version=referral.version))
    assert stale.status_code == 409
    assert _("Someone else changed this referral meanwhile. Reload the page and check before saving again.") in [
        str(e) for e in stale.context["form"].non_field_errors()
    ]
    assert snapshot(referral) == before
    assert Referral.objects.get(pk=referral.pk).question == "Nieuwe vraag"


# --- The referral's page and its steps ------------------------------------------------------------------------


def test_the_page_shows_the_timeline_and_links_never_the_token(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = sent_referral(world, werkplaats_case.pk, institution)
    response = login_as("reclassering").get(referral_url("referral", referral))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="transition"') == 2
    assert world["werkplaats"].display_name in body
    assert 'data-testid="link-row"' in body
    assert "intake@example.org" in body
    link = ReferralLink.objects.get(referral=referral)
    assert link.token_hash not in body
    assert 'data-testid="send-form"' not in body
    assert 'data-testid="move-form"' not in body
    event = AuditEvent.objects.filter(event="referral.viewed").latest("pk")
    assert (event.person_id, event.purpose) == (werkplaats_case.case.suspect_id, Purpose.WERKPLAATS_CASEWORK)


def test_sending_from_the_page_says_where_the_mail_went(
    login_as: LoginAs,
    world: dict[str, User],
    werkplaats_case: WerkplaatsCase,
    institution: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    referral = draft_referral(world, werkplaats_case.pk, institution)
    client = login_as("werkplaats")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(referral_url("referral_send", referral), {"version": referral.version}, follow=True)
    assert Referral.objects.get(pk=referral.pk).status == S.SENT
    assert len(mail.outbox) == 1
    text = " ".join(str(m) for m in response.context["messages"])
    assert _("An e-mail with the link went to %(email)s.") % {"email": "intake@example.org"} in text


def test_sending_without_a_legal_basis_is_refused_and_changes_nothing(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = draft_referral(world, werkplaats_case.pk, institution, legal_basis="", consent_note="")
    before = snapshot(referral)
    response = login_as("werkplaats").post(referral_url("referral_send", referral), {"version": referral.version})
    assert response.status_code == 400
    assert escape(_("Record the legal basis or the client's consent before the referral is sent.")) in (
        response.content.decode()
    )
    assert snapshot(referral) == before


@pytest.mark.parametrize("name", ["referral_send", "referral_resend", "referral_chase"])
def test_a_stale_version_shows_the_conflict(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any, name: str
) -> None:
    make = draft_referral if name == "referral_send" else sent_referral
    referral = make(world, werkplaats_case.pk, institution)
    before = snapshot(referral)
    response = login_as("werkplaats").post(referral_url(name, referral), {"version": referral.version - 1 or 99})
    assert response.status_code == 409
    assert snapshot(referral) == before


def test_chasing_and_a_new_link(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = sent_referral(world, werkplaats_case.pk, institution)
    client = login_as("werkplaats")
    assert client.post(referral_url("referral_chase", referral), {"version": referral.version}).status_code == 302
    chased = Referral.objects.get(pk=referral.pk)
    assert chased.chased_on is not None
    assert client.post(referral_url("referral_resend", referral), {"version": chased.version}).status_code == 302
    assert ReferralLink.objects.filter(referral=referral).count() == 2
    assert ReferralLink.objects.filter(referral=referral, revoked_at__isnull=True).count() == 1


def test_the_step_form_offers_only_what_the_table_allows(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = sent_referral(world, werkplaats_case.pk, institution)
    form = login_as("werkplaats").get(referral_url("referral", referral)).context["move_form"]
    offered = {value for value, _label in form.fields["target"].choices}
    # The table's steps from "sent", and the shortcuts a worker on the phone needs (via acknowledged).
    assert offered == {S.ACKNOWLEDGED, S.INTAKE_PLANNED, S.STARTED, S.DECLINED, S.NO_RESPONSE, S.WITHDRAWN}


def test_recording_steps(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = sent_referral(world, werkplaats_case.pk, institution)
    client = login_as("werkplaats")
    url = referral_url("referral_move", referral)
    refused = client.post(url, {"target": S.DECLINED, "reason": "", "version": referral.version})
    assert refused.status_code == 400
    assert refused.context["move_form"].errors["reason"] == [_("Give the reason the referral is declined.")]
    assert Referral.objects.get(pk=referral.pk).status == S.SENT
    forbidden = client.post(url, {"target": S.COMPLETED, "version": referral.version})
    assert forbidden.status_code == 400
    assert Referral.objects.get(pk=referral.pk).status == S.SENT
    done = client.post(url, {"target": S.ACKNOWLEDGED, "note": "Telefonisch bevestigd.", "version": referral.version})
    assert done.status_code == 302
    moved = Referral.objects.get(pk=referral.pk)
    assert moved.status == S.ACKNOWLEDGED
    stale = client.post(url, {"target": S.STARTED, "version": referral.version})
    assert stale.status_code == 409
    assert Referral.objects.get(pk=referral.pk).version == moved.version


def test_a_reader_may_not_take_steps(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = sent_referral(world, werkplaats_case.pk, institution)
    before = snapshot(referral)
    client = login_as("werkplaats2")
    assert client.post(referral_url("referral_chase", referral), {"version": referral.version}).status_code == 403
    move = {"target": S.WITHDRAWN, "version": referral.version}
    assert client.post(referral_url("referral_move", referral), move).status_code == 403
    assert snapshot(referral) == before


def test_the_police_do_not_see_referrals(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = draft_referral(world, werkplaats_case.pk, institution)
    assert login_as("politie").get(referral_url("referral", referral)).status_code == 403


def test_a_withdrawn_referral_offers_no_steps(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = draft_referral(world, werkplaats_case.pk, institution)
    referral_move(user=world["werkplaats"], referral_id=referral.pk, target=S.WITHDRAWN, expected_version=1)
    context = login_as("werkplaats").get(referral_url("referral", referral)).context
    assert context["move_form"] is None
    assert not context["can_send"]
    assert not context["can_edit"]


def test_a_draft_offers_only_withdrawing_not_the_step_form(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = draft_referral(world, werkplaats_case.pk, institution)
    client = login_as("werkplaats")
    response = client.get(referral_url("referral", referral))
    body = response.content.decode()
    assert response.context["move_form"] is None
    assert 'data-testid="move-form"' not in body
    assert 'data-testid="withdraw-form"' in body
    assert escape(_("Withdraw the draft")) in body
    withdrawn = client.post(
        referral_url("referral_move", referral), {"target": S.WITHDRAWN, "version": referral.version}
    )
    assert withdrawn.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == S.WITHDRAWN
    # Nothing left to do: no empty "What you can do".
    after = client.get(referral_url("referral", referral))
    assert not after.context["has_actions"]
    assert 'id="actions-heading"' not in after.content.decode()


def test_a_stale_draft_withdrawal_changes_nothing(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = draft_referral(world, werkplaats_case.pk, institution)
    before = snapshot(referral)
    client = login_as("werkplaats")
    assert client.post(referral_url("referral_move", referral), {"target": S.WITHDRAWN}).status_code == 400
    stale = client.post(referral_url("referral_move", referral), {"target": S.WITHDRAWN, "version": 99})
    assert stale.status_code == 409
    assert snapshot(referral) == before


def test_the_step_form_asks_only_what_the_steps_use(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = sent_referral(world, werkplaats_case.pk, institution)
    client = login_as("werkplaats")
    form = client.get(referral_url("referral", referral)).context["move_form"]
    assert (form.asks_intake, form.asks_reason) == (True, True)
    started = referral_move(
        user=world["werkplaats"], referral_id=referral.pk, target=S.STARTED, expected_version=referral.version
    )
    body = client.get(referral_url("referral", referral)).content.decode()
    form = client.get(referral_url("referral", referral)).context["move_form"]
    assert {value for value, _label in form.fields["target"].choices} == {S.COMPLETED, S.WITHDRAWN}
    assert (form.asks_intake, form.asks_reason) == (False, True)
    assert 'name="intake_on"' not in body
    assert 'name="reason"' in body
    assert started.status == S.STARTED


def test_the_timeline_labels_the_intake_date_and_the_institution(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = sent_referral(world, werkplaats_case.pk, institution)
    token = fresh_token(referral)
    day = local_now().date() + timedelta(days=7)
    referral_acknowledge(token=token, answer=LinkAnswer.PLAN_INTAKE, intake_on=day)
    body = login_as("werkplaats").get(referral_url("referral", referral)).content.decode()
    assert escape(_("Intake date: %(date)s") % {"date": date_filter(day, "j F Y")}) in body
    assert body.count('data-testid="transition-intake"') == 1
    assert escape(_("%(name)s, via the link") % {"name": institution.name}) in body
    assert f"({ReferralActor.INSTITUTION.label})" not in body
    assert day.strftime("%d-%m-%Y") not in body.split('id="timeline"')[1].split("</section>")[0]


def test_the_timeline_shows_an_intake_the_worker_recorded(
    login_as: LoginAs, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral = sent_referral(world, werkplaats_case.pk, institution)
    day = local_now().date() + timedelta(days=4)
    referral_move(
        user=world["werkplaats"],
        referral_id=referral.pk,
        target=S.INTAKE_PLANNED,
        intake_on=day,
        note="Telefonisch afgesproken.",
        expected_version=referral.version,
    )
    body = login_as("werkplaats").get(referral_url("referral", referral)).content.decode()
    assert escape(_("Intake date: %(date)s") % {"date": date_filter(day, "j F Y")}) in body
    assert "Telefonisch afgesproken." in body
