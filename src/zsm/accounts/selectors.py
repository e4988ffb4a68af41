"""Reads about users and their memberships."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zsm.accounts.models import Membership, Organisation

ACTIVE_MEMBERSHIP_ATTR = "_zsm_active_membership"


def membership_list_for_user(*, user: Any) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organisation", "location", "team")
        .order_by("location__name", "organisation__name", "role", "pk")
    )


def membership_active(*, user: Any, preferred_id: int | None = None) -> Membership | None:
    """The membership a user acts in now: the one chosen this session, else their first.

    A user who works for two organisations acts for one at a time, so what they see and
    what the audit log records follows that one role.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, ACTIVE_MEMBERSHIP_ATTR, None)
    if cached is not None and (preferred_id is None or cached.pk == preferred_id):
        return cached
    memberships = list(membership_list_for_user(user=user))
    chosen = next((m for m in memberships if m.pk == preferred_id), memberships[0] if memberships else None)
    setattr(user, ACTIVE_MEMBERSHIP_ATTR, chosen)
    return chosen


def organisation_list(*, user: Any, kind: str | None = None) -> QuerySet[Organisation]:
    """Reference data: every signed-in user may know which partner organisations exist."""
    organisations = Organisation.objects.order_by("name")
    return organisations.filter(kind=kind) if kind else organisations


def users_at_location(*, location_id: int, organisation_kind: str, role: str | None = None) -> list[Any]:
    """The active users who work at a ZSM location for this kind of organisation (e.g. the Raad), once each;
    with `role`, only those in that role there (e.g. the OM's deciders).

    For services that must tell a partner something; not scoped to a requesting user.
    """
    memberships = Membership.objects.filter(
        location_id=location_id, organisation__kind=organisation_kind, is_active=True, user__is_active=True
    )
    if role is not None:
        memberships = memberships.filter(role=role)
    memberships = memberships.select_related("user").order_by("user_id")
    return list({m.user_id: m.user for m in memberships}.values())
