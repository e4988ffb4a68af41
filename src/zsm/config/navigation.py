"""The main navigation (each item shows only to users whose role may use it) and each role's start page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zsm.accounts.constants import Role
from zsm.accounts.selectors import membership_active
from zsm.workplace.selectors import om_queue_count


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    description: str | Promise
    permission: str | None  # None: every signed-in user
    # How many things wait there for the user, shown beside the label (one cheap query, only when permitted).
    count: Callable[..., int] | None = None


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("overview", _("Overview"), _("Everything your role lets you use, as tiles."), None),
    NavItem(
        "workplace:om_queue",
        _("My queue"),
        _("Advice waiting for your answer and cases waiting for your decision, soonest due first."),
        "workplace.view_om_queue",
        count=om_queue_count,
    ),
    NavItem("cases:board", _("ZSM board"), _("The open cases at your ZSM location, live."), "cases.view_board"),
    NavItem("cases:standup", _("Stand-up"), _("Every open case and what it still waits for."), "cases.view_board"),
    NavItem("cases:case_create", _("New case"), _("Register a fresh arrest for the ZSM table."), "cases.register_case"),
    NavItem(
        "workplace:day",
        _("Werkplaats"),
        _("Your werkplaats day: your cases, calls to retry, checks due."),
        "workplace.view_day",
    ),
    NavItem(
        "workplace:coordination",
        _("Coordination"),
        _("The werkplaats' figures, caseloads and proposed cases."),
        "workplace.view_coordination",
    ),
    NavItem(
        "socialmap:search",
        _("Social map"),
        _("Which agency helps with what, where: search by need and postcode."),
        "socialmap.view_map",
    ),
    NavItem(
        "meetings:signal_list",
        _("Signals"),
        _("Gaps and bumps in local services, and what is done about them."),
        "meetings.view_signals",
    ),
    NavItem("cases:inbox", _("Notifications"), _("Messages for you, such as an arrested client."), None),
    NavItem(
        "audit:access_log",
        _("Access log"),
        _("Who looked at whose data, when and why."),
        "audit.view_access_log",
    ),
    NavItem(
        "audit:subject_access",
        _("Subject access"),
        _("Everything held about one person, and every look at it, as PDF and JSON."),
        "audit.subject_access",
    ),
    NavItem(
        "audit:retention",
        _("Retention"),
        _("Retention terms per data class, the purge's dry run and its log."),
        "audit.retention",
    ),
    NavItem("admin:index", _("Administration"), _("Users, organisations, teams and roles."), "accounts.use_admin_site"),
    NavItem("accounts:account", _("My account"), _("Your roles and second factor."), None),
)


# Each role's start page: its working list, where `home` (and so every login) lands. A role not named here, or
# a user whose membership does not (or no longer) allow that page, gets the tiles of the overview instead.
START_PAGES: dict[str, str] = {
    Role.ZSM_SCREENER: "cases:board",
    Role.POLICE_OFFICER: "cases:board",
    Role.VICTIM_SUPPORT: "cases:board",
    Role.CHILD_PROTECTION: "cases:board",
    Role.WERKPLAATS_WORKER: "workplace:day",
    Role.COORDINATOR: "workplace:coordination",
    Role.OM_DECIDER: "workplace:om_queue",
}
_PERMISSION_OF = {item.url_name: item.permission for item in NAVIGATION}


def start_page(user: Any) -> str | None:
    """The URL name of the working list the user starts on, for the role they act in now; None: the tiles."""
    membership = membership_active(user=user)
    name = START_PAGES.get(membership.role) if membership is not None else None
    if name is None:
        return None
    permission = _PERMISSION_OF.get(name)
    return name if permission is None or user.has_perm(permission) else None


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [
        {
            "url": reverse(item.url_name),
            "label": item.label,
            "description": item.description,
            "current": current == item.url_name,
            # Counted only when a template shows it (not for an htmx fragment), and once per request.
            "count": cache(partial(item.count, user=user)) if item.count is not None else None,
        }
        for item in NAVIGATION
        if item.permission is None or user.has_perm(item.permission)
    ]
    return {"navigation": items}
