"""Who may see and do what on a ZSM case (DESIGN §4). Every rule about cases lives here once.

| information | who sees it |
| case core | partner staff at the case's location; the Raad only on minors' cases |
| a partner's screening content | that partner; the OM; the other 3RO for probation screenings |
| victim contact details | police, OM; Slachtofferhulp only when police flagged the victim |
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from zsm.accounts.constants import Role
from zsm.accounts.models import Membership
from zsm.accounts.selectors import membership_active
from zsm.cases.constants import CRIMINAL_RESPONSIBILITY_AGE, MINOR_AGE, PARTNER_OF_KIND, Partner

# Roles that work on case content at the table (administrators and privacy officers do not).
CASE_ROLES = frozenset(
    {
        Role.ZSM_SCREENER,
        Role.OM_DECIDER,
        Role.POLICE_OFFICER,
        Role.WERKPLAATS_WORKER,
        Role.COORDINATOR,
        Role.VICTIM_SUPPORT,
        Role.CHILD_PROTECTION,
    }
)


def screening_partners(age: int) -> list[str]:
    """Who screens a case, by the suspect's age on the day of the offence (ADR 0007).

    Adults: police, OM, adult probation (3RO), victim support. A minor (12–17) is screened by the Raad
    instead of the 3RO: youth probation is the certified institutions' work (art. 3.2 Jeugdwet), which the
    Raad brings in. A child under 12 is not prosecuted (art. 486 Sv): police, the Raad and victim support.
    """
    if age < CRIMINAL_RESPONSIBILITY_AGE:
        return [Partner.POLICE, Partner.VICTIM_SUPPORT, Partner.CHILD_PROTECTION]
    if age < MINOR_AGE:
        return [Partner.POLICE, Partner.OM, Partner.VICTIM_SUPPORT, Partner.CHILD_PROTECTION]
    return [Partner.POLICE, Partner.OM, Partner.PROBATION, Partner.VICTIM_SUPPORT]


def partner_of(membership: Membership | None) -> str | None:
    """The ZSM partner a membership acts for, or None when it has no place at the table."""
    if membership is None or membership.role not in CASE_ROLES:
        return None
    return PARTNER_OF_KIND.get(membership.organisation.kind)


def case_visibility(user: Any) -> Q | None:
    """The filter on Case for what this user may see; None means nothing at all."""
    membership = membership_active(user=user)
    partner = partner_of(membership)
    if membership is None or partner is None:
        return None
    visible = Q(location_id=membership.location_id)
    if partner == Partner.CHILD_PROTECTION:
        visible &= Q(is_minor=True)
    return visible


@rules.predicate
def can_see_case(user: Any, case: Any) -> bool:
    membership = membership_active(user=user)
    partner = partner_of(membership)
    if membership is None or partner is None or case is None or case.location_id != membership.location_id:
        return False
    return partner != Partner.CHILD_PROTECTION or case.is_minor


@rules.predicate
def is_police_at_the_table(user: Any) -> bool:
    membership = membership_active(user=user)
    return partner_of(membership) == Partner.POLICE


@rules.predicate
def is_om_decider(user: Any) -> bool:
    membership = membership_active(user=user)
    return membership is not None and membership.role == Role.OM_DECIDER


@rules.predicate
def partner_screens_case(user: Any, case: Any) -> bool:
    """The user's partner has a screening on this case to fill in."""
    partner = partner_of(membership_active(user=user))
    return partner is not None and case is not None and any(s.partner == partner for s in case.screenings.all())


def can_see_screening_content(user: Any, screening: Any) -> bool:
    partner = partner_of(membership_active(user=user))
    if partner is None:
        return False
    return partner in (screening.partner, Partner.OM)


def can_see_victim_contact(user: Any, victim: Any) -> bool:
    partner = partner_of(membership_active(user=user))
    if partner in (Partner.POLICE, Partner.OM):
        return True
    return partner == Partner.VICTIM_SUPPORT and victim.refer_to_victim_support


rules.add_perm("cases.view_board", rules.predicate(lambda user: case_visibility(user) is not None))
rules.add_perm("cases.view_case", can_see_case)
rules.add_perm("cases.register_case", is_police_at_the_table)
rules.add_perm("cases.record_screening", can_see_case & partner_screens_case)
rules.add_perm("cases.decide_case", can_see_case & is_om_decider)


@rules.predicate
def is_probation_or_om(user: Any) -> bool:
    return partner_of(membership_active(user=user)) in (Partner.PROBATION, Partner.OM)


# Probation and the OM propose a case for the werkplaats (PRIMER §2); the other partners do not.
rules.add_perm("cases.mark_werkplaats_candidate", can_see_case & is_probation_or_om)
# Sending a suspect home with a summons, to the examining judge, or closing a handled case.
rules.add_perm("cases.change_status", can_see_case & (is_om_decider | is_police_at_the_table))
