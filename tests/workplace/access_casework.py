"""Access rows for the werkplaats casework URLs (see tests/test_url_access.py for Rule and how rows are checked).

Casework is for the werkplaats team and probation at the location (READERS); everyone else, the OM
included, gets 403 whatever the case. Recording is for who works on the case: the assigned worker
(`werkplaats`) and the coordinator (WORKERS); the other readers get 403 too. An empty POST is refused
with field errors (400), re-rendering the case page.
"""

from __future__ import annotations

from typing import Any

from tests.access_rule import Rule
from tests.cases.test_views import register_case
from zsm.accounts.models import User
from zsm.common.clock import local_now
from zsm.workplace.constants import Signal
from zsm.workplace.models import WerkplaatsCase
from zsm.workplace.services import (
    AssessmentInput,
    ContactInput,
    HelpInput,
    assessment_record,
    contact_log,
    help_action_plan,
    help_involvement_record,
    monitoring_check_plan,
    werkplaats_case_assign,
    werkplaats_case_propose,
)

READERS = frozenset({"reclassering", "werkplaats", "werkplaats2", "coordinator"})
WORKERS = frozenset({"werkplaats", "coordinator"})
LOW_SCORES = {
    "offence_history": 1,
    "housing": 0,
    "education_work": 0,
    "income_debts": 2,
    "relationships": 0,
    "friends": 0,
    "drugs": 0,
    "alcohol": 0,
    "emotional_wellbeing": 1,
    "thinking_behaviour": 0,
    "attitude": 0,
}


def assigned_werkplaats_case(world: dict[str, User], worker: str = "werkplaats") -> WerkplaatsCase:
    """A fresh ZSM case, proposed by probation and assigned by the coordinator to `worker`."""
    case = register_case(world)
    proposed = werkplaats_case_propose(user=world["reclassering"], case_id=case.pk, signals=[Signal.UNPAYABLE_DEBTS])
    return werkplaats_case_assign(
        user=world["coordinator"],
        werkplaats_case_id=proposed.pk,
        worker_id=world[worker].pk,
        expected_version=proposed.version,
    )


def judgement_input(judgement: str = "Schulden drijven het gedrag; hulp via het wijkteam.") -> AssessmentInput:
    return AssessmentInput(scores=dict(LOW_SCORES), professional_judgement=judgement, minutes=30)


def case_kwargs(world: dict[str, User]) -> dict[str, object]:
    return {"werkplaats_case_id": assigned_werkplaats_case(world).pk}


def help_kwargs(world: dict[str, User]) -> dict[str, object]:
    werkplaats_case = assigned_werkplaats_case(world)
    involvement = help_involvement_record(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        data=HelpInput(agency="Wijkteam", working="yes"),
    )
    return {"werkplaats_case_id": werkplaats_case.pk, "involvement_id": involvement.pk}


def assessment_kwargs(world: dict[str, User]) -> dict[str, object]:
    werkplaats_case = assigned_werkplaats_case(world)
    assessment = assessment_record(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, data=judgement_input()
    )
    return {"assessment_id": assessment.pk}


def action_kwargs(world: dict[str, User]) -> dict[str, object]:
    werkplaats_case = assigned_werkplaats_case(world)
    action = help_action_plan(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, description="Aanmelden", owner="Wijkteam"
    )
    return {"werkplaats_case_id": werkplaats_case.pk, "action_id": action.pk}


def check_kwargs(world: dict[str, User]) -> dict[str, object]:
    werkplaats_case = assigned_werkplaats_case(world)
    check = monitoring_check_plan(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        subject="Loopt de hulp?",
        due_on=local_now().date(),
    )
    return {"werkplaats_case_id": werkplaats_case.pk, "check_id": check.pk}


def contact_kwargs(world: dict[str, User]) -> dict[str, object]:
    """A call not reached on a fresh case: the attempt a call back starts from."""
    werkplaats_case = assigned_werkplaats_case(world)
    contact = contact_log(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        data=ContactInput(role="gp", name="Huisarts", channel="phone", outcome="not_reached", minutes=2),
    )
    return {"werkplaats_case_id": werkplaats_case.pk, "contact_id": contact.pk}


def _write(setup: Any = case_kwargs, ok: int = 400) -> Rule:
    return Rule(allowed=WORKERS, method="post", ok=ok, setup=setup)


ACCESS: dict[str, Any] = {
    # Reading: the team and probation at the location.
    "workplace:case": Rule(allowed=READERS, setup=case_kwargs),
    "workplace:summary": Rule(allowed=READERS, setup=case_kwargs),
    "workplace:summary_pdf": Rule(allowed=READERS, setup=case_kwargs),
    # Another worker's assessment page is open to readers; only a colleague on the team gets the form.
    "workplace:assessment_review": Rule(allowed=READERS, setup=assessment_kwargs),
    # Recording: the assigned worker and the coordinator.
    "workplace:assessment_create": Rule(allowed=WORKERS, setup=case_kwargs),
    "workplace:advice_give": Rule(allowed=WORKERS, setup=case_kwargs),
    "workplace:help_edit": Rule(allowed=WORKERS, setup=help_kwargs),
    # The call-back form of a contact: who works on the case (readers see the contact on the case page).
    "workplace:contact_again": Rule(allowed=WORKERS, setup=contact_kwargs),
    "workplace:contact_log": _write(),
    "workplace:help_add": _write(),
    "workplace:help_action_plan": _write(),
    "workplace:help_action_status": _write(action_kwargs, ok=302),  # an empty status: a message, back to the case
    "workplace:check_plan": _write(),
    "workplace:check_record": _write(check_kwargs),
    "workplace:conversation_record": _write(),
    "workplace:time_entry_record": _write(),
    "workplace:special_note_record": _write(),
    "workplace:case_close": _write(),
    "workplace:case_hand_over": _write(),
}
