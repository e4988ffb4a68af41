"""Who may see and do what on the social map and with referrals (DESIGN §4). Each rule lives here once.

| what | who |
| the social map (institutions, services, areas, contacts; no personal data) | every role that works with cases |
| confirming and correcting entries | the werkplaats team and functional administrators |
| CSV import | the coordinator and functional administrators |
| a case's referrals | who sees the werkplaats casework of the case (workplace.rules) |
| creating, sending and moving referrals | who works on the case (the assigned worker or the coordinator) |
"""

from __future__ import annotations

from typing import Any

import rules

from zsm.accounts.constants import Role
from zsm.accounts.selectors import membership_active
from zsm.workplace.rules import sees_casework_at, works_on

MAP_READER_ROLES = frozenset(Role.values) - {Role.PRIVACY_OFFICER}
MAP_MAINTAINER_ROLES = frozenset({Role.WERKPLAATS_WORKER, Role.COORDINATOR, Role.FUNCTIONAL_ADMIN})
MAP_IMPORTER_ROLES = frozenset({Role.COORDINATOR, Role.FUNCTIONAL_ADMIN})


def _role(user: Any) -> str | None:
    membership = membership_active(user=user)
    return membership.role if membership is not None else None


def sees_social_map(user: Any) -> bool:
    return _role(user) in MAP_READER_ROLES


def maintains_social_map(user: Any) -> bool:
    return _role(user) in MAP_MAINTAINER_ROLES


def imports_social_map(user: Any) -> bool:
    return _role(user) in MAP_IMPORTER_ROLES


def sees_referrals_of(user: Any, werkplaats_case: Any) -> bool:
    return sees_casework_at(user, werkplaats_case.case.location_id)


def refers_for(user: Any, werkplaats_case: Any) -> bool:
    return works_on(user, werkplaats_case)


@rules.predicate
def can_view_map(user: Any) -> bool:
    return sees_social_map(user)


@rules.predicate
def can_maintain_map(user: Any) -> bool:
    return maintains_social_map(user)


@rules.predicate
def can_import_map(user: Any) -> bool:
    return imports_social_map(user)


@rules.predicate
def can_see_referrals(user: Any, werkplaats_case: Any) -> bool:
    return werkplaats_case is not None and sees_referrals_of(user, werkplaats_case)


@rules.predicate
def can_refer(user: Any, werkplaats_case: Any) -> bool:
    return werkplaats_case is not None and refers_for(user, werkplaats_case)


rules.add_perm("socialmap.view_map", can_view_map)
rules.add_perm("socialmap.maintain_map", can_maintain_map)
rules.add_perm("socialmap.import_map", can_import_map)
rules.add_perm("socialmap.view_referrals", can_see_referrals)
rules.add_perm("socialmap.refer", can_refer)
