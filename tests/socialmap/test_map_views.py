"""The social map's pages: search with its htmx partial, an institution with its referral figures, adding and
correcting entries (field errors, the version check), the list of entries to check and the one-step confirm."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pytest_django import DjangoAssertNumQueries

from tests.socialmap.factories import make_institution, sent_referral
from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.common.clock import local_now
from zsm.socialmap.constants import InstitutionKind, Need
from zsm.socialmap.models import ContactPerson, Institution, Service, ServiceArea
from zsm.socialmap.selectors import institution_search

pytestmark = pytest.mark.django_db

LoginAs = Callable[..., Client]
SEARCH = reverse("socialmap:search")
CREATE = reverse("socialmap:institution_create")
VERIFICATION = reverse("socialmap:verification")


def detail_url(institution: Institution) -> str:
    return reverse("socialmap:institution", kwargs={"institution_id": institution.pk})


def edit_url(institution: Institution) -> str:
    return reverse("socialmap:institution_edit", kwargs={"institution_id": institution.pk})


def verify_url(institution: Institution) -> str:
    return reverse("socialmap:institution_verify", kwargs={"institution_id": institution.pk})


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_institution_post(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Buurtteam Overvecht",
        "kind": InstitutionKind.MUNICIPALITY,
        "municipality": "Utrecht",
        "phone": "030 123 4567",
        "email": "overvecht@example.org",
        "opening_hours": "ma–vr 9–17",
        "active": "on",
        **management("services", 1),
        "services-0-need": Need.NEIGHBOURHOOD_TEAM,
        "services-0-name": "Wijkteam",
        "services-0-active": "on",
        **management("areas", 1),
        "areas-0-postcode_from": "3561",
        "areas-0-postcode_to": "3564",
        "areas-0-municipality": "Utrecht",
        **management("contacts", 1),
        "contacts-0-name": "Sanne Smit",
        "contacts-0-email": "sanne@example.org",
        "contacts-0-receives_referrals": "on",
    }
    data.update(overrides)
    return data


def edit_post(institution: Institution, **overrides: str) -> dict[str, str]:
    """The edit form as the browser sends it back unchanged, plus `overrides`."""
    service = institution.services.get()
    area = institution.areas.get()
    contact = institution.contact_persons.get()
    data = {
        "name": institution.name,
        "kind": institution.kind,
        "municipality": institution.municipality,
        "email": institution.email,
        "active": "on",
        "version": str(institution.version),
        **management("services", 2, 1),
        "services-0-id": str(service.pk),
        "services-0-need": service.need,
        "services-0-name": service.name,
        "services-0-active": "on",
        "services-1-active": "on",
        **management("areas", 2, 1),
        "areas-0-id": str(area.pk),
        "areas-0-postcode_from": str(area.postcode_from),
        "areas-0-postcode_to": str(area.postcode_to),
        "areas-0-municipality": area.municipality,
        **management("contacts", 2, 1),
        "contacts-0-id": str(contact.pk),
        "contacts-0-name": contact.name,
        "contacts-0-email": contact.email,
        "contacts-0-receives_referrals": "on",
    }
    data.update(overrides)
    return data


def snapshot() -> list[object]:
    return [
        list(Institution.objects.values().order_by("pk")),
        list(Service.objects.values().order_by("pk")),
        list(ServiceArea.objects.values().order_by("pk")),
        list(ContactPerson.objects.values().order_by("pk")),
    ]


# --- Search ------------------------------------------------------------------------------------------------


def test_the_search_page_shows_the_form_and_ranked_results(login_as: LoginAs, world: dict[str, User]) -> None:
    make_institution(world, name="Landelijke Schuldhulp", areas=((1000, 9999),))
    make_institution(world, name="Buurtteam Lombok", areas=((3521, 3525),))
    response = login_as("politie").get(SEARCH, {"q": "schuldhulp", "place": "3521 AB"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'hx-trigger="input changed delay:250ms, search"' in html
    assert 'aria-live="polite"' in html
    assert html.index("Buurtteam Lombok") < html.index("Landelijke Schuldhulp")
    assert escape(_("neighbourhood")) in html
    assert escape(_("whole country")) in html
    assert "info@example.org" in html
    assert 'data-testid="refer-here"' not in html  # only on a case's referral page


def test_htmx_gets_only_the_results(login_as: LoginAs, world: dict[str, User]) -> None:
    make_institution(world, name="Kredietbank Utrecht")
    response = login_as("werkplaats").get(SEARCH, {"q": "schuld", "place": "3521"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Kredietbank Utrecht" in html
    assert reverse("socialmap:institution", kwargs={"institution_id": Institution.objects.get().pk}) in html


def test_an_empty_result_says_what_to_try(login_as: LoginAs, world: dict[str, User]) -> None:
    make_institution(world)
    response = login_as("werkplaats").get(SEARCH, {"q": "bestaat-niet"}, HTTP_HX_REQUEST="true")
    assert escape(_("No active institution matches this search.")) in response.content.decode()


def test_an_entry_not_verified_for_six_months_is_marked(login_as: LoginAs, world: dict[str, User]) -> None:
    make_institution(world, name="Oud")
    make_institution(world, name="Vers")
    Institution.objects.filter(name="Oud").update(verified_on=local_now().date() - timedelta(days=200))
    html = login_as("werkplaats").get(SEARCH, {"q": "schuld"}, HTTP_HX_REQUEST="true").content.decode()
    assert html.count('data-testid="stale"') == 1
    assert html.index('data-testid="stale"') < html.index("Vers")


def test_the_results_partial_offers_referral_on_a_case(world: dict[str, User]) -> None:
    institution = make_institution(world)
    werkplaats_case = assigned_case(world)
    hits = institution_search(user=world["werkplaats"], text="schuld", place="3521")
    try:
        html = render_to_string(
            "socialmap/_search_results.html", {"hits": hits, "searched": True, "werkplaats_case": werkplaats_case}
        )
    except NoReverseMatch as error:  # the referral pages are built separately; skip until their URL exists
        pytest.skip(f"socialmap:referral_create not available yet: {error}")
    service = institution.services.get()
    assert f"?institution={institution.pk}&amp;service={service.pk}" in html


def test_the_search_page_takes_as_many_queries_for_many_results(
    login_as: LoginAs, world: dict[str, User], django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    make_institution(world, name="Schuldhulp 0")
    client = login_as("werkplaats")
    with CaptureQueriesContext(connection) as one:
        client.get(SEARCH, {"q": "schuld", "place": "3521"})
    for n in range(1, 8):
        make_institution(world, name=f"Schuldhulp {n}")
    with django_assert_max_num_queries(len(one)):
        response = client.get(SEARCH, {"q": "schuld", "place": "3521"})
    assert response.content.decode().count('data-testid="hit"') == 8


# --- One institution -----------------------------------------------------------------------------------


def test_the_institution_page_shows_its_details_and_referral_figures(login_as: LoginAs, world: dict[str, User]) -> None:
    institution = make_institution(world, name="Kredietbank Utrecht")
    werkplaats_case = assigned_case(world)
    sent_referral(world, werkplaats_case.pk, institution)
    response = login_as("officier").get(detail_url(institution))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kredietbank Utrecht" in html
    assert "3500–3585" in html
    assert "Iris Intake" in html
    assert world["werkplaats"].display_name in html  # verified by
    assert 'data-testid="sent">1<' in html
    assert werkplaats_case.case.suspect.surname not in html  # figures only
    assert edit_url(institution) not in html  # the OM does not maintain the map


def test_an_unknown_institution_is_404(login_as: LoginAs) -> None:
    assert (
        login_as("werkplaats").get(reverse("socialmap:institution", kwargs={"institution_id": 999})).status_code == 404
    )


# --- Adding and correcting --------------------------------------------------------------------------------


def test_a_maintainer_adds_an_institution(login_as: LoginAs, world: dict[str, User]) -> None:
    client = login_as("werkplaats")
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, new_institution_post())
    institution = Institution.objects.get(name="Buurtteam Overvecht")
    assert response.status_code == 302
    assert response["Location"] == detail_url(institution)
    assert list(institution.services.values_list("need", "name")) == [(Need.NEIGHBOURHOOD_TEAM, "Wijkteam")]
    assert list(institution.areas.values_list("postcode_from", "postcode_to")) == [(3561, 3564)]
    assert institution.contact_persons.get().receives_referrals
    assert institution.verified_on == local_now().date()
    assert institution.verified_by == world["werkplaats"]


def test_missing_fields_get_dutch_errors_and_nothing_is_saved(login_as: LoginAs, world: dict[str, User]) -> None:
    data = new_institution_post(name="", **{"services-0-name": "", "contacts-0-email": ""})
    response = login_as("werkplaats").post(CREATE, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert escape(_("Enter the institution's name.")) in html
    assert escape(_("Enter the name of the service.")) in html
    assert not Institution.objects.exists()


def test_service_errors_land_on_their_row(login_as: LoginAs, world: dict[str, User]) -> None:
    """The form is fine, the service refuses: a referral contact without e-mail, a range back to front."""
    data = new_institution_post(
        **{"contacts-0-email": "", "areas-0-postcode_from": "3570", "areas-0-postcode_to": "3560"}
    )
    response = login_as("werkplaats").post(CREATE, data)
    assert response.status_code == 400
    forms = response.context["forms"]
    assert forms.contacts.forms[0].errors["email"] == [_("A contact who receives referrals needs an e-mail address.")]
    assert forms.areas.forms[0].non_field_errors() == [_("The first postcode of a range cannot come after the last.")]
    assert not Institution.objects.exists()


def test_no_service_at_all_is_a_section_error(login_as: LoginAs, world: dict[str, User]) -> None:
    data = new_institution_post(**{"services-0-need": "", "services-0-name": "", "services-0-active": "on"})
    response = login_as("werkplaats").post(CREATE, data)
    assert response.status_code == 400
    assert response.context["forms"].section_errors["services"] == [
        _("Add at least one service: the map is searched by need.")
    ]
    assert not Institution.objects.exists()


def test_a_correction_updates_items_by_id_and_verifies(login_as: LoginAs, world: dict[str, User]) -> None:
    institution = make_institution(world)
    Institution.objects.filter(pk=institution.pk).update(verified_on=None, verified_by=None)
    service = institution.services.get()
    data = edit_post(
        institution,
        **{
            "services-0-name": "Schuldhulp intake",
            "services-1-need": Need.DEBT_BUDDY,
            "services-1-name": "Maatje",
            "areas-0-DELETE": "on",
            "areas-1-postcode_from": "1000",
            "areas-1-postcode_to": "9999",
        },
    )
    response = login_as("coordinator").post(edit_url(institution), data)
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.version == 2
    assert institution.verified_on == local_now().date()
    assert institution.verified_by == world["coordinator"]
    assert institution.services.get(pk=service.pk).name == "Schuldhulp intake"
    assert institution.services.count() == 2
    assert list(institution.areas.values_list("postcode_from", "postcode_to")) == [(1000, 9999)]


def test_a_stale_version_is_a_conflict_and_nothing_is_saved(login_as: LoginAs, world: dict[str, User]) -> None:
    institution = make_institution(world)
    data = edit_post(institution, name="Nieuwe naam")
    client = login_as("werkplaats")
    assert client.post(verify_url(institution), {"version": institution.version}).status_code == 302  # a colleague
    before = snapshot()
    response = client.post(edit_url(institution), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert (
        escape(_("Someone else changed this institution meanwhile. Reload the page and check before saving again."))
        in html
    )
    assert snapshot() == before
    assert 'value="Nieuwe naam"' in html  # what was typed is kept
    assert f'name="version" value="{institution.version + 1}"' in html  # saving again is deliberate


def test_an_item_of_another_institution_is_refused(login_as: LoginAs, world: dict[str, User]) -> None:
    institution = make_institution(world)
    other = make_institution(world)
    before = snapshot()
    data = edit_post(institution, **{"services-0-id": str(other.services.get().pk)})
    response = login_as("werkplaats").post(edit_url(institution), data)
    assert response.status_code == 400
    assert escape(_("An item of this institution no longer exists; reload the page.")) in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("username", ["politie", "officier", "reclassering", "slachtofferhulp"])
def test_only_maintainers_change_the_map(login_as: LoginAs, world: dict[str, User], username: str) -> None:
    institution = make_institution(world)
    before = snapshot()
    client = login_as(username)
    assert client.post(CREATE, new_institution_post()).status_code == 403
    assert client.post(edit_url(institution), edit_post(institution, name="X")).status_code == 403
    assert client.post(verify_url(institution), {"version": institution.version}).status_code == 403
    assert client.get(VERIFICATION).status_code == 403
    assert snapshot() == before


# --- Keeping the map right ----------------------------------------------------------------------------------


def test_the_list_shows_unverified_entries_oldest_first(
    login_as: LoginAs, world: dict[str, User], django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    today = local_now().date()
    for name, age in [("Recent", 10), ("Oud", 200), ("Heel oud", 400), ("Nooit", None)]:
        institution = make_institution(world, name=name)
        verified = today - timedelta(days=age) if age is not None else None
        Institution.objects.filter(pk=institution.pk).update(verified_on=verified)
    client = login_as("werkplaats")
    with CaptureQueriesContext(connection) as first:
        client.get(VERIFICATION)
    for n in range(5):
        make_institution(world, name=f"Extra {n}")  # verified today: not on the list, but queried the same way
    Institution.objects.filter(name__startswith="Extra").update(verified_on=None)
    with django_assert_max_num_queries(len(first)):
        response = client.get(VERIFICATION)
    Institution.objects.filter(name__startswith="Extra").delete()
    response = client.get(VERIFICATION)
    html = response.content.decode()
    assert html.count('data-testid="verify-row"') == 3
    assert html.index("Nooit") < html.index("Heel oud") < html.index("Oud<")
    assert "Recent" not in html


def test_still_correct_in_one_step_with_htmx(login_as: LoginAs, world: dict[str, User]) -> None:
    institution = make_institution(world)
    Institution.objects.filter(pk=institution.pk).update(verified_on=None)
    client = login_as("werkplaats2")
    response = client.post(verify_url(institution), {"version": institution.version}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="verify-{institution.pk}"' in html
    institution.refresh_from_db()
    assert institution.verified_on == local_now().date()
    assert institution.verified_by == world["werkplaats2"]
    assert 'data-testid="verify-row"' not in client.get(VERIFICATION).content.decode()


def test_still_correct_without_htmx_goes_back_with_a_message(login_as: LoginAs, world: dict[str, User]) -> None:
    institution = make_institution(world)
    response = login_as("beheer").post(verify_url(institution), {"version": institution.version}, follow=True)
    assert response.redirect_chain[-1][0] == VERIFICATION
    message = _("%(name)s is confirmed as still correct.") % {"name": institution.name}
    assert escape(message) in response.content.decode()


def test_confirming_a_stale_version_changes_nothing(login_as: LoginAs, world: dict[str, User]) -> None:
    institution = make_institution(world)
    Institution.objects.filter(pk=institution.pk).update(verified_on=None, version=5)
    before = snapshot()
    response = login_as("werkplaats").post(verify_url(institution), {"version": 1}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # htmx swaps only a 2xx: the row shows the refusal
    assert (
        escape(_("Someone else changed this institution meanwhile. Reload the page and check before confirming."))
        in response.content.decode()
    )
    assert snapshot() == before


# --- UX review: the search in the address, dates and contact details, the list's count ----------------------


def test_typing_a_search_puts_it_in_the_address(login_as: LoginAs, world: dict[str, User]) -> None:
    html = login_as("werkplaats").get(SEARCH).content.decode()
    assert html.count('hx-replace-url="true"') == 2  # both inputs
    assert html.count('hx-include="closest form"') == 2  # so the address carries ?q=&place=


def test_a_search_address_renders_the_page_with_its_values_and_results(
    login_as: LoginAs, world: dict[str, User]
) -> None:
    make_institution(world, name="Kredietbank Utrecht")
    response = login_as("werkplaats").get(f"{SEARCH}?q=schuld&place=3521+AB")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert 'value="schuld"' in html
    assert 'value="3521 AB"' in html
    assert html.count('data-testid="hit"') == 1
    assert "Kredietbank Utrecht" in html
    assert "HX-Request" in response["Vary"]  # a cached fragment is never shown as the page on Back


def test_a_history_restore_gets_the_whole_page(login_as: LoginAs, world: dict[str, User]) -> None:
    make_institution(world, name="Kredietbank Utrecht")
    response = login_as("werkplaats").get(
        SEARCH, {"q": "schuld", "place": ""}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" in html
    assert "Kredietbank Utrecht" in html


def test_only_an_overdue_entry_says_it_may_be_out_of_date(login_as: LoginAs, world: dict[str, User]) -> None:
    old = make_institution(world, name="Oud")
    fresh = make_institution(world, name="Vers")
    Institution.objects.filter(pk=old.pk).update(verified_on=local_now().date() - timedelta(days=200))
    client = login_as("werkplaats")
    html = client.get(SEARCH, {"q": "schuld"}, HTTP_HX_REQUEST="true").content.decode()
    hits = html.split('data-testid="hit"')[1:]
    hint = escape(_("may be out of date"))
    assert [hint in hit for hit in hits if ">Oud<" in hit] == [True]
    assert [hint in hit for hit in hits if ">Vers<" in hit] == [False]
    assert hint in client.get(detail_url(old)).content.decode()
    assert hint not in client.get(detail_url(fresh)).content.decode()


def test_the_address_is_written_the_dutch_way_and_phone_and_mail_are_links(
    login_as: LoginAs, world: dict[str, User]
) -> None:
    institution = make_institution(world, name="Kredietbank Utrecht", email="info@example.org")
    Institution.objects.filter(pk=institution.pk).update(
        street_address="Stadsplein 1", postcode="3581aa", city="Utrecht", phone="030 - 286 00 00"
    )
    ContactPerson.objects.filter(institution=institution).update(phone="+31 (0)6 1234 5678")
    client = login_as("werkplaats")
    results = client.get(SEARCH, {"q": "schuld"}, HTTP_HX_REQUEST="true").content.decode()
    page = client.get(detail_url(institution)).content.decode()
    for html in (results, page):
        assert "Stadsplein 1, 3581 AA Utrecht" in html
        assert 'href="tel:0302860000"' in html
        assert 'href="mailto:info@example.org"' in html
    assert 'href="tel:+31612345678"' in page  # the contact person's number


@pytest.mark.parametrize(
    ("typed", "written"), [("3581aa", "3581 AA"), ("3581 AA", "3581 AA"), ("3581", "3581"), ("", "")]
)
def test_a_postcode_is_written_with_a_space(typed: str, written: str) -> None:
    from zsm.socialmap.templatetags.socialmap_map import postcode

    assert postcode(typed) == written


def test_the_list_separates_contact_name_and_mail_and_lines_up_its_rows(
    login_as: LoginAs, world: dict[str, User]
) -> None:
    institution = make_institution(world, contact_email="intake@example.org")
    Institution.objects.filter(pk=institution.pk).update(verified_on=None, phone="030 123 4567")
    html = login_as("werkplaats").get(VERIFICATION).content.decode()
    assert 'class="utrecht-table__header-cell utrecht-table__cell" scope="row"' in html
    assert 'href="mailto:intake@example.org"' in html
    assert "Iris Intake intake@example.org" not in html
    assert 'href="tel:0301234567"' in html
    assert 'class="utrecht-button-group"' in html
    count = ngettext("%(counter)s entry to check", "%(counter)s entries to check", 1) % {"counter": 1}
    assert 'id="verify-count"' in html
    assert escape(count) in html


def test_a_one_step_confirm_updates_the_count(login_as: LoginAs, world: dict[str, User]) -> None:
    first = make_institution(world, name="Eerste")
    make_institution(world, name="Tweede")
    Institution.objects.update(verified_on=None)
    client = login_as("werkplaats")
    two = ngettext("%(counter)s entry to check", "%(counter)s entries to check", 2) % {"counter": 2}
    assert escape(two) in client.get(VERIFICATION).content.decode()
    html = client.post(verify_url(first), {"version": first.version}, HTTP_HX_REQUEST="true").content.decode()
    one = ngettext("%(counter)s entry to check", "%(counter)s entries to check", 1) % {"counter": 1}
    assert "<template>" in html  # the out-of-band count may sit next to the row
    assert 'id="verify-count"' in html
    assert 'hx-swap-oob="true"' in html
    assert escape(one) in html


def test_a_refused_confirm_leaves_the_count(login_as: LoginAs, world: dict[str, User]) -> None:
    institution = make_institution(world)
    Institution.objects.filter(pk=institution.pk).update(verified_on=None, version=5)
    html = login_as("werkplaats").post(verify_url(institution), {"version": 1}, HTTP_HX_REQUEST="true").content.decode()
    one = ngettext("%(counter)s entry to check", "%(counter)s entries to check", 1) % {"counter": 1}
    assert 'hx-swap-oob="true"' in html
    assert escape(one) in html
