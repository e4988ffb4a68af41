"""Encryption at rest for special-category data (health, addiction, psychiatry).

Keys come from ``ZSM_FIELD_ENCRYPTION_KEYS`` (comma-separated Fernet keys, newest first). The first
key encrypts; every key decrypts, so a rotation is: put the new key in front, run
``zsm rotate-encryption-keys`` to re-encrypt, then drop the old key. Outside production a key is
derived from SECRET_KEY so a local start needs no set-up; production refuses to start without keys.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Stored values carry a prefix, so plain text written before encryption can never be mistaken for a token.
PREFIX = "enc1:"


def derived_key(secret: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(f"zsm-field-encryption:{secret}".encode()).digest()).decode()


def _keys() -> list[str]:
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", []))
    if keys:
        return keys
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("ZSM_FIELD_ENCRYPTION_KEYS must be set when ZSM_ENV=production.")
    return [derived_key(settings.SECRET_KEY)]


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(_keys()))


def encrypt(plain: str) -> str:
    return PREFIX + fernet().encrypt(plain.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("Not an encrypted value.")
    try:
        return fernet().decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken as error:  # no key of ours opens it: say so, never show the token
        raise ImproperlyConfigured("An encrypted value cannot be read with the configured keys.") from error


def rotate(stored: str) -> str:
    """Re-encrypt with the current (first) key; values already on it come back re-encrypted too."""
    try:
        return PREFIX + fernet().rotate(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured("An encrypted value cannot be read with the configured keys.") from error
