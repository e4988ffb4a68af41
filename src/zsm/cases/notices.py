"""Notifications as a message key and parameters, rendered in the reader's language when read.

An inbox row stores *which* message it is (`Notification.message_key`) and the values it names
(`Notification.params`, JSON), not the text: the officer who works in English reads an advice notification in
English, though the worker who gave the advice works in Dutch. Each app declares its kinds of message with
`notice_kind` in its own `notices.py` (imported by its AppConfig.ready, so every kind is known before a page or
the e-mail task renders one); `notice_render` is the one place a notification becomes text.

Rows written before this (subject and body stored as text) have no key and are shown as they were written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zsm.common.clock import local

Values = dict[str, Any]


@dataclass(frozen=True)
class NoticeKind:
    """One kind of notification: its subject and body as English msgids with %(name)s placeholders, and how
    the stored parameters become the values they show (translated labels, dates in the reader's format)."""

    key: str
    subject: Promise
    body: Promise | Callable[[Values], str]
    values: Callable[[Values], Values] | None = None


class NoticeText(NamedTuple):
    subject: str
    body: str


_KINDS: dict[str, NoticeKind] = {}


def notice_kind(
    key: str,
    *,
    subject: Promise,
    body: Promise | Callable[[Values], str],
    values: Callable[[Values], Values] | None = None,
) -> NoticeKind:
    """Declare a kind of notification (once per key, at import time of the app's `notices.py`)."""
    kind = NoticeKind(key=key, subject=subject, body=body, values=values)
    if key in _KINDS and _KINDS[key] != kind:
        raise ValueError(f"notification kind {key!r} is declared twice")
    _KINDS[key] = kind
    return kind


def notice_kinds() -> dict[str, NoticeKind]:
    return dict(_KINDS)


def moment_param(moment: datetime) -> str:
    """A moment as a parameter (ISO, UTC offset kept), for `moment_shown` to format in the reader's language."""
    return moment.isoformat()


def moment_shown(value: str) -> str:
    return formats.date_format(local(datetime.fromisoformat(value)), "SHORT_DATETIME_FORMAT")


def notice_render(*, message_key: str, params: Values, subject: str = "", body: str = "") -> NoticeText:
    """The notification's subject and body in the active language. Without a known key (a row stored as text
    before messages had keys) the stored text is shown as it is."""
    kind = _KINDS.get(message_key) if message_key else None
    if kind is None:
        return NoticeText(subject, body)
    values = kind.values(dict(params)) if kind.values else dict(params)
    text = kind.body(values) if callable(kind.body) else str(kind.body) % values
    return NoticeText(str(kind.subject), text)


# --- The kinds cases sends ---------------------------------------------------------------------------------


def _under_twelve_values(params: Values) -> Values:
    return {
        **params,
        "safety": str(_(": the police have concerns about the child's safety at home"))
        if params.get("safety_concern")
        else "",
    }


CLIENT_ARRESTED = notice_kind(
    "cases.client_arrested",
    subject=_("Your client was arrested"),
    body=_(
        "A client under your supervision was arrested and is on the ZSM board of %(location)s "
        "as %(reference)s. Log in to ZSM Werkplaats to see the case."
    ),
)
CHILD_UNDER_TWELVE = notice_kind(
    "cases.child_under_twelve",
    subject=_("A child under 12 was brought in"),
    body=_(
        "A child under 12 is on the ZSM board of %(location)s as %(reference)s. It cannot be prosecuted "
        "(art. 486 Sv); the case is outside criminal law. Log in to ZSM Werkplaats to see it%(safety)s."
    ),
    values=_under_twelve_values,
)
