"""Object and role checks (django-rules). Found by rules' autodiscovery; views ask
`user.has_perm("…")`, never the role directly, so each rule lives here once."""

from __future__ import annotations

from typing import Any

import rules

from zsm.accounts.constants import Role
from zsm.accounts.selectors import membership_active


def role_is(*roles: str) -> Any:
    name = "role_is_" + "_or_".join(roles)

    @rules.predicate(name=name)
    def predicate(user: Any) -> bool:
        membership = membership_active(user=user)
        return membership is not None and membership.role in roles

    return predicate


@rules.predicate
def has_membership(user: Any) -> bool:
    return membership_active(user=user) is not None


@rules.predicate
def second_factor_verified(user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


is_functional_admin = role_is(Role.FUNCTIONAL_ADMIN)
is_privacy_officer = role_is(Role.PRIVACY_OFFICER)

rules.add_perm("accounts.use_admin_site", is_functional_admin & second_factor_verified)
rules.add_perm("accounts.view_reference_data", rules.is_authenticated & rules.is_active)
