"""Every URL is either public or closed to anonymous users, and every URL has an access rule here.

Adding a URL without a row in ACCESS fails `test_every_url_has_an_access_rule`: decide who may
use it, write that down below, and the role matrix checks it for every demo role.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_rule import CASE_STAFF, EVERYONE, Rule
from tests.audit.access_subject import RETENTION_ACCESS, SUBJECT_ACCESS_ACCESS
from tests.cases.test_views import register_case
from tests.conftest import ROLE_OF, verify_second_factor
from tests.decisions import CHILD, conditional_dismissal, register
from tests.meetings.access import ACCESS as MEETINGS_ACCESS
from tests.socialmap.access import SOCIALMAP_ACCESS
from tests.workplace.access import WORKPLACE_ACCESS
from zsm.accounts.constants import OrganisationKind
from zsm.accounts.models import Membership, User
from zsm.accounts.services import location_ensure, membership_create, organisation_ensure, user_create
from zsm.cases.models import Notification
from zsm.decisions.services import decision_record

LOGIN_PATH = reverse("accounts:login")
# The demo roles whose start page is a working list (zsm.config.navigation.START_PAGES).
HAS_START_PAGE = frozenset(EVERYONE - {"veiligheidshuis", "beheer", "privacy"})


def adult_case(world: dict[str, User]) -> dict[str, object]:
    return {"case_id": register_case(world).pk}


def decided_adult_case(world: dict[str, User]) -> dict[str, object]:
    case = register(world["politie"])
    decision_record(user=world["officier"], case_id=case.pk, data=conditional_dismissal())
    return {"case_id": case.pk}


def child_case(world: dict[str, User]) -> dict[str, object]:
    """A child of ten, brought in: outside criminal law, seen by the Raad as a minor's case."""
    return {"case_id": register(world["politie"], suspect=CHILD).pk}


def notification_for_reclassering(world: dict[str, User]) -> dict[str, object]:
    notification = Notification.objects.create(recipient=world["reclassering"], subject="Test", body="Test")
    return {"pk": notification.pk}


