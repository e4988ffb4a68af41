"""Proposing, assigning, moving on and logging contacts: who may, what is refused, what is recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
import time_machine

from tests.decisions import conditional_dismissal
from tests.workplace.flow import om_decides
from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.cases.constants import CaseStatus
from zsm.cases.models import Case
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.decisions.services import decision_record
from zsm.workplace.constants import ContactChannel, ContactOutcome, ContactRole, Signal, WerkplaatsStatus
from zsm.workplace.models import Contact, WerkplaatsCase
from zsm.workplace.services import (
    ContactInput,
    contact_log,
    selection_criterion_set,
    werkplaats_case_assign,
    werkplaats_case_propose,
    werkplaats_case_transition,
)

from .conftest import AMS, NOW

pytestmark = pytest.mark.django_db


def events(name: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event=name).order_by("pk"))


# --- proposing -------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["reclassering", "werkplaats", "coordinator", "officier"])
def test_probation_the_werkplaats_and_the_om_propose(
    world: dict[str, User], zsm_case: Callable[..., Case], username: str
) -> None:
    case = zsm_case()
    werkplaats_case = werkplaats_case_propose(
        user=world[username], case_id=case.pk, signals=[Signal.ADDICTION, Signal.HOMELESSNESS, Signal.ADDICTION]
    )
    case.refresh_from_db()
    assert case.werkplaats_candidate
    assert werkplaats_case.status == WerkplaatsStatus.PROPOSED
    assert werkplaats_case.signals == [Signal.ADDICTION, Signal.HOMELESSNESS]
    assert werkplaats_case.proposed_by == world[username]
    assert werkplaats_case.worker is None
    [event] = events("werkplaats_case.proposed")
    assert event.actor == world[username]
    assert event.person_id == case.suspect_id
    assert event.object_id == str(werkplaats_case.pk)
    assert events("case.werkplaats_candidate_set")


@pytest.mark.parametrize("username", ["politie", "slachtofferhulp", "raad", "veiligheidshuis", "beheer", "privacy"])
def test_others_do_not_propose(world: dict[str, User], zsm_case: Callable[..., Case], username: str) -> None:
    case = zsm_case()
    with pytest.raises(ApplicationError):
        werkplaats_case_propose(user=world[username], case_id=case.pk, signals=[Signal.ADDICTION])
    case.refresh_from_db()
    assert not case.werkplaats_candidate
    assert not WerkplaatsCase.objects.exists()
    assert not events("werkplaats_case.proposed")


def test_a_coordinator_elsewhere_does_not_propose(zsm_case: Callable[..., Case], elsewhere: dict[str, Any]) -> None:
    case = zsm_case()
    with pytest.raises(ApplicationError):
        werkplaats_case_propose(user=elsewhere["coordinator-noord"], case_id=case.pk, signals=[Signal.ADDICTION])
    assert not WerkplaatsCase.objects.exists()


def test_a_second_proposal_is_refused(world: dict[str, User], propose: Callable[..., WerkplaatsCase]) -> None:
    werkplaats_case = propose()
    with pytest.raises(ConflictError):
        werkplaats_case_propose(user=world["officier"], case_id=werkplaats_case.case_id, signals=[Signal.ADDICTION])
    assert WerkplaatsCase.objects.count() == 1
    assert len(events("werkplaats_case.proposed")) == 1


@pytest.mark.parametrize("signals", [[], ["gambling"]])
def test_signals_must_be_known_and_present(
    world: dict[str, User], zsm_case: Callable[..., Case], signals: list[str]
) -> None:
    case = zsm_case()
    with pytest.raises(ApplicationError) as caught:
        werkplaats_case_propose(user=world["reclassering"], case_id=case.pk, signals=signals)
    assert "signals" in caught.value.field_errors
    assert not WerkplaatsCase.objects.exists()


def test_a_closed_case_is_not_proposed(world: dict[str, User], zsm_case: Callable[..., Case]) -> None:
    case = zsm_case()
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    with pytest.raises(ConflictError):
        werkplaats_case_propose(user=world["reclassering"], case_id=case.pk, signals=[Signal.ADDICTION])


def test_a_case_the_om_referred_to_the_werkplaats_can_be_proposed_but_not_withdrawn(
    world: dict[str, User], zsm_case: Callable[..., Case]
) -> None:
    """After the OM's referral the werkplaats mark is part of the decision, and the OM waits for the advice."""
    case = zsm_case()
    decision_record(user=world["officier"], case_id=case.pk, data=conditional_dismissal(disposal="refer_to_werkplaats"))

    proposed = werkplaats_case_propose(user=world["reclassering"], case_id=case.pk, signals=[Signal.ADDICTION])
    assigned = werkplaats_case_assign(
        user=world["coordinator"], werkplaats_case_id=proposed.pk, worker_id=world["werkplaats"].pk, expected_version=1
    )
    with pytest.raises(ConflictError):
        werkplaats_case_transition(
            user=world["coordinator"],
            werkplaats_case_id=assigned.pk,
            target=WerkplaatsStatus.WITHDRAWN,
            expected_version=assigned.version,
            outcome="Toch geen werkplaatstraject.",
        )

    case.refresh_from_db()
    assert (case.status, case.werkplaats_candidate) == (CaseStatus.REFERRED_TO_WERKPLAATS, True)
    assert WerkplaatsCase.objects.get(case=case).status == WerkplaatsStatus.ASSIGNED
    assert not events("case.werkplaats_candidate_set")


