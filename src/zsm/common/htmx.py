"""How the server recognises htmx requests: fragments, and background refreshes (ADR 0008).

- A *fragment request* is any request htmx makes (`HX-Request: true`): its answer is swapped into
  part of a page, so it must never be a whole page such as the login form.
- A *background request* is a safe (GET/HEAD) request that says so with `X-ZSM-Background: 1`.
  The browser sends it only for an element marked `data-zsm-background` whose request no user
  event started (a timer poll), see `zsm/session.js`. It does not count as activity for the idle
  time-out. The signal can only make a session end sooner, so trusting the client with it is safe.
"""

from __future__ import annotations

from django.http import HttpRequest

BACKGROUND_HEADER = "X-ZSM-Background"
# The answer to a fragment request that finds no session; `zsm/session.js` shows the banner.
SESSION_HEADER = "X-ZSM-Session"
SESSION_ENDED = "ended"
SAFE_METHODS = frozenset({"GET", "HEAD"})


def is_fragment_request(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def is_background_request(request: HttpRequest) -> bool:
    """A timer-driven refresh, not a person's action: a write is never background."""
    return request.method in SAFE_METHODS and request.headers.get(BACKGROUND_HEADER) == "1"