ACCESS: dict[str, Rule] = {
    # Public: the way in, the language switch, the health check and the API's self-description.
    "accounts:login": Rule(public=True, allowed=EVERYONE, ok=302),  # signed in: sent on to the start page
    "set_language": Rule(public=True, allowed=EVERYONE, method="post", ok=302),
    "health": Rule(public=True, allowed=EVERYONE),
    "api-root": Rule(public=True, allowed=EVERYONE),
    "api-root-slash": Rule(public=True, allowed=EVERYONE),
    "api-schema": Rule(public=True, allowed=EVERYONE),
    # Every signed-in user.
    # The start: each role with a working list is sent on to it (302); the others get the tiles there.
    "home": Rule(allowed=EVERYONE, ok=302, exceptions=dict.fromkeys(EVERYONE - HAS_START_PAGE, 200)),
    "overview": Rule(allowed=EVERYONE),
    "accounts:account": Rule(allowed=EVERYONE),
    "accounts:logout": Rule(allowed=EVERYONE, method="post", ok=302),
    "accounts:membership_switch": Rule(allowed=EVERYONE, method="post", ok=302),
    "accounts:mfa_setup": Rule(allowed=EVERYONE),
    # Only with a registered device; the others are sent to set one up.
    "accounts:mfa_verify": Rule(allowed=frozenset({"beheer", "privacy"}), denied=302),
    "api-organisation-list": Rule(allowed=EVERYONE),
    "api-me": Rule(allowed=EVERYONE),
    # The case API: partner staff at the ZSM table (cases.view_board); the safety house, administrators
    # and privacy officers get 403. Case 1 does not exist, so those at the table get 404.
    "api-case-list": Rule(allowed=EVERYONE - {"veiligheidshuis", "beheer", "privacy"}),
    "api-case-detail": Rule(allowed=EVERYONE - {"veiligheidshuis", "beheer", "privacy"}, ok=404),
    "api-screening-create": Rule(allowed=EVERYONE - {"veiligheidshuis", "beheer", "privacy"}, method="post", ok=404),
    "api-decision-create": Rule(allowed=EVERYONE - {"veiligheidshuis", "beheer", "privacy"}, method="post", ok=404),
    # The audit log: the privacy officer only.
    "audit:access_log": Rule(allowed=frozenset({"privacy"})),
    "audit:access_log_export": Rule(allowed=frozenset({"privacy"})),
    # The ZSM table: staff of the partners at the location; the Raad only sees minors' cases.
    "cases:board": Rule(allowed=CASE_STAFF),
    "cases:board_rows": Rule(allowed=CASE_STAFF),
    "cases:standup": Rule(allowed=CASE_STAFF),
    "cases:case_create": Rule(allowed=frozenset({"politie"})),
    "cases:person_suggestions": Rule(allowed=frozenset({"politie"})),
    # An adult's case: existence is not disclosed (404) to whoever may not see it.
    "cases:case_detail": Rule(allowed=CASE_STAFF - {"raad"}, denied=404, setup=adult_case),
    "cases:screening_record": Rule(
        allowed=CASE_STAFF - {"raad"}, method="post", ok=400, denied=404, setup=adult_case
    ),  # an empty form: 400 with field errors for those who may screen
    # The board's screening panel; without htmx it sends the screener on to the case page's form.
    "cases:board_screening": Rule(allowed=CASE_STAFF - {"raad"}, ok=302, denied=404, setup=adult_case),
    # Probation and the OM propose werkplaats cases; police and victim support are refused.
    "cases:werkplaats_candidate": Rule(
        allowed=CASE_STAFF - {"raad", "politie", "slachtofferhulp"},
        method="post",
        ok=302,
        denied=404,
        setup=adult_case,
        exceptions={"politie": 403, "slachtofferhulp": 403},
    ),
    # Police and OM change the status; other partners who see the case are refused, the rest never see it.
    "cases:status_change": Rule(
        allowed=frozenset({"politie", "officier"}),
        method="post",
        ok=302,
        denied=404,
        setup=adult_case,
        exceptions=dict.fromkeys(CASE_STAFF - {"raad", "politie", "officier"}, 403),
    ),
    # Custody is recorded by police and OM, like a status change (an empty POST is refused with a message).
    "cases:custody": Rule(
        allowed=frozenset({"politie", "officier"}),
        method="post",
        ok=302,
        denied=404,
        setup=adult_case,
        exceptions=dict.fromkeys(CASE_STAFF - {"raad", "politie", "officier"}, 403),
    ),
    # The police record their report to Veilig Thuis about a child under 12; the other partners see the case.
    "cases:veilig_thuis": Rule(
        allowed=frozenset({"politie"}),
        method="post",
        ok=302,
        denied=404,
        setup=child_case,
        exceptions=dict.fromkeys(CASE_STAFF - {"politie"}, 403),
    ),
    "cases:inbox": Rule(allowed=EVERYONE),
    # Only the recipient may mark a notification read; for anyone else it does not exist.
    "cases:notification_read": Rule(
        allowed=frozenset({"reclassering"}), method="post", ok=302, denied=404, setup=notification_for_reclassering
    ),
    # The OM decides; the others at the table see the case (403), the rest do not (404).
    "decisions:decision_create": Rule(
        allowed=frozenset({"officier"}),
        setup=adult_case,
        exceptions=dict.fromkeys(EVERYONE - CASE_STAFF | {"raad"}, 404),
    ),
    "decisions:decision_summary": Rule(allowed=CASE_STAFF - {"raad"}, denied=404, setup=decided_adult_case),
    # The OM records when its strafbeschikking was handed over (an empty POST is refused with a message).
    "decisions:strafbeschikking_serve": Rule(
        allowed=frozenset({"officier"}),
        method="post",
        ok=302,
        denied=404,
        setup=decided_adult_case,
        exceptions=dict.fromkeys(CASE_STAFF - {"raad", "officier"}, 403),
    ),
    # The admin site, one gate for all its pages: functional administrators only.
    "admin:*": Rule(allowed=frozenset({"beheer"})),
}

