"""Who may see and do what in the werkplaats (DESIGN §4). Every werkplaats access rule lives here once.

| what | who |
| casework (werkplaats cases, contacts, time) | the werkplaats team and probation at the location |
| the advice to the OM | additionally the OM at the location — never the casework itself |
| answering the advice (adopted / partly / not) and rating it | the OM decider at the location |
| special-category notes (health, addiction, psychiatry) | probation at the location only |
| confirming or challenging an assessment | another werkplaats team member at the location, never its author |
| proposing a case | probation screeners, werkplaats workers, coordinators and the OM at the case's location |
| assigning a worker, selection criteria | the coordinator at the location |
| the OM's queue (advice to answer, cases to decide) | the OM decider, for their own location |
| logging contacts, moving a case on | the assigned worker, or the coordinator at the location |
| everyone else (police, Slachtofferhulp, the Raad, administrators, …) | nothing |
"""

from __future__ import annotations

from typing import Any

import rules

from zsm.accounts.constants import Role
from zsm.accounts.models import Membership
from zsm.accounts.selectors import membership_active
from zsm.cases.constants import Partner
from zsm.cases.rules import partner_of

WERKPLAATS_TEAM_ROLES = frozenset({Role.WERKPLAATS_WORKER, Role.COORDINATOR})


def _membership_at(user: Any, location_id: int | None) -> Membership | None:
    membership = membership_active(user=user)
    if membership is None or location_id is None or membership.location_id != location_id:
        return None
    return membership


def sees_casework_at(user: Any, location_id: int | None) -> bool:
    """The werkplaats team and probation (3RO) at this location see werkplaats casework."""
    membership = _membership_at(user, location_id)
    if membership is None:
        return False
    return membership.role in WERKPLAATS_TEAM_ROLES or partner_of(membership) == Partner.PROBATION


def sees_casework_here(user: Any) -> bool:
    """Casework at the location the user works at now: the gate of every casework list and page."""
    membership = membership_active(user=user)
    return membership is not None and sees_casework_at(user, membership.location_id)


def sees_figures_at(user: Any, location_id: int | None) -> bool:
    """Aggregate figures without case content (share of inflow, hours): casework readers and the OM."""
    membership = _membership_at(user, location_id)
    return sees_casework_at(user, location_id) or (membership is not None and partner_of(membership) == Partner.OM)


def sees_advice_at(user: Any, location_id: int | None) -> bool:
    """The advice is casework the OM is meant to read."""
    membership = _membership_at(user, location_id)
    return sees_casework_at(user, location_id) or (membership is not None and partner_of(membership) == Partner.OM)


def sees_special_category_at(user: Any, location_id: int | None) -> bool:
    """Health, addiction and psychiatry notes: probation only (today every casework reader is probation)."""
    membership = _membership_at(user, location_id)
    return sees_casework_at(user, location_id) and partner_of(membership) == Partner.PROBATION


def is_om_decider_at(user: Any, location_id: int | None) -> bool:
    membership = _membership_at(user, location_id)
    return membership is not None and membership.role == Role.OM_DECIDER


def is_team_member_at(user: Any, location_id: int | None) -> bool:
    membership = _membership_at(user, location_id)
    return membership is not None and membership.role in WERKPLAATS_TEAM_ROLES


def is_coordinator_at(user: Any, location_id: int | None) -> bool:
    membership = _membership_at(user, location_id)
    return membership is not None and membership.role == Role.COORDINATOR


def may_propose_at(user: Any, location_id: int | None) -> bool:
    membership = _membership_at(user, location_id)
    if membership is None:
        return False
    if membership.role in WERKPLAATS_TEAM_ROLES:
        return True
    partner = partner_of(membership)
    return partner == Partner.OM or (partner == Partner.PROBATION and membership.role == Role.ZSM_SCREENER)


def works_on(user: Any, werkplaats_case: Any) -> bool:
    """The assigned worker, or the coordinator at the case's location, does the casework."""
    location_id = werkplaats_case.case.location_id
    if is_coordinator_at(user, location_id):
        return True
    return is_team_member_at(user, location_id) and werkplaats_case.worker_id == getattr(user, "pk", None)


@rules.predicate
def can_see_casework(user: Any, werkplaats_case: Any) -> bool:
    return werkplaats_case is not None and sees_casework_at(user, werkplaats_case.case.location_id)


@rules.predicate
def can_propose(user: Any, case: Any) -> bool:
    return case is not None and may_propose_at(user, case.location_id)


@rules.predicate
def can_assign(user: Any, werkplaats_case: Any) -> bool:
    return werkplaats_case is not None and is_coordinator_at(user, werkplaats_case.case.location_id)


@rules.predicate
def can_work_on(user: Any, werkplaats_case: Any) -> bool:
    return werkplaats_case is not None and works_on(user, werkplaats_case)


@rules.predicate
def can_see_advice(user: Any, werkplaats_case: Any) -> bool:
    return werkplaats_case is not None and sees_advice_at(user, werkplaats_case.case.location_id)


@rules.predicate
def can_respond_to_advice(user: Any, werkplaats_case: Any) -> bool:
    return werkplaats_case is not None and is_om_decider_at(user, werkplaats_case.case.location_id)


@rules.predicate
def can_see_special_category(user: Any, werkplaats_case: Any) -> bool:
    return werkplaats_case is not None and sees_special_category_at(user, werkplaats_case.case.location_id)


@rules.predicate
def can_review_assessment(user: Any, assessment: Any) -> bool:
    return (
        assessment is not None
        and is_team_member_at(user, assessment.werkplaats_case.case.location_id)
        and assessment.recorded_by_id != getattr(user, "pk", None)
    )


rules.add_perm("workplace.view_casework", can_see_casework)
rules.add_perm("workplace.view_advice", can_see_advice)
rules.add_perm("workplace.respond_to_advice", can_respond_to_advice)
rules.add_perm("workplace.view_special_category", can_see_special_category)
rules.add_perm("workplace.review_assessment", can_review_assessment)
rules.add_perm("workplace.propose_case", can_propose)
rules.add_perm("workplace.assign_case", can_assign)
rules.add_perm("workplace.change_case", can_work_on)
rules.add_perm("workplace.log_contact", can_work_on)


# --- Team pages (the worker's day, coordination): permissions without an object, for the user's active location.


def _active_location_id(user: Any) -> int | None:
    membership = membership_active(user=user)
    return membership.location_id if membership is not None else None


@rules.predicate
def can_view_day(user: Any) -> bool:
    """The worker's day: the werkplaats team (workers and the coordinator) at their location."""
    return is_team_member_at(user, _active_location_id(user))


@rules.predicate
def can_view_coordination(user: Any) -> bool:
    """The coordination page: the team (the coordinator acts, workers read) and the OM (figures only)."""
    location_id = _active_location_id(user)
    return is_team_member_at(user, location_id) or partner_of(_membership_at(user, location_id)) == Partner.OM


@rules.predicate
def can_coordinate(user: Any) -> bool:
    """Assigning workers and setting the selection criteria: the coordinator at their location."""
    return is_coordinator_at(user, _active_location_id(user))


@rules.predicate
def can_view_om_queue(user: Any) -> bool:
    """The OM's queue (advice to answer, cases to decide): the OM decider, for the location they work at."""
    return is_om_decider_at(user, _active_location_id(user))


rules.add_perm("workplace.view_day", can_view_day)
rules.add_perm("workplace.view_coordination", can_view_coordination)
rules.add_perm("workplace.coordinate", can_coordinate)
rules.add_perm("workplace.view_om_queue", can_view_om_queue)
