"""The URL access matrix over the case's lifecycle: role × case state × every case-bound URL.

tests/test_url_access.py asks *who* may use a URL, on a case in one state. Here the case is first moved
through the real services into each state of its lifecycle (a ZSM case: registered … closed, an adult's and
a minor's; a werkplaats case: proposed … closed, handed over, withdrawn), and the same URL is asked again by
every demo role. Permissions do not depend on the state, so who is refused stays as the base row says;
what changes is what the people who pass get: the state decides whether a write is taken or refused.

A POST sends a *valid* submission (an empty one would be refused by validation before any state check and
prove nothing). Outcomes, for the roles the base row allows:

- "200", "400", "403", "404", "409": that status;
- "302": redirected after the write was stored (a business event is on record, no error message);
- "302!": redirected with an error message, nothing stored (the case page's buttons refuse this way).

For every POST the test also checks that a business event was recorded exactly when the outcome says the
write was taken, so "refused" means nothing changed.

Adding a URL whose base row has a `setup` (it is about one object) fails `test_every_object_url_has_a_state_row`
until it has a row in ZSM_ROWS or WERKPLAATS_ROWS, or a line in STATE_INDEPENDENT saying why not; adding a
status to either workflow fails `test_every_status_is_asked` until it has a builder (and then every row must
say what happens in it). A cell the table gets right and the application wrong is in KNOWN_WRONG (strict xfail).

The last section asks every URL with the methods its base row does not use (GET on a POST-only URL, POST on a
page, PUT/PATCH/DELETE everywhere): 405 for every role unless ALSO_ACCEPTS says who passes and what they get.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import URLPattern

from tests.access_rule import Rule
from tests.cases.test_views import register_case
from tests.conftest import ROLE_OF
from tests.decisions import ADULT, CHILD, MINOR, THEFT, appointment_at, conditional_dismissal, register
from tests.test_url_access import ACCESS, ALL_URLS, rule_for, url_for
from tests.workplace.flow import advised_case, assigned_case, om_decides
from zsm.accounts.models import User
from zsm.accounts.selectors import membership_active
from zsm.audit.constants import EventKind
from zsm.audit.models import AuditEvent
from zsm.cases.constants import CaseStatus
from zsm.cases.models import Case, Screening
from zsm.cases.rules import partner_of
from zsm.cases.services import ScreeningInput, case_transition, screening_record
from zsm.common.clock import local, local_now, now
from zsm.decisions.services import decision_record
from zsm.workplace.constants import Signal, WerkplaatsStatus
from zsm.workplace.models import WerkplaatsCase
from zsm.workplace.services import (
    ContactInput,
    contact_log,
    monitoring_check_plan,
    werkplaats_case_propose,
    werkplaats_case_transition,
)

World = dict[str, User]

# --- ZSM case states, each reached through the services -------------------------------------------------------
# Theft allows pre-trial detention, so custody can be ordered while the suspect is held.


def _registered(world: World, *, minor: bool = False) -> Case:
    return register(world["politie"], suspect=MINOR if minor else ADULT, offences=[THEFT])


def _screen(world: World, case: Case, username: str, state: str) -> None:
    version = Screening.objects.get(case=case, partner=_partner(world[username])).version
    screening_record(
        user=world[username],
        case_id=case.pk,
        data=ScreeningInput(state=state, known="not_known"),
        expected_version=version,
    )


def _in_screening(world: World) -> Case:
    case = _registered(world)
    _screen(world, case, "politie", "in_progress")
    return case


def _ready_for_decision(world: World) -> Case:
    case = _registered(world)
    for username in ("politie", "officier", "reclassering", "slachtofferhulp"):  # every partner on an adult's case
        _screen(world, case, username, "done")
    return case


def _decided(world: World) -> Case:
    case = _registered(world)
    decision_record(user=world["officier"], case_id=case.pk, data=conditional_dismissal())
    return case


def _referred(world: World) -> Case:
    case = _registered(world)
    decision_record(user=world["officier"], case_id=case.pk, data=conditional_dismissal(disposal="refer_to_werkplaats"))
    return case


def _moved(world: World, case: Case, *targets: str) -> Case:
    for target in targets:
        case.refresh_from_db()
        case_transition(user=world["politie"], case_id=case.pk, target=target, expected_version=case.version)
    return case


ZSM_STATES: dict[str, Callable[[World], Case]] = {
    "registered": _registered,
    "in_screening": _in_screening,
    "ready_for_decision": _ready_for_decision,
    "decided": _decided,
    "referred_to_werkplaats": _referred,
    "released_with_summons": lambda world: _moved(world, _registered(world), "released_with_summons"),
    "before_examining_judge": lambda world: _moved(world, _registered(world), "before_examining_judge"),
    "closed": lambda world: _moved(world, _decided(world), "closed"),
    # A minor's case: the Raad voor de Kinderbescherming sits at the table for it (and has a screening).
    "minor_registered": lambda world: _registered(world, minor=True),
    "minor_closed": lambda world: _moved(world, _registered(world, minor=True), "released_with_summons", "closed"),
    # A child under 12 (art. 486 Sv): outside criminal law from intake; the Raad sees it as a minor's case.
    "minor_under_twelve": lambda world: register(world["politie"], suspect=CHILD, offences=[THEFT]),
}
HELD = ("registered", "in_screening", "ready_for_decision")
ENDED = ("decided", "released_with_summons", "before_examining_judge", "closed")  # off the table for good
MINOR_STATES = ("minor_registered", "minor_closed", "minor_under_twelve")
# The 3RO has no screening on a minor's case (ADR 0007): its screening POST is refused like any partner's
# without one; the OM has none on a child under 12.
PROBATION_STAFF = ("reclassering", "werkplaats", "werkplaats2", "coordinator")  # all act for the 3RO
NO_SCREENING = {
    **{(state, username): "403" for state in MINOR_STATES for username in PROBATION_STAFF},
    ("minor_under_twelve", "officier"): "403",
}


def _partner(user: User) -> str | None:
    return partner_of(membership_active(user=user))


# --- Valid submissions, per URL: (world, username, the case) -> POST data ---------------------------------------


def _screening_data(world: World, username: str, case: Case) -> dict[str, object]:
    own = Screening.objects.filter(case=case, partner=_partner(world[username])).first()
    return {"state": "done", "known": "not_known", "summary": "Niet bekend.", "version": own.version if own else 1}


def _decision_data(world: World, username: str, case: Case) -> dict[str, object]:
    case.refresh_from_db()
    return {
        "version": case.version,
        "disposal": "conditional_dismissal",
        "conditions": "Begeleiding door het wijkteam",
        "probation_period_months": "6",
        "appointment_at": local(appointment_at()).strftime("%Y-%m-%dT%H:%M"),
        "appointment_place": "Reclassering, Utrecht",
        "appointment_with": "R. Reclassering",
        "rationale": "Eerste keer.",
    }


def _close_case_data(world: World, username: str, case: Case) -> dict[str, object]:
    case.refresh_from_db()
    return {"target": "closed", "version": case.version}


def _custody_data(world: World, username: str, case: Case) -> dict[str, object]:
    case.refresh_from_db()
    started = local(now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    return {"action": "order", "started_at": started, "version": case.version}


def _version_data(world: World, username: str, case: Case) -> dict[str, object]:
    case.refresh_from_db()
    return {"version": case.version}


def _serve_data(world: World, username: str, case: Case) -> dict[str, object]:
    return {"served_at": local(now()).strftime("%Y-%m-%dT%H:%M"), "how": "in_person"}


def _candidate_data(world: World, username: str, case: Case) -> dict[str, object]:
    return {"candidate": "on"}


def _propose_data(world: World, username: str, case: Case) -> dict[str, object]:
    return {"signals": [Signal.UNPAYABLE_DEBTS]}


@dataclass(frozen=True)
class StateRow:
    """What the roles the base row allows get in each state; every other role gets what the base row says.

    `outcomes` names every state the URL is asked in. `raad_on_minor` is what the Raad gets on a minor's case
    (on an adult's case it does not see the case: the base row). `per_role` overrides single cells:
    (state, username) -> outcome, each with a reason beside it.
    """

    outcomes: dict[str, str]
    data: Callable[[World, str, Any], dict[str, object]] | None = None
    raad_on_minor: str | None = None
    method: str | None = None  # the base row's method unless given (a page's form: "post")
    per_role: dict[tuple[str, str], str] = field(default_factory=dict)


def _every(states: tuple[str, ...] | list[str], outcome: str) -> dict[str, str]:
    return dict.fromkeys(states, outcome)


ALL_ZSM = tuple(ZSM_STATES)
OPEN_ADULT = (*HELD, "referred_to_werkplaats")

ZSM_ROWS: dict[str, StateRow] = {
    # Reading the case never depends on its state; the Raad reads a minor's case, in every state.
    "cases:case_detail": StateRow(_every(ALL_ZSM, "200"), raad_on_minor="200"),
    # Screening is for the table: while the suspect is held. Once the case has moved on (decided, referred,
    # released, closed) a screening is refused as a conflict and the page shows the case as it is.
    "cases:screening_record": StateRow(
        {
            **_every(HELD, "302"),
            **_every(("referred_to_werkplaats", *ENDED), "409"),
            "minor_registered": "302",
            "minor_closed": "409",
            "minor_under_twelve": "302",  # the police's and the Raad's screenings inform the Raad
        },
        data=_screening_data,
        raad_on_minor="allowed",
        per_role=NO_SCREENING,
    ),
    # The board's screening panel (a GET without htmx: on to the case page's form) opens in every state for
    # whoever may screen the case; the board offers it only while the suspect is held, and the save is the row above.
    "cases:board_screening": StateRow(
        _every(ALL_ZSM, "302"),
        raad_on_minor="allowed",
        per_role=NO_SCREENING,
    ),
    # The werkplaats mark is a toggle only while the case is at the table; after that it belongs to the decision.
    "cases:werkplaats_candidate": StateRow(
        {
            **_every(HELD, "302"),
            **_every(("referred_to_werkplaats", *ENDED), "302!"),
            "minor_registered": "302!",  # a minor goes the youth route, not to the adult werkplaats
            "minor_closed": "302!",
            "minor_under_twelve": "302!",  # not at the table: outside criminal law
        },
        data=_candidate_data,
        raad_on_minor="403",
    ),
    # Closing by hand: only once the case has an end (decided, released, before the judge); a held case
    # must be decided or released first, a referred one waits for the OM, a closed one stays closed.
    "cases:status_change": StateRow(
        {
            **_every(OPEN_ADULT, "302!"),
            **_every(("decided", "released_with_summons", "before_examining_judge"), "302"),
            "closed": "302!",
            "minor_registered": "302!",
            "minor_closed": "302!",
            "minor_under_twelve": "302!",  # it ends with the OM's technical dismissal, not by hand
        },
        data=_close_case_data,
        raad_on_minor="403",
    ),
    # Custody only while the suspect is held.
    "cases:custody": StateRow(
        {
            **_every(HELD, "302"),
            **_every(("referred_to_werkplaats", *ENDED), "302!"),
            "minor_registered": "302",
            "minor_closed": "302!",
            "minor_under_twelve": "302!",  # nobody under 12 is held on a criminal clock
        },
        data=_custody_data,
        raad_on_minor="403",
    ),
    # The police record the report to Veilig Thuis about a child under 12; on any other case it is refused.
    "cases:veilig_thuis": StateRow(
        {**_every(ALL_ZSM, "302!"), "minor_under_twelve": "302"},
        data=_version_data,
        raad_on_minor="403",
        # The base row's case is a child's, which the Raad sees; an adult's case it does not see at all.
        per_role={(state, "raad"): "404" for state in ZSM_STATES if state not in MINOR_STATES},
    ),
    # The OM decides on an open case (held, or back from the werkplaats). On a case that has ended the form
    # re-renders with the reason and stores nothing.
    "decisions:decision_create": StateRow(
        {
            **_every(OPEN_ADULT, "302"),
            **_every(ENDED, "409"),
            "minor_registered": "302",
            "minor_closed": "409",
            "minor_under_twelve": "400",  # art. 486 Sv: only a technical dismissal, the form says so
        },
        data=_decision_data,
        method="post",
        raad_on_minor="403",
    ),
    # The summary is the decision's: without one there is nothing to print (404 for everyone).
    "decisions:decision_summary": StateRow(
        {
            **_every(("registered", "in_screening", "ready_for_decision"), "404"),
            **_every(("decided", "referred_to_werkplaats", "closed"), "200"),
            **_every(("released_with_summons", "before_examining_judge"), "404"),
            **_every(MINOR_STATES, "404"),
        },
        raad_on_minor="allowed",
    ),
    # Recording when a strafbeschikking was handed over: only on a case whose decision is one (none of these
    # states: the decided case has a conditional dismissal), refused with a message; tested in tests/decisions.
    "decisions:strafbeschikking_serve": StateRow(
        _every(ALL_ZSM, "302!"),
        data=_serve_data,
        raad_on_minor="403",
    ),
    # Proposing for the werkplaats: an open case only, including one the OM referred to the werkplaats (the
    # decision already marked it); an ended one is refused (409).
    "workplace:propose": StateRow(
        {
            **_every(HELD, "302"),
            "referred_to_werkplaats": "302",
            **_every(ENDED, "409"),
            "minor_registered": "400",  # a minor goes the youth route, not to the adult werkplaats (ADR 0007)
            "minor_closed": "409",
            "minor_under_twelve": "400",
        },
        data=_propose_data,
        method="post",
        raad_on_minor="403",
    ),
}

# --- Werkplaats case states, each reached through the services ------------------------------------------------


def _proposed(world: World) -> WerkplaatsCase:
    case = register_case(world)
    return werkplaats_case_propose(user=world["reclassering"], case_id=case.pk, signals=[Signal.UNPAYABLE_DEBTS])


def _in_progress(world: World) -> WerkplaatsCase:
    werkplaats_case = assigned_case(world)
    contact_log(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        data=ContactInput(
            role="arresting_officer", name="Agent Bakker", channel="phone", outcome="reached", minutes=10
        ),
    )
    werkplaats_case.refresh_from_db()
    return werkplaats_case


def _advice_given(world: World) -> WerkplaatsCase:
    return advised_case(world)[0]


def _monitoring(world: World) -> WerkplaatsCase:
    werkplaats_case = _advice_given(world)
    om_decides(world, werkplaats_case)  # monitoring comes after the OM's decision
    monitoring_check_plan(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        subject="Loopt de schuldhulp?",
        due_on=local_now().date() + timedelta(days=7),
    )
    werkplaats_case.refresh_from_db()
    return werkplaats_case


def _decided_in_progress(world: World) -> WerkplaatsCase:
    """In progress, and the OM decided already (a summons; regular probation is to report)."""
    werkplaats_case = _in_progress(world)
    om_decides(world, werkplaats_case, disposal="summons", summons_type="police_judge")
    werkplaats_case.refresh_from_db()
    return werkplaats_case


def _finished(world: World, werkplaats_case: WerkplaatsCase, target: str, **extra: str) -> WerkplaatsCase:
    werkplaats_case.refresh_from_db()
    return werkplaats_case_transition(
        user=world["coordinator"],
        werkplaats_case_id=werkplaats_case.pk,
        target=target,
        expected_version=werkplaats_case.version,
        **extra,
    )


WERKPLAATS_STATES: dict[str, Callable[[World], WerkplaatsCase]] = {
    "proposed": _proposed,
    "assigned": assigned_case,
    "in_progress": _in_progress,
    "advice_given": _advice_given,
    "monitoring": _monitoring,
    "closed": lambda world: _finished(world, _monitoring(world), "closed", outcome="Schuldhulp loopt."),
    "handed_over": lambda world: _finished(
        world,
        _decided_in_progress(world),
        "handed_over",
        outcome="Naar reguliere reclassering.",
        handover_kind="advice",
        handover_question="Is toezicht nodig?",
    ),
    "withdrawn": lambda world: _finished(world, _proposed(world), "withdrawn"),
}
ALL_WERKPLAATS = tuple(WERKPLAATS_STATES)
WORKING = ("assigned", "in_progress", "advice_given", "monitoring")
FINAL = ("closed", "handed_over", "withdrawn")
# Before pickup and after withdrawal there is no worker: only the coordinator works on the case.
NO_WORKER = ("proposed", "withdrawn")


def _contact_data(world: World, username: str, werkplaats_case: WerkplaatsCase) -> dict[str, object]:
    return {
        "contact-role": "community_officer",
        "contact-name": "Wijkagent De Vries",
        "contact-channel": "phone",
        "contact-outcome": "reached",
        "contact-minutes": "5",
    }


def _time_data(world: World, username: str, werkplaats_case: WerkplaatsCase) -> dict[str, object]:
    return {
        "time-kind": "case_review",
        "time-minutes": "15",
        "time-spent_on": local_now().date().isoformat(),
    }


def _close_data(world: World, username: str, werkplaats_case: WerkplaatsCase) -> dict[str, object]:
    werkplaats_case.refresh_from_db()
    return {"close-outcome": "Hulp loopt; niets meer te doen.", "close-version": werkplaats_case.version}


def _assign_data(world: World, username: str, werkplaats_case: WerkplaatsCase) -> dict[str, object]:
    werkplaats_case.refresh_from_db()
    return {"worker": world["werkplaats2"].pk, "version": werkplaats_case.version}


# The assigned worker ("werkplaats") has no case to work on while there is no worker.
UNASSIGNED_WORKER = {(state, "werkplaats"): "403" for state in NO_WORKER}

WERKPLAATS_ROWS: dict[str, StateRow] = {
    # Reading the casework, its summary and the PDF: every state, a finished case included (the hand-over
    # summary is printed after the hand-over).
    "workplace:case": StateRow(_every(ALL_WERKPLAATS, "200")),
    "workplace:summary": StateRow(_every(ALL_WERKPLAATS, "200")),
    "workplace:summary_pdf": StateRow(_every(ALL_WERKPLAATS, "200")),
    "api-werkplaats-case-detail": StateRow(_every(ALL_WERKPLAATS, "200")),
    # The advice page: open whether or not advice was given yet.
    "workplace:advice": StateRow(_every(ALL_WERKPLAATS, "200")),
    # Logging contacts and time: while someone works on the case; a finished case takes nothing more.
    "workplace:contact_log": StateRow(
        {"proposed": "409", **_every(WORKING, "302"), **_every(FINAL, "409")},
        data=_contact_data,
        per_role=UNASSIGNED_WORKER,
    ),
    "workplace:time_entry_record": StateRow(
        {"proposed": "409", **_every(WORKING, "302"), **_every(FINAL, "409")},
        data=_time_data,
        per_role=UNASSIGNED_WORKER,
    ),
    # Closing: after the advice and the OM's decision (the builders' monitoring case has one, the advice_given
    # case still waits for the OM); earlier, or once finished, a conflict.
    "workplace:case_close": StateRow(
        {
            **_every(("proposed", "assigned", "in_progress", "advice_given"), "409"),
            "monitoring": "302",
            **_every(FINAL, "409"),
        },
        data=_close_data,
        per_role=UNASSIGNED_WORKER,
    ),
    # Assigning (and reassigning) while the case is open; a finished case is not given to anyone.
    "workplace:assign": StateRow(
        {**_every(("proposed", *WORKING), "302"), **_every(FINAL, "409")},
        data=_assign_data,
    ),
}

# URLs about one object that are not asked per state here, and why. Keep each reason true.
STATE_INDEPENDENT: dict[str, str] = {
    # Not about a case.
    "cases:notification_read": "a notification, not a case",
    "meetings:signal": "a signal in the register, not a case",
    "meetings:signal_edit": "a signal in the register, not a case",
    "meetings:signal_move": "a signal in the register, not a case",
    "api-signal-detail": "a signal in the register, not a case",
    "api-signal-transitions": "a signal in the register, not a case",
    "socialmap:institution": "an institution on the social map, shared by every location",
    "socialmap:institution_edit": "an institution on the social map, shared by every location",
    "socialmap:institution_verify": "an institution on the social map, shared by every location",
    "api-institution-detail": "an institution on the social map, shared by every location",
    "api-institution-verification": "an institution on the social map, shared by every location",
    "audit:subject_access_detail": "a privacy officer's request about a person, whatever their cases' states",
    "audit:subject_access_status": "a privacy officer's request about a person, whatever their cases' states",
    "audit:subject_access_json": "a privacy officer's request about a person, whatever their cases' states",
    "audit:subject_access_pdf": "a privacy officer's request about a person, whatever their cases' states",
    "audit:purge_run": "a retention purge run (the privacy officer's), not a case",
    "audit:purge_run_status": "a retention purge run (the privacy officer's), not a case",
    "audit:purge_apply": "a retention purge run (the privacy officer's), not a case",
    "socialmap:acknowledge": "public: the link's own state (used, revoked, expired) is tested in tests/socialmap",
    # Werkplaats casework whose gate is the same `_casework_open` / `_write_from_page` path as the contact
    # and time rows above (finished: 409), or whose sub-object's own state is the point and is tested beside
    # the service in tests/workplace and tests/socialmap.
    "workplace:help_add": "casework write, same finished-case gate as workplace:time_entry_record",
    "workplace:contact_again": "a call back: the same contact_log service and gate as workplace:contact_log",
    "workplace:help_edit": "casework write, same finished-case gate as workplace:time_entry_record",
    "workplace:help_action_plan": "casework write, same finished-case gate as workplace:time_entry_record",
    "workplace:help_action_status": "casework write on an action; the action's own status is the point",
    "workplace:check_plan": "casework write, same finished-case gate as workplace:time_entry_record",
    "workplace:check_record": "a check's own state (planned/recorded) is the point",
    "workplace:conversation_record": "casework write, same finished-case gate as workplace:time_entry_record",
    "workplace:special_note_record": "casework write, same finished-case gate as workplace:time_entry_record",
    "workplace:case_hand_over": "the same transition as workplace:case_close, with a hand-over form",
    "workplace:assessment_create": "casework write, same finished-case gate as workplace:time_entry_record",
    "workplace:assessment_review": "an assessment's own review state is the point",
    "workplace:advice_give": "one advice per case: its own state (given or not) is the point",
    "api-werkplaats-contact-list": "a list under the case: readable in every state like api-werkplaats-case-detail",
    "api-werkplaats-assessment-list": "a list under the case: readable in every state like api-werkplaats-case-detail",
    "api-werkplaats-monitoring-check-list": "a list under the case: readable like api-werkplaats-case-detail",
    "api-werkplaats-time-entry-list": "a list under the case: readable in every state like api-werkplaats-case-detail",
    "api-werkplaats-advice": "the advice: readable like workplace:advice",
    "api-werkplaats-advice-answer": "JSON only; the matrix's form POST stops at 415 before any state check",
    "api-werkplaats-assessment-review": "JSON only; the matrix's form POST stops at 415 before any state check",
    "api-werkplaats-monitoring-check-outcome": "JSON only; the matrix's form POST stops at 415 before any state check",
    "socialmap:referral_search": "a referral's steps follow the referral's own state (draft, sent, …)",
    "socialmap:referral_create": "a referral's steps follow the referral's own state (draft, sent, …)",
    "socialmap:referral": "a referral's steps follow the referral's own state (draft, sent, …)",
    "socialmap:referral_edit": "a referral's steps follow the referral's own state (draft, sent, …)",
    "socialmap:referral_send": "a referral's steps follow the referral's own state (draft, sent, …)",
    "socialmap:referral_resend": "a referral's steps follow the referral's own state (draft, sent, …)",
    "socialmap:referral_chase": "a referral's steps follow the referral's own state (draft, sent, …)",
    "socialmap:referral_move": "a referral's steps follow the referral's own state (draft, sent, …)",
    "api-referral-detail": "a referral's steps follow the referral's own state (draft, sent, …)",
    "api-referral-sending": "JSON only; the matrix's form POST stops at 415 before any state check",
    "api-referral-transitions": "JSON only; the matrix's form POST stops at 415 before any state check",
}


def test_every_object_url_has_a_state_row() -> None:
    """A URL about one object (its base row has a setup) is asked per state, or says why not."""
    object_urls = {name for name, _pattern in ALL_URLS if (rule := rule_for(name)) is not None and rule.setup}
    rows = set(ZSM_ROWS) | set(WERKPLAATS_ROWS)
    missing = sorted(object_urls - rows - set(STATE_INDEPENDENT))
    assert not missing, f"URLs about a case without a state row in tests/test_url_access_states.py: {missing}"
    assert not rows & set(STATE_INDEPENDENT), "A URL is both asked per state and listed as state-independent"
    stale = sorted((rows | set(STATE_INDEPENDENT)) - object_urls)
    assert not stale, f"State rows for URLs that no longer exist or have no setup: {stale}"


def test_every_status_is_asked() -> None:
    """A new status of either machine needs a builder here, and then a decision in every row."""
    assert set(CaseStatus.values) == {state.removeprefix("minor_") for state in ZSM_STATES}
    assert set(WerkplaatsStatus.values) == set(WERKPLAATS_STATES)


def test_every_row_names_every_state() -> None:
    """A row answers for every state (a new state must be decided for every URL), and no unknown state."""
    for name, row in ZSM_ROWS.items():
        assert set(row.outcomes) == set(ZSM_STATES), name
        assert row.raad_on_minor is not None, f"{name}: say what the Raad gets on a minor's case"
    for name, row in WERKPLAATS_ROWS.items():
        assert set(row.outcomes) == set(WERKPLAATS_STATES), name
        assert all(state in WERKPLAATS_STATES for state, _user in row.per_role), name


@pytest.mark.parametrize("state", ZSM_STATES)
def test_the_zsm_states_are_the_ones_they_claim_to_be(world: World, state: str) -> None:
    """The builders reach their state through the services (else the matrix asks the wrong question)."""
    case = ZSM_STATES[state](world)
    case.refresh_from_db()
    assert case.status == state.removeprefix("minor_")
    assert case.is_minor == (state in MINOR_STATES)


@pytest.mark.parametrize("state", WERKPLAATS_STATES)
def test_the_werkplaats_states_are_the_ones_they_claim_to_be(world: World, state: str) -> None:
    werkplaats_case = WERKPLAATS_STATES[state](world)
    werkplaats_case.refresh_from_db()
    assert werkplaats_case.status == state
    assert (werkplaats_case.worker_id is None) == (state in NO_WORKER)


# --- The matrix ---------------------------------------------------------------------------------------------------


def _expected(rule: Rule, row: StateRow, state: str, username: str) -> str:
    if (state, username) in row.per_role:
        return row.per_role[(state, username)]
    if username == "raad" and state in MINOR_STATES and row.raad_on_minor is not None:
        return row.outcomes[state] if row.raad_on_minor == "allowed" else row.raad_on_minor
    if username in rule.allowed:
        return row.outcomes[state]
    return str(rule.exceptions.get(username, rule.denied))


def _business_events() -> int:
    return AuditEvent.objects.filter(kind=EventKind.BUSINESS).count()


PATTERNS = dict(ALL_URLS)


def _every_role_asks(
    login_as: Callable[..., Client], world: World, name: str, row: StateRow, obj: Any, kwargs: dict[str, object],
    state: str,
) -> None:  # fmt: skip
    """Every demo role asks the URL about the same object in `state`. Each request runs in a savepoint that is
    rolled back, so a write by one role does not move the case on for the next: the state is built once."""
    rule = rule_for(name)
    assert rule is not None
    method = row.method or rule.method
    url = url_for(name, PATTERNS[name], kwargs)
    wrong = []
    for username in sorted(ROLE_OF):
        client = login_as(username)
        with transaction.atomic():
            data = row.data(world, username, obj) if row.data else {}
            before = _business_events()
            response = getattr(client, method)(url, data)
            written = _business_events() > before
            refused = any(message.level == messages.ERROR for message in get_messages(response.wsgi_request))
            transaction.set_rollback(True)
        actual = f"{response.status_code}{'!' if response.status_code == 302 and refused else ''}"
        expected = _expected(rule, row, state, username)
        if actual != expected:
            wrong.append(f"{username}: {actual}, expected {expected}")
        elif method == "post" and written != (expected == "302"):
            wrong.append(f"{username}: {actual} as expected, but {'a' if written else 'no'} write was stored")
    assert not wrong, f"{method.upper()} {name} on a {state} case:\n" + "\n".join(wrong)


# Cells where the table says what should happen and the application does not (yet); strict, so a fix shows.
KNOWN_WRONG: dict[tuple[str, str], str] = {}


def _params(rows: dict[str, StateRow], states: dict[str, Any]) -> list[Any]:
    return [
        pytest.param(name, state, marks=pytest.mark.xfail(reason=KNOWN_WRONG[(name, state)], strict=True))
        if (name, state) in KNOWN_WRONG
        else (name, state)
        for name in rows
        for state in states
    ]


@pytest.mark.parametrize(("name", "state"), _params(ZSM_ROWS, ZSM_STATES))
def test_zsm_case_states(login_as: Callable[..., Client], world: World, name: str, state: str) -> None:
    case = ZSM_STATES[state](world)
    _every_role_asks(login_as, world, name, ZSM_ROWS[name], case, {"case_id": case.pk}, state)


@pytest.mark.parametrize(("name", "state"), _params(WERKPLAATS_ROWS, WERKPLAATS_STATES))
def test_werkplaats_case_states(login_as: Callable[..., Client], world: World, name: str, state: str) -> None:
    werkplaats_case = WERKPLAATS_STATES[state](world)
    key = "id" if name.startswith("api-") else "werkplaats_case_id"
    _every_role_asks(login_as, world, name, WERKPLAATS_ROWS[name], werkplaats_case, {key: werkplaats_case.pk}, state)


# --- Methods: every URL asked with the methods its row does not use ---------------------------------------------
# By default a URL takes only its base row's method: every other one is 405 for every role, before any object
# is looked up. ALSO_ACCEPTS lists the URLs that take another method too, with who passes and what they get
# (an empty submission); everyone else gets what that Rule says. Nothing is stored unless STORES_ON_EMPTY_POST.

METHODS = ("get", "post", "put", "patch", "delete")


def _same_gate(name: str, ok: int) -> Rule:
    """The page's form: the same people as its GET, an empty submission answered with `ok`."""
    return replace(ACCESS[name], ok=ok)


WORKERS = frozenset({"werkplaats", "coordinator"})
CASEWORK_READERS = frozenset({"reclassering", "werkplaats", "werkplaats2", "coordinator"})
OUTSIDE_THE_CASE = dict.fromkeys(("raad", "veiligheidshuis", "beheer", "privacy"), 404)
EVERY_WRITE = ("post", "put", "patch", "delete")

ALSO_ACCEPTS: dict[str, dict[str, Rule]] = {
    # Pages with a form: an empty submission is refused with field errors.
    **{
        name: {"post": _same_gate(name, 400)}
        for name in (
            "cases:case_create",
            "cases:board_screening",  # without htmx it is the case page's screening form
            "meetings:signal_create",
            "audit:subject_access",
            "socialmap:import",
            "socialmap:institution_create",
            "socialmap:institution_edit",
            "socialmap:referral_edit",
            "workplace:advice_give",
            "workplace:assessment_create",
            "workplace:contact_again",
            "workplace:help_edit",
            "workplace:propose",
            "workplace:selection_criteria",
        )
    },
    # Another team member reviews; probation's screener and the assessment's author get 403.
    "workplace:assessment_review": {"post": Rule(allowed=frozenset({"werkplaats2", "coordinator"}), ok=400)},
    # Without a chosen institution the referral form sends the worker back to the search.
    "socialmap:referral_create": {"post": _same_gate("socialmap:referral_create", 302)},
    # An empty edit has no version: refused with field errors, nothing overwritten.
    "meetings:signal_edit": {"post": _same_gate("meetings:signal_edit", 400)},
    # The decision form re-renders an empty submission with its errors.
    "decisions:decision_create": {"post": _same_gate("decisions:decision_create", 400)},
    # The advice page takes the OM's answer; the others who read it may not post (403).
    "workplace:advice": {
        "post": Rule(allowed=frozenset({"officier"}), ok=400, exceptions=ACCESS["workplace:advice"].exceptions)
    },
    # The retention page's button asks for a dry run: nothing to fill in, so an empty POST starts one.
    "audit:retention": {"post": _same_gate("audit:retention", 302)},
    # The second factor: the code forms re-render with their errors (200).
    "accounts:mfa_setup": {"post": _same_gate("accounts:mfa_setup", 200)},
    "accounts:mfa_verify": {"post": _same_gate("accounts:mfa_verify", 200)},
    # Signed in, the login page sends the user on whatever the method; the language switch redirects too.
    "accounts:login": dict.fromkeys(EVERY_WRITE, _same_gate("accounts:login", 302)),
    "set_language": dict.fromkeys(("get", "put", "patch", "delete"), _same_gate("set_language", 302)),
    # The public acknowledgement page takes the institution's answer: an empty one is refused (400).
    "socialmap:acknowledge": {"post": _same_gate("socialmap:acknowledge", 400)},
    # The API's collections and items that take writes. The matrix posts a form; the API takes JSON only,
    # so whoever passes the access checks gets 415.
    "api-case-list": {"post": Rule(allowed=frozenset({"politie"}), ok=415)},
    "api-institution-list": {
        "post": Rule(allowed=frozenset({"werkplaats", "werkplaats2", "coordinator", "beheer"}), ok=415)
    },
    "api-institution-detail": {
        "put": Rule(allowed=frozenset({"werkplaats", "werkplaats2", "coordinator", "beheer"}), ok=415)
    },
    "api-signal-list": {"post": Rule(allowed=frozenset({"werkplaats", "werkplaats2", "coordinator"}), ok=415)},
    "api-signal-detail": {"put": Rule(allowed=frozenset({"werkplaats", "werkplaats2", "coordinator"}), ok=415)},
    # The collection has no case to check: every casework reader passes; the case in the body is checked later.
    "api-referral-list": {"post": Rule(allowed=CASEWORK_READERS, ok=415)},
    **{
        name: {"post": Rule(allowed=WORKERS, ok=415, exceptions=OUTSIDE_THE_CASE)}
        for name in (
            "api-werkplaats-advice",
            "api-werkplaats-assessment-list",
            "api-werkplaats-contact-list",
            "api-werkplaats-monitoring-check-list",
            "api-werkplaats-time-entry-list",
        )
    },
}
STORES_ON_EMPTY_POST = {("audit:retention", "post")}


def _status_for(rule: Rule, username: str) -> int:
    return rule.exceptions.get(username, rule.ok if username in rule.allowed else rule.denied)


def test_every_other_method_row_is_for_a_url() -> None:
    names = {name for name, _pattern in ALL_URLS}
    stale = [name for name in ALSO_ACCEPTS if name not in names]
    assert not stale, f"ALSO_ACCEPTS rows for URLs that no longer exist: {stale}"
    for name, by_method in ALSO_ACCEPTS.items():
        base = rule_for(name)
        assert base is not None
        assert base.method not in by_method, f"{name}: {base.method} is the base row's method"


@pytest.mark.parametrize(("name", "pattern"), [(n, p) for n, p in ALL_URLS if not n.startswith("admin:")])
def test_other_methods(login_as: Callable[..., Client], world: World, name: str, pattern: URLPattern) -> None:
    """The admin site is Django's own (one gate, the base matrix); every other URL is asked here."""
    base = rule_for(name)
    assert base is not None
    url = url_for(name, pattern, base.setup(world) if base.setup else None)
    wrong = []
    for username in sorted(ROLE_OF):
        client = login_as(username)
        for method in (method for method in METHODS if method != base.method):
            rule = ALSO_ACCEPTS.get(name, {}).get(method)
            with transaction.atomic():
                before = _business_events()
                response = getattr(client, method)(url, {})
                written = _business_events() > before
                transaction.set_rollback(True)
            expected = 405 if rule is None else _status_for(rule, username)
            if response.status_code != expected:
                wrong.append(f"{method.upper()} as {username}: {response.status_code}, expected {expected}")
            elif written and (name, method) not in STORES_ON_EMPTY_POST:
                wrong.append(f"{method.upper()} as {username}: stored something")
    assert not wrong, f"{name}:\n" + "\n".join(wrong)
