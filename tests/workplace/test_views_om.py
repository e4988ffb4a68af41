"""The advice as the OM meets it: read, answered, rated — and carried into the decision form."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.decisions import conditional_dismissal
from tests.workplace.flow import ANSWERING_DECISION, advised_case, om_decides
from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.decisions.models import Decision
from zsm.decisions.services import decision_record
from zsm.workplace.constants import AdviceResponse
from zsm.workplace.models import Advice, Intervention

pytestmark = pytest.mark.django_db


def _url(werkplaats_case_id: int) -> str:
    return reverse("workplace:advice", kwargs={"werkplaats_case_id": werkplaats_case_id})


def test_the_officer_reads_the_advice_but_none_of_the_casework(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    werkplaats_case, _advice = advised_case(world)
    response = login_as("officier").get(_url(werkplaats_case.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "een schuldmaatje helpt meer dan een boete" in page
    assert "Cliënt gebruikt geen middelen." in page  # what the worker chose to share
    # The assessment behind it stays with probation: not its judgement, not its notes.
    assert "Geen zwaar kader nodig" not in page
    assert "goed geadministreerd" not in page
    assert AuditEvent.objects.filter(
        event="werkplaats_advice.viewed", actor=world["officier"], object_id=str(werkplaats_case.pk)
    ).exists()


def test_the_officers_decision_answers_the_advice_and_the_page_asks_why(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    werkplaats_case, advice = advised_case(world)
    client = login_as("officier")
    before = client.get(_url(werkplaats_case.pk))
    assert 'data-testid="decide-first"' in before.content.decode()
    assert before.context["form"] is None
    om_decides(world, werkplaats_case)
    advice.refresh_from_db()
    assert advice.response == AdviceResponse.ADOPTED  # read off the decision, not declared
    response = client.post(_url(werkplaats_case.pk), {"usefulness": "5", "version": advice.version})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", kwargs={"case_id": werkplaats_case.case_id})
    advice.refresh_from_db()
    assert (advice.response, advice.usefulness, advice.responded_by) == (
        AdviceResponse.ADOPTED,
        5,
        world["officier"],
    )
    assert AuditEvent.objects.filter(event="advice.answered", actor=world["officier"]).exists()


def test_explaining_before_the_decision_is_a_conflict(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    werkplaats_case, advice = advised_case(world)
    response = login_as("officier").post(_url(werkplaats_case.pk), {"usefulness": "5", "version": advice.version})
    assert response.status_code == 409
    advice.refresh_from_db()
    assert (advice.response, advice.usefulness) == ("", None)


def test_not_adopting_without_a_reason_is_refused_and_nothing_changes(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    werkplaats_case, advice = advised_case(world)
    om_decides(world, werkplaats_case, **ANSWERING_DECISION["not_adopted"])
    advice.refresh_from_db()
    assert advice.response == AdviceResponse.NOT_ADOPTED
    response = login_as("officier").post(_url(werkplaats_case.pk), {"version": advice.version})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    advice.refresh_from_db()
    assert advice.response_reason == ""


def test_an_answer_on_a_stale_version_is_a_conflict(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    werkplaats_case, advice = advised_case(world)
    om_decides(world, werkplaats_case)
    advice.refresh_from_db()
    client = login_as("officier")
    client.post(_url(werkplaats_case.pk), {"usefulness": "4", "version": advice.version})
    response = client.post(_url(werkplaats_case.pk), {"usefulness": "1", "version": advice.version})
    assert response.status_code == 409
    advice.refresh_from_db()
    assert advice.usefulness == 4


def test_the_werkplaats_reads_the_answer_but_cannot_give_it(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    werkplaats_case, advice = advised_case(world)
    client = login_as("werkplaats")
    response = client.get(_url(werkplaats_case.pk))
    assert response.status_code == 200
    assert response.context["form"] is None
    response = client.post(_url(werkplaats_case.pk), {"response": AdviceResponse.ADOPTED, "version": advice.version})
    assert response.status_code == 403
    advice.refresh_from_db()
    assert advice.response == ""


@pytest.mark.parametrize("username", ["slachtofferhulp", "politie"])
def test_partners_without_need_to_know_are_refused(
    login_as: Callable[..., Client], world: dict[str, User], username: str
) -> None:
    werkplaats_case, _advice = advised_case(world)
    assert login_as(username).get(_url(werkplaats_case.pk)).status_code == 403


def test_the_decision_form_starts_from_the_advice(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    werkplaats_case, _advice = advised_case(world)
    response = login_as("officier").get(
        reverse("decisions:decision_create", kwargs={"case_id": werkplaats_case.case_id})
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["disposal"] == "conditional_dismissal"
    assert form.initial["conditions"] == "Meewerken aan schuldhulp."
    assert "een schuldmaatje helpt meer dan een boete" in response.content.decode()


def test_an_intervention_from_the_catalogue_can_be_the_condition(world: dict[str, User]) -> None:
    werkplaats_case, _advice = advised_case(world)
    training = Intervention.objects.get(name="Korte training alcohol en geweld")
    decision = decision_record(
        user=world["officier"],
        case_id=werkplaats_case.case_id,
        data=conditional_dismissal(conditions="", intervention_id=training.pk),
    )
    assert Decision.objects.get(pk=decision.pk).intervention == training


def test_a_retired_intervention_is_refused_as_a_condition(world: dict[str, User]) -> None:
    from zsm.common.exceptions import ApplicationError

    werkplaats_case, _advice = advised_case(world)
    retired = Intervention.objects.create(name="Oude training", active=False)
    with pytest.raises(ApplicationError) as refused:
        decision_record(
            user=world["officier"],
            case_id=werkplaats_case.case_id,
            data=conditional_dismissal(intervention_id=retired.pk),
        )
    assert "intervention" in refused.value.field_errors
    assert not Decision.objects.filter(case_id=werkplaats_case.case_id).exists()
    assert Advice.objects.filter(werkplaats_case=werkplaats_case).exists()