def test_the_location_selection_criteria_are_applied(world: dict[str, User], zsm_case: Callable[..., Case]) -> None:
    location_id = zsm_case().location_id
    selection_criterion_set(user=world["coordinator"], location_id=location_id, signal=Signal.ADDICTION, active=True)
    selection_criterion_set(
        user=world["coordinator"], location_id=location_id, signal=Signal.HOMELESSNESS, active=False
    )
    with pytest.raises(ApplicationError) as caught:
        werkplaats_case_propose(user=world["reclassering"], case_id=zsm_case().pk, signals=[Signal.HOMELESSNESS])
    assert "signals" in caught.value.field_errors
    werkplaats_case_propose(
        user=world["reclassering"], case_id=zsm_case().pk, signals=[Signal.HOMELESSNESS, Signal.ADDICTION]
    )
    assert len(events("selection_criterion.set")) == 2


def test_only_the_coordinator_sets_selection_criteria(world: dict[str, User], zsm_case: Callable[..., Case]) -> None:
    with pytest.raises(ApplicationError):
        selection_criterion_set(
            user=world["werkplaats"], location_id=zsm_case().location_id, signal=Signal.ADDICTION, active=True
        )


# --- assigning -------------------------------------------------------------------------------


def test_the_coordinator_assigns_a_worker(world: dict[str, User], propose: Callable[..., WerkplaatsCase]) -> None:
    werkplaats_case = propose()
    with time_machine.travel(NOW, tick=False):
        assigned = werkplaats_case_assign(
            user=world["coordinator"],
            werkplaats_case_id=werkplaats_case.pk,
            worker_id=world["werkplaats2"].pk,
            expected_version=werkplaats_case.version,
        )
    assert assigned.status == WerkplaatsStatus.ASSIGNED
    assert assigned.worker == world["werkplaats2"]
    assert assigned.assigned_by == world["coordinator"]
    assert assigned.assigned_at == NOW
    assert assigned.version == werkplaats_case.version + 1
    [event] = events("werkplaats_case.assigned")
    assert event.details["worker"] == world["werkplaats2"].pk


