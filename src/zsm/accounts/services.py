"""Every write about users, sessions, second factors and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from zsm.accounts.models import ApiToken, Location, Membership, Organisation, Team, User, UserSession
from zsm.audit.constants import Action
from zsm.audit.services import business_event_record, security_event_record
from zsm.common.clock import now
from zsm.common.exceptions import ApplicationError
from zsm.common.middleware import request_id_of

SESSION_LOGIN_AT = "zsm_login_at"
SESSION_LAST_SEEN = "zsm_last_seen"
SESSION_MEMBERSHIP = "zsm_membership_id"
API_TOKEN_PREFIX = "zsm_"
WRONG_CODE = _("The code is not correct. Try the newest code from your app.")


@transaction.atomic
def user_login(*, request: HttpRequest, user: User) -> None:
    """Sign a user in: a new session id, its start time for the time-outs, and a record of it."""
    django_login(request, user)  # rotates the session key
    moment = now().timestamp()
    request.session[SESSION_LOGIN_AT] = moment
    request.session[SESSION_LAST_SEEN] = moment
    request.session.save()
    assert request.session.session_key is not None
    UserSession.objects.get_or_create(user=user, session_key=request.session.session_key)
    security_event_record(user=user, action=Action.LOGIN, event="user.logged_in", request_id=request_id_of(request))


@transaction.atomic
def user_logout(*, request: HttpRequest) -> None:
    user = request.user
    if user.is_authenticated:
        UserSession.objects.filter(user=user, session_key=request.session.session_key).delete()
        security_event_record(
            user=user, action=Action.LOGOUT, event="user.logged_out", request_id=request_id_of(request)
        )
    django_logout(request)


def _sessions_end(*, user: User) -> int:
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)


@transaction.atomic
def user_deactivate(*, user: User, actor: Any, request_id: str = "") -> User:
    """Take a user out of service: no login, every open session ended, every API key revoked."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = _sessions_end(user=user)
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now())
    business_event_record(
        user=actor,
        action=Action.UPDATE,
        event="user.deactivated",
        obj=user,
        request_id=request_id,
        details={"sessions_ended": ended},
    )
    return user


@transaction.atomic
def user_activate(*, user: User, actor: Any, request_id: str = "") -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_active = True
    user.save(update_fields=["is_active"])
    business_event_record(user=actor, action=Action.UPDATE, event="user.activated", obj=user, request_id=request_id)
    return user


def membership_choose(*, request: HttpRequest, membership_id: int) -> Membership:
    """Act in another of one's own memberships for the rest of this session."""
    membership = Membership.objects.filter(user=request.user.pk, is_active=True, pk=membership_id).first()
    if membership is None:
        raise ApplicationError(_("Unknown role."), field_errors={"membership": [_("Choose one of your own roles.")]})
    request.session[SESSION_MEMBERSHIP] = membership.pk
    return membership


# --- Second factor (TOTP) ------------------------------------------------------------------


def totp_key_new() -> str:
    """A fresh TOTP secret (hex), kept in the session until the user proves their app has it."""
    return random_hex(20)


@transaction.atomic
def totp_device_register(*, request: HttpRequest, key: str, token: str) -> TOTPDevice:
    """Register the authenticator app once it produced a valid code; it replaces any earlier one."""
    user = request.user
    # Replace first and check after: a wrong code raises, and the transaction puts the old device back.
    TOTPDevice.objects.filter(user=user).delete()
    candidate = TOTPDevice.objects.create(user=user, name="Authenticator-app", key=key, confirmed=True)
    if not candidate.verify_token(token.strip()):
        raise ApplicationError(_("The code is not correct."), field_errors={"token": [WRONG_CODE]})
    otp_login(request, candidate)
    security_event_record(
        user=user, action=Action.CREATE, event="second_factor.registered", request_id=request_id_of(request)
    )
    return candidate


def second_factor_verify(*, request: HttpRequest, token: str) -> TOTPDevice:
    user = request.user
    for device in TOTPDevice.objects.filter(user=user.pk, confirmed=True):
        if device.verify_token(token.strip()):
            otp_login(request, device)
            security_event_record(
                user=user, action=Action.LOGIN, event="second_factor.verified", request_id=request_id_of(request)
            )
            return device
    security_event_record(
        user=user, action=Action.LOGIN, event="second_factor.failed", request_id=request_id_of(request)
    )
    raise ApplicationError(_("The code is not correct."), field_errors={"token": [WRONG_CODE]})


# --- API tokens ---------------------------------------------------------------------------


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str = "API") -> tuple[ApiToken, str]:
    """A new key for a system acting as `user`. The plain key is returned once and never stored."""
    if not user.is_active:
        raise ApplicationError(_("A deactivated user cannot get an API key."))
    key = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:10], key_hash=api_token_hash(key))
    business_event_record(user=user, action=Action.CREATE, event="api_token.created", obj=token)
    return token, key


def api_token_touch(*, token: ApiToken) -> None:
    """Note when a key was last used, at most once a minute, so reads stay reads."""
    moment = now()
    if token.last_used_at is None or (moment - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=moment)


# --- Organisations, locations, teams, users and memberships --------------------------------


@transaction.atomic
def organisation_ensure(*, name: str, kind: str) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    return organisation


@transaction.atomic
def location_ensure(*, code: str, name: str, city: str) -> Location:
    location, _created = Location.objects.get_or_create(code=code, defaults={"name": name, "city": city})
    return location


@transaction.atomic
def team_ensure(*, name: str, organisation: Organisation, location: Location) -> Team:
    team, _created = Team.objects.get_or_create(organisation=organisation, name=name, defaults={"location": location})
    return team


@transaction.atomic
def user_create(
    *, username: str, password: str, first_name: str = "", last_name: str = "", email: str = "", phone: str = ""
) -> User:
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, phone=phone)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def membership_create(
    *, user: User, organisation: Organisation, location: Location, role: str, team: Team | None = None
) -> Membership:
    """Give a user a role; the role must fit the organisation (see ROLE_ORGANISATION_KINDS)."""
    membership = Membership(user=user, organisation=organisation, location=location, role=role, team=team)
    try:
        membership.full_clean()
    except DjangoValidationError as error:
        raise ApplicationError(_("This role does not fit here."), field_errors=error.message_dict) from error
    membership.save()
    return membership