# The werkplaats, the social map and the signal register keep their rows beside their tests.
ACCESS.update(WORKPLACE_ACCESS)
ACCESS.update(SOCIALMAP_ACCESS)
ACCESS.update(MEETINGS_ACCESS)
ACCESS.update(SUBJECT_ACCESS_ACCESS)
ACCESS.update(RETENTION_ACCESS)


def walk(
    patterns: list[URLPattern | URLResolver] | None = None, namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (entry.namespace or namespace)
            )
            yield from walk(entry.url_patterns, inner)
        elif entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


ALL_URLS = sorted(dict(walk()).items())


def rule_for(name: str) -> Rule | None:
    if name in ACCESS:
        return ACCESS[name]
    namespace = name.split(":", 1)[0]
    return ACCESS.get(f"{namespace}:*") if ":" in name else None


DUMMY_BY_NAME = {"app_label": "accounts", "content_type_id": 1, "object_id": "1", "url": "onbekend"}


def url_for(name: str, pattern: URLPattern, extra: dict[str, object] | None = None) -> str:
    rule = rule_for(name)
    kwargs = {**(rule.kwargs if rule else {}), **(extra or {})}
    for group in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", str(pattern.pattern)):
        key = group[0] or group[1]
        kwargs.setdefault(key, DUMMY_BY_NAME.get(key, "1"))
    return reverse(name, kwargs=kwargs)


def test_every_url_has_an_access_rule() -> None:
    missing = [name for name, _pattern in ALL_URLS if rule_for(name) is None]
    assert not missing, f"URLs without an access rule in tests/test_url_access.py: {missing}"


def test_no_rule_is_left_over() -> None:
    names = {name for name, _pattern in ALL_URLS}
    namespaces = {name.split(":", 1)[0] for name in names if ":" in name}
    stale = [key for key in ACCESS if key not in names and not (key.endswith(":*") and key[:-2] in namespaces)]
    assert not stale, f"Access rules for URLs that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), [(n, p) for n, p in ALL_URLS if not (rule_for(n) or Rule()).public])
def test_anonymous_users_are_sent_to_login_or_refused(client: Client, name: str, pattern: URLPattern) -> None:
    url = url_for(name, pattern)
    rule = rule_for(name) or Rule()
    response = getattr(client, rule.method)(url, follow=False)
    if url.startswith("/api/"):
        assert response.status_code == 401, url
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 401
        return
    # Follow the redirects (the admin passes through its own login) to our login page.
    response = getattr(client, rule.method)(url, follow=True)
    assert response.redirect_chain, f"{url} served an anonymous user"
    final_url = response.redirect_chain[-1][0]
    assert final_url.startswith(LOGIN_PATH), f"{url} sent an anonymous user to {final_url}"