def test_reassigning_keeps_the_status(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    werkplaats_case = assigned()
    again = werkplaats_case_assign(
        user=world["coordinator"],
        werkplaats_case_id=werkplaats_case.pk,
        worker_id=world["werkplaats2"].pk,
        expected_version=werkplaats_case.version,
    )
    assert again.status == WerkplaatsStatus.ASSIGNED
    assert again.worker == world["werkplaats2"]


@pytest.mark.parametrize("username", ["werkplaats", "reclassering", "officier", "politie"])
def test_only_the_coordinator_assigns(
    world: dict[str, User], propose: Callable[..., WerkplaatsCase], username: str
) -> None:
    werkplaats_case = propose()
    with pytest.raises(ApplicationError):
        werkplaats_case_assign(
            user=world[username],
            werkplaats_case_id=werkplaats_case.pk,
            worker_id=world["werkplaats"].pk,
            expected_version=werkplaats_case.version,
        )
    werkplaats_case.refresh_from_db()
    assert werkplaats_case.worker is None
    assert not events("werkplaats_case.assigned")


def test_a_coordinator_elsewhere_does_not_assign(
    world: dict[str, User], propose: Callable[..., WerkplaatsCase], elsewhere: dict[str, Any]
) -> None:
    werkplaats_case = propose()
    with pytest.raises(ApplicationError):
        werkplaats_case_assign(
            user=elsewhere["coordinator-noord"],
            werkplaats_case_id=werkplaats_case.pk,
            worker_id=world["werkplaats"].pk,
            expected_version=werkplaats_case.version,
        )


@pytest.mark.parametrize("assignee", ["reclassering", "coordinator", "officier", "werkplaats-noord"])
def test_the_assignee_must_be_a_werkplaats_worker_of_the_location(
    world: dict[str, User], propose: Callable[..., WerkplaatsCase], elsewhere: dict[str, Any], assignee: str
) -> None:
    werkplaats_case = propose()
    worker = elsewhere[assignee] if assignee in elsewhere else world[assignee]
    with pytest.raises(ApplicationError) as caught:
        werkplaats_case_assign(
            user=world["coordinator"],
            werkplaats_case_id=werkplaats_case.pk,
            worker_id=worker.pk,
            expected_version=werkplaats_case.version,
        )
    assert "worker" in caught.value.field_errors
    werkplaats_case.refresh_from_db()
    assert werkplaats_case.status == WerkplaatsStatus.PROPOSED


def test_a_stale_version_is_a_conflict(world: dict[str, User], propose: Callable[..., WerkplaatsCase]) -> None:
    werkplaats_case = propose()
    stale = werkplaats_case.version
    werkplaats_case_assign(
        user=world["coordinator"], werkplaats_case_id=werkplaats_case.pk, worker_id=world["werkplaats"].pk,
        expected_version=stale,
    )  # fmt: skip
    with pytest.raises(ConflictError):
        werkplaats_case_assign(
            user=world["coordinator"], werkplaats_case_id=werkplaats_case.pk, worker_id=world["werkplaats2"].pk,
            expected_version=stale,
        )  # fmt: skip
    werkplaats_case.refresh_from_db()
    assert werkplaats_case.worker == world["werkplaats"]
    assert len(events("werkplaats_case.assigned")) == 1


def test_a_withdrawn_case_is_not_assigned(world: dict[str, User], propose: Callable[..., WerkplaatsCase]) -> None:
    werkplaats_case = propose()
    withdrawn = werkplaats_case_transition(
        user=world["coordinator"], werkplaats_case_id=werkplaats_case.pk, target=WerkplaatsStatus.WITHDRAWN,
        expected_version=werkplaats_case.version,
    )  # fmt: skip
    with pytest.raises(ConflictError):
        werkplaats_case_assign(
            user=world["coordinator"], werkplaats_case_id=werkplaats_case.pk, worker_id=world["werkplaats"].pk,
            expected_version=withdrawn.version,
        )  # fmt: skip


# --- moving on -------------------------------------------------------------------------------


def test_the_worker_takes_the_case_to_its_end(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    werkplaats_case = assigned()
    for target in (WerkplaatsStatus.IN_PROGRESS, WerkplaatsStatus.ADVICE_GIVEN, WerkplaatsStatus.MONITORING):
        if target == WerkplaatsStatus.MONITORING:
            # The ZSM case still waits for the OM (its clock runs): no monitoring before the decision.
            with pytest.raises(ConflictError):
                werkplaats_case_transition(
                    user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, target=target,
                    expected_version=werkplaats_case.version,
                )  # fmt: skip
            om_decides(world, werkplaats_case)
        werkplaats_case = werkplaats_case_transition(
            user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, target=target,
            expected_version=werkplaats_case.version,
        )  # fmt: skip
        assert werkplaats_case.status == target
        assert werkplaats_case.closed_at is None
    with pytest.raises(ApplicationError) as caught:
        werkplaats_case_transition(
            user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, target=WerkplaatsStatus.CLOSED,
            expected_version=werkplaats_case.version, outcome="  ",
        )  # fmt: skip
    assert "outcome" in caught.value.field_errors
    with time_machine.travel(NOW, tick=False):
        closed = werkplaats_case_transition(
            user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, target=WerkplaatsStatus.CLOSED,
            expected_version=werkplaats_case.version, outcome="Voorwaardelijk sepot; schuldhulp loopt.",
        )  # fmt: skip
    assert closed.closed_at == NOW
    assert closed.outcome == "Voorwaardelijk sepot; schuldhulp loopt."
    closed.case.refresh_from_db()
    assert closed.case.status == "decided"  # the ZSM case carries the OM's disposal, no clock
    assert [e.details["to"] for e in events("werkplaats_case.status_changed")] == [
        "in_progress", "advice_given", "monitoring", "closed",
    ]  # fmt: skip


def test_a_forbidden_transition_changes_nothing(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()
    with pytest.raises(ConflictError):
        werkplaats_case_transition(
            user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, target=WerkplaatsStatus.MONITORING,
            expected_version=werkplaats_case.version,
        )  # fmt: skip
    with pytest.raises(ApplicationError):
        werkplaats_case_transition(
            user=world["coordinator"], werkplaats_case_id=werkplaats_case.pk, target=WerkplaatsStatus.ASSIGNED,
            expected_version=werkplaats_case.version,
        )  # fmt: skip
    werkplaats_case.refresh_from_db()
    assert werkplaats_case.status == WerkplaatsStatus.ASSIGNED
    assert not events("werkplaats_case.status_changed")


@pytest.mark.parametrize("username", ["werkplaats2", "reclassering", "officier", "politie"])
def test_only_the_assigned_worker_or_the_coordinator_moves_the_case(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], username: str
) -> None:
    werkplaats_case = assigned()
    with pytest.raises(ApplicationError):
        werkplaats_case_transition(
            user=world[username], werkplaats_case_id=werkplaats_case.pk, target=WerkplaatsStatus.IN_PROGRESS,
            expected_version=werkplaats_case.version,
        )  # fmt: skip
    werkplaats_case_transition(
        user=world["coordinator"], werkplaats_case_id=werkplaats_case.pk, target=WerkplaatsStatus.IN_PROGRESS,
        expected_version=werkplaats_case.version,
    )  # fmt: skip


def test_a_stale_transition_is_a_conflict(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    werkplaats_case = assigned()
    with pytest.raises(ConflictError):
        werkplaats_case_transition(
            user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, target=WerkplaatsStatus.IN_PROGRESS,
            expected_version=werkplaats_case.version - 1,
        )  # fmt: skip


def test_withdrawing_unmarks_the_candidate(world: dict[str, User], propose: Callable[..., WerkplaatsCase]) -> None:
    werkplaats_case = propose()
    werkplaats_case_transition(
        user=world["coordinator"], werkplaats_case_id=werkplaats_case.pk, target=WerkplaatsStatus.WITHDRAWN,
        expected_version=werkplaats_case.version,
    )  # fmt: skip
    case = Case.objects.get(pk=werkplaats_case.case_id)
    assert not case.werkplaats_candidate


# --- contacts --------------------------------------------------------------------------------


def call(outcome: str = ContactOutcome.NOT_REACHED, **overrides: Any) -> ContactInput:
    values: dict[str, Any] = {
        "role": ContactRole.COMMUNITY_OFFICER,
        "name": "Wijkagent De Vries",
        "channel": ContactChannel.PHONE,
        "outcome": outcome,
        "minutes": 10,
    }
    values.update(overrides)
    return ContactInput(**values)


@pytest.mark.parametrize(
    ("moment", "follow_up"),
    [
        (datetime(2026, 1, 16, 16, 0, tzinfo=AMS), date(2026, 1, 19)),  # Friday → Monday
        (datetime(2027, 4, 26, 11, 0, tzinfo=AMS), date(2027, 4, 28)),  # the day before Koningsdag
        (datetime(2024, 12, 24, 9, 0, tzinfo=AMS), date(2024, 12, 27)),  # Christmas Eve → 27 December
        # 00:30 on Friday here is still Thursday in UTC: the working day follows the Dutch date.
        (datetime(2026, 1, 16, 0, 30, tzinfo=AMS), date(2026, 1, 19)),
    ],
)
@pytest.mark.parametrize("outcome", [ContactOutcome.NOT_REACHED, ContactOutcome.MESSAGE_LEFT])
def test_an_unreached_contact_is_retried_on_the_next_working_day(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], moment: datetime, follow_up: date, outcome: str
) -> None:
    werkplaats_case = assigned(moment)
    with time_machine.travel(moment, tick=False):
        contact = contact_log(user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, data=call(outcome))
    assert contact.follow_up_on == follow_up
    assert contact.logged_at == moment


def test_a_reached_contact_gets_no_follow_up(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    werkplaats_case = assigned()
    contact = contact_log(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, data=call(ContactOutcome.REACHED)
    )
    assert contact.follow_up_on is None


def test_a_chosen_follow_up_date_is_kept(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    werkplaats_case = assigned()
    with time_machine.travel(NOW, tick=False):
        contact = contact_log(
            user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk,
            data=call(follow_up_on=date(2026, 1, 21)),
        )  # fmt: skip
    assert contact.follow_up_on == date(2026, 1, 21)


def test_the_first_contact_puts_the_case_in_progress_and_is_audited(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()
    contact = contact_log(user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, data=call(name=" Els "))
    werkplaats_case.refresh_from_db()
    assert werkplaats_case.status == WerkplaatsStatus.IN_PROGRESS
    assert contact.name == "Els"
    assert contact.logged_by == world["werkplaats"]
    [event] = events("contact.logged")
    assert event.object_id == str(contact.pk)
    assert event.person_id == werkplaats_case.case.suspect_id
    assert event.details["minutes"] == 10


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 13 * 60}, "minutes"),
        ({"name": "  "}, "name"),
        ({"role": "neighbour"}, "role"),
        ({"channel": "pigeon"}, "channel"),
        ({"outcome": "maybe"}, "outcome"),
        ({"follow_up_on": date(2026, 1, 13)}, "follow_up_on"),
    ],
)
def test_bad_contact_input_is_refused_and_nothing_is_stored(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], overrides: dict[str, Any], field: str
) -> None:
    werkplaats_case = assigned()
    with time_machine.travel(NOW, tick=False), pytest.raises(ApplicationError) as caught:
        contact_log(user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, data=call(**overrides))
    assert field in caught.value.field_errors
    assert not Contact.objects.exists()
    werkplaats_case.refresh_from_db()
    assert werkplaats_case.status == WerkplaatsStatus.ASSIGNED


@pytest.mark.parametrize("username", ["werkplaats2", "reclassering", "officier", "slachtofferhulp"])
def test_only_the_assigned_worker_or_the_coordinator_logs_contacts(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], username: str
) -> None:
    werkplaats_case = assigned()
    with pytest.raises(ApplicationError):
        contact_log(user=world[username], werkplaats_case_id=werkplaats_case.pk, data=call())
    contact_log(user=world["coordinator"], werkplaats_case_id=werkplaats_case.pk, data=call())
    assert Contact.objects.count() == 1


def test_no_contacts_on_a_finished_case(world: dict[str, User], propose: Callable[..., WerkplaatsCase]) -> None:
    werkplaats_case = propose()
    werkplaats_case_transition(
        user=world["coordinator"], werkplaats_case_id=werkplaats_case.pk, target=WerkplaatsStatus.WITHDRAWN,
        expected_version=werkplaats_case.version,
    )  # fmt: skip
    with pytest.raises(ConflictError):
        contact_log(user=world["coordinator"], werkplaats_case_id=werkplaats_case.pk, data=call())
