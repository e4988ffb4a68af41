"""The institution form and its formsets as the service sees them: what is sent (`InstitutionInput`, nested ids),
where the service's errors land, and the one-step confirmation behind the list of entries to check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils.translation import gettext as _

from tests.socialmap.factories import make_institution
from tests.socialmap.test_map_views import edit_post, new_institution_post
from zsm.accounts.models import User
from zsm.common.clock import local_now
from zsm.common.exceptions import ConflictError
from zsm.socialmap.constants import Need
from zsm.socialmap.forms import InstitutionForms
from zsm.socialmap.models import Institution
from zsm.socialmap.selectors import institution_get, institutions_to_verify
from zsm.socialmap.services import institution_verify

pytestmark = pytest.mark.django_db


def loaded(world: dict[str, User], institution: Institution) -> Institution:
    return institution_get(user=world["werkplaats"], institution_id=institution.pk)


def test_unchanged_items_are_sent_with_their_id(world: dict[str, User]) -> None:
    institution = make_institution(world)
    forms = InstitutionForms(edit_post(institution), institution=loaded(world, institution))
    assert forms.is_valid(), forms.form.errors
    data = forms.to_input()
    assert [s.id for s in data.services] == [institution.services.get().pk]
    assert [a.id for a in data.areas] == [institution.areas.get().pk]
    assert [c.id for c in data.contacts] == [institution.contact_persons.get().pk]
    assert forms.version() == institution.version


def test_an_empty_extra_row_is_not_sent_and_a_filled_one_is_new(world: dict[str, User]) -> None:
    institution = make_institution(world)
    post = edit_post(institution, **{"contacts-1-name": "Nieuwe Collega", "contacts-1-function": "Intaker"})
    forms = InstitutionForms(post, institution=loaded(world, institution))
    assert forms.is_valid()
    data = forms.to_input()
    assert len(data.services) == 1
    assert [(c.name, c.id) for c in data.contacts][1] == ("Nieuwe Collega", None)


def test_a_removed_row_is_left_out(world: dict[str, User]) -> None:
    institution = make_institution(world)
    forms = InstitutionForms(
        edit_post(institution, **{"contacts-0-DELETE": "on"}), institution=loaded(world, institution)
    )
    assert forms.is_valid()
    assert forms.to_input().contacts == []


def test_service_errors_go_to_the_row_that_was_sent(world: dict[str, User]) -> None:
    """The second row on screen is removed, so the service's "services.1" is the third row on screen."""
    data = new_institution_post(
        **{
            "services-TOTAL_FORMS": "3",
            "services-1-need": Need.HOUSING,
            "services-1-name": "Weg",
            "services-1-DELETE": "on",
            "services-2-need": Need.INCOME,
            "services-2-name": "Inkomen",
        }
    )
    forms = InstitutionForms(data)
    assert forms.is_valid()
    assert [s.name for s in forms.to_input().services] == ["Wijkteam", "Inkomen"]
    forms.add_service_errors(
        {"services.1.name": ["x"], "areas.0": ["y"], "name": ["z"], "contacts": ["w"], "other": ["v"]}, "refused"
    )
    assert forms.services.forms[2].errors["name"] == ["x"]
    assert forms.services.forms[1].errors == {}
    assert forms.areas.forms[0].non_field_errors() == ["y"]
    assert forms.form.errors["name"] == ["z"]
    assert forms.section_errors == {"contacts": ["w"]}
    assert "v" in forms.form.non_field_errors()


def test_a_refusal_without_fields_is_a_message_above_the_form() -> None:
    forms = InstitutionForms(new_institution_post())
    assert forms.is_valid()
    forms.to_input()
    forms.add_service_errors({}, "Niet opgeslagen.")
    assert forms.form.non_field_errors() == ["Niet opgeslagen."]


def test_the_form_checks_postcode_ranges_in_dutch() -> None:
    forms = InstitutionForms(new_institution_post(**{"areas-0-postcode_from": "", "areas-0-postcode_to": "99999"}))
    assert not forms.is_valid()
    row = forms.areas.forms[0]
    assert row.errors["postcode_from"] == [_("Enter the first four-digit postcode of the range.")]
    assert row.errors["postcode_to"]


def test_entries_to_check_are_the_unverified_and_the_old_oldest_first(world: dict[str, User]) -> None:
    today = local_now().date()
    ages = {"Vers": 30, "Net op tijd": 182, "Te oud": 184, "Nooit": None}
    for name, age in ages.items():
        institution = make_institution(world, name=name)
        Institution.objects.filter(pk=institution.pk).update(
            verified_on=today - timedelta(days=age) if age is not None else None
        )
    names = [i.name for i in institutions_to_verify(user=world["werkplaats"], today=today)]
    assert names == ["Nooit", "Te oud"]
    assert list(institutions_to_verify(user=world["politie"], today=today)) == []


def test_confirming_takes_the_entry_off_the_list(world: dict[str, User]) -> None:
    institution = make_institution(world)
    Institution.objects.filter(pk=institution.pk).update(verified_on=None)
    institution_verify(user=world["coordinator"], institution_id=institution.pk, expected_version=institution.version)
    assert list(institutions_to_verify(user=world["coordinator"])) == []
    with pytest.raises(ConflictError):
        institution_verify(user=world["coordinator"], institution_id=institution.pk, expected_version=1)
