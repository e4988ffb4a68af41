"""The decision form asks only for the chosen disposal's fields: each fieldset says which disposals it belongs to
(decisions/disposal.js shows only those), and the server ignores what was typed in any other fieldset, so a
leftover or malformed value there never blocks or changes the decision."""

from __future__ import annotations

import re

import pytest

from tests.decisions import register
from tests.decisions.test_views import Login, World, form_url, post_data
from zsm.decisions.caps import APPOINTMENT_DISPOSALS, DISPOSAL_FIELDS, DecisionInput
from zsm.decisions.constants import Disposal, SummonsType
from zsm.decisions.forms import COMMON_FIELDS, GROUPS, INPUT_NAME, DecisionForm
from zsm.decisions.models import Decision


def shown_for(disposal: str) -> set[str]:
    return {name for group in GROUPS if disposal in group.disposals for name in group.names}


@pytest.mark.parametrize("disposal", Disposal.values)
def test_each_disposal_shows_exactly_the_fields_caps_keeps_for_it(disposal: str) -> None:
    shown = {INPUT_NAME.get(name, name) for name in shown_for(disposal)}
    appointment = {"appointment_at", "appointment_place", "appointment_with"}
    assert shown - appointment == set(DISPOSAL_FIELDS[disposal])
    assert (appointment <= shown) == (disposal in APPOINTMENT_DISPOSALS)


def test_every_form_field_is_in_one_fieldset_or_common_to_all() -> None:
    names = [name for group in GROUPS for name in group.names]
    assert len(names) == len(set(names))
    assert set(names) | set(COMMON_FIELDS) == set(DecisionForm.base_fields)


def test_the_form_clears_and_forgives_another_disposals_fields() -> None:
    form = DecisionForm(
        {
            "version": "1",
            "disposal": Disposal.SUMMONS,
            "summons_type": SummonsType.POLICE_JUDGE,
            "fine_amount": "veel",  # malformed, but not the summons' business
            "community_service_hours": "-3",
            "conditions": "Meldplicht",
            "probation_involved": "on",
            "appointment_at": "morgen",
        }
    )
    assert form.is_valid(), form.errors
    data = form.decision_input()
    assert data == DecisionInput(disposal=Disposal.SUMMONS, summons_type=SummonsType.POLICE_JUDGE)


def test_the_chosen_disposals_own_errors_stay() -> None:
    form = DecisionForm({"version": "1", "disposal": Disposal.STRAFBESCHIKKING, "fine_amount": "veel"})
    assert not form.is_valid()
    assert list(form.errors) == ["fine_amount"]


def test_without_a_disposal_only_that_is_asked() -> None:
    form = DecisionForm({"version": "1", "fine_amount": "veel", "halt_hours": "0"})
    assert not form.is_valid()
    assert list(form.errors) == ["disposal"]


@pytest.mark.django_db
def test_a_summons_is_recorded_although_other_fieldsets_hold_junk(world: World, login_as: Login) -> None:
    """Without JavaScript every fieldset is on the page and sent: the officer's summons still goes through."""
    case = register(world["politie"])
    data = post_data(
        case,
        disposal="summons",
        summons_type="police_judge",
        fine_amount="veel",
        halt_hours="0",
        appointment_at="morgen",
    )
    response = login_as("officier").post(form_url(case), data)
    assert response.status_code == 302, response.context["form"].errors
    decision = Decision.objects.get(case=case)
    assert decision.disposal == Disposal.SUMMONS
    assert decision.conditions == ""
    assert decision.probation_period_months is None
    assert decision.appointment_at is None
    assert decision.appointment_place == ""


@pytest.mark.django_db
def test_the_page_groups_the_fields_by_disposal_under_headings(world: World, login_as: Login) -> None:
    case = register(world["politie"])
    page = login_as("officier").get(form_url(case)).content.decode()
    fieldsets = re.findall(r'<fieldset[^>]*data-disposals="([^"]*)"', page)
    assert len(fieldsets) == len(GROUPS)
    assert "conditional_dismissal refer_to_werkplaats strafbeschikking" in fieldsets  # the appointment
    assert "decisions/disposal.js" in page
    # Radio buttons first (the choice), then the fieldsets.
    assert page.index('name="disposal"') < page.index("data-disposals=")
