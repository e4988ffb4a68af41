"""API authentication: hashed tokens for systems, the session for the browser."""

from __future__ import annotations

from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from zsm.accounts.models import ApiToken
from zsm.accounts.selectors import membership_active
from zsm.accounts.services import api_token_hash, api_token_touch


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>`; the key is compared by its SHA-256, never stored."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Ongeldige Authorization-header.")
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("Ongeldige sleutel.") from exc
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=api_token_hash(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Ongeldige of ingetrokken sleutel.")
        api_token_touch(token=token)
        membership_active(user=token.user)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser's session, with Django's CSRF check (the second-factor gate is middleware)."""
