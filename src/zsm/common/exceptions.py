"""Errors a service raises when a rule refuses a write; views turn them into messages or problems."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.functional import Promise

Message = str | Promise


class ApplicationError(Exception):
    """A write refused by a domain rule. `field_errors` maps field names to Dutch messages."""

    status = 400

    def __init__(self, message: Message, *, field_errors: Mapping[str, Sequence[Message]] | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field_errors: dict[str, list[str]] = {k: [str(m) for m in v] for k, v in (field_errors or {}).items()}


class ConflictError(ApplicationError):
    """Someone else changed the object first; the caller should reload and try again."""

    status = 409
