"""Structured logging with the request id on every line and personal data kept out.

A BSN, token, password or session id must never reach a log line (DESIGN §1); the redaction
processor below is the last line of defence, not a licence to log such things.
"""

from __future__ import annotations

import logging
import re
from collections.abc import MutableMapping
from typing import Any

import structlog

REDACTED = "[redacted]"
SENSITIVE_KEYS = re.compile(r"pass(word)?|secret|token|authorization|cookie|session|bsn|csrf", re.IGNORECASE)
# Any run of exactly nine digits may be a BSN; a token looks like a long opaque string.
NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
BEARER = re.compile(r"(Token|Bearer)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
# A long opaque path segment is a token in a URL (an institution's acknowledgement link), e.g. in
# Django's own "Not Found: /…" warnings, or percent-encoded in a ?next= address.
PATH_TOKEN = re.compile(r"(?:(?<=/)|(?<=%2F))[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])", re.IGNORECASE)


def redact_text(text: str) -> str:
    return PATH_TOKEN.sub(REDACTED, BEARER.sub(r"\1 " + REDACTED, NINE_DIGITS.sub(REDACTED, text)))


def _redact(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: REDACTED if SENSITIVE_KEYS.search(str(k)) else _redact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_redact(v) for v in value)
    if value is None or isinstance(value, bool | int | float):
        return value
    # Anything else (a request object, an exception) is logged as its text, redacted.
    return redact_text(str(value))


def redact_processor(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in list(event_dict):
        if key in {"timestamp", "level", "logger"}:
            continue
        event_dict[key] = REDACTED if SENSITIVE_KEYS.search(key) and key != "event" else _redact(event_dict[key])
    return event_dict


SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def formatter(fmt: str = "json") -> logging.Formatter:
    renderer: Any = (
        structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.ExtraAdder(), *SHARED_PROCESSORS],
        # Redaction runs here, at the one place every line passes, whichever logger wrote it.
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            redact_processor,
            renderer,
        ],
    )


structlog.configure(
    processors=[*SHARED_PROCESSORS, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)