# The admin site has one gate for all its pages; a few stand for the rest in the role matrix.
ADMIN_SAMPLES = {"admin:index", "admin:accounts_user_changelist", "admin:axes_accessattempt_changelist"}
MATRIX = [
    (name, pattern, username)
    for name, pattern in ALL_URLS
    if not name.startswith("admin:") or name in ADMIN_SAMPLES
    for username in sorted(ROLE_OF)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern", "username"), MATRIX)
def test_role_matrix(
    login_as: Callable[..., Client], world: dict[str, User], name: str, pattern: URLPattern, username: str
) -> None:
    rule = rule_for(name)
    assert rule is not None
    client = login_as(username)
    data: dict[str, object] = {}
    if name == "accounts:membership_switch":
        data = {"membership": Membership.objects.filter(user=world[username]).values_list("pk", flat=True)[0]}
    if name == "set_language":
        data = {"language": "en", "next": "/"}
    extra = rule.setup(world) if rule.setup else None
    response = getattr(client, rule.method)(url_for(name, pattern, extra), data)
    expected = rule.exceptions.get(username, rule.ok if username in rule.allowed else rule.denied)
    assert response.status_code == expected, f"{username} on {name}: {response.status_code}, expected {expected}"


# --- The same role at another ZSM location ---------------------------------------------------------------
# Every URL about one object (a case, a werkplaats case, a referral, a signal, …) was made at Midden-Nederland
# by its row's setup. Whoever may use it there, in the same role and organisation but working at another
# location, must get 403 or 404 — never the object, and never a form that accepts or judges the input.
ELSEWHERE = [
    (name, pattern, username)
    for name, pattern in ALL_URLS
    if (rule := rule_for(name)) is not None and rule.setup is not None and rule.location_bound and not rule.public
    for username in sorted(rule.allowed)
]


def colleague_elsewhere(user: User) -> User:
    """A user with the same role and organisation as `user`, working only at Noord-Nederland."""
    membership = Membership.objects.select_related("organisation").get(user=user)
    location = location_ensure(code="noord-nederland", name="Noord-Nederland", city="Groningen")
    twin = user_create(username=f"{user.username}-noord", password="test-wachtwoord-123", first_name="Noord")
    membership_create(user=twin, organisation=membership.organisation, location=location, role=membership.role)
    return twin


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern", "username"), ELSEWHERE)
def test_the_same_role_at_another_location_gets_nothing(
    client: Client, world: dict[str, User], name: str, pattern: URLPattern, username: str
) -> None:
    rule = rule_for(name)
    assert rule is not None
    assert rule.setup is not None
    url = url_for(name, pattern, rule.setup(world))
    twin = colleague_elsewhere(world[username])
    client.force_login(twin)
    verify_second_factor(client, twin)
    response = getattr(client, rule.method)(url, {})
    assert response.status_code in {403, 404}, f"{username} at another location on {name}: {response.status_code}"


# --- The same role in another probation organisation -----------------------------------------------------
# The three probation organisations (3RO) share the probation screening and the werkplaats casework at their
# location (DESIGN §4), so a ZSM screener of Verslavingsreclassering or the Leger des Heils gets exactly what
# the demo's Reclassering Nederland screener gets, on every URL. Rows about one user's own things differ.
OWN_THINGS = {"cases:notification_read": 404}  # a notification is its recipient's alone
OTHER_3RO = [
    (name, pattern, kind)
    for name, pattern in ALL_URLS
    if (rule := rule_for(name)) is not None
    and not rule.public
    and (not name.startswith("admin:") or name in ADMIN_SAMPLES)
    and name not in {"accounts:membership_switch"}
    for kind in (OrganisationKind.VERSLAVINGSRECLASSERING, OrganisationKind.LEGER_DES_HEILS)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern", "kind"), OTHER_3RO)
def test_another_probation_organisation_gets_what_reclassering_gets(
    client: Client, world: dict[str, User], name: str, pattern: URLPattern, kind: str
) -> None:
    rule = rule_for(name)
    assert rule is not None
    screener = world["reclassering"]
    membership = Membership.objects.get(user=screener)
    organisation = organisation_ensure(name=OrganisationKind(kind).label, kind=kind)
    twin = user_create(username=f"reclassering-{kind}", password="test-wachtwoord-123", first_name="Twee")
    membership_create(user=twin, organisation=organisation, location=membership.location, role=membership.role)
    extra = rule.setup(world) if rule.setup else None
    client.force_login(twin)
    data = {"language": "en", "next": "/"} if name == "set_language" else {}
    response = getattr(client, rule.method)(url_for(name, pattern, extra), data)
    base = rule.exceptions.get("reclassering", rule.ok if "reclassering" in rule.allowed else rule.denied)
    expected = OWN_THINGS.get(name, base)
    assert response.status_code == expected, f"{kind} screener on {name}: {response.status_code}, expected {expected}"
