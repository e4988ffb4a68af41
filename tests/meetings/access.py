"""Access rows for the signal register (see tests/test_url_access.py for Rule and how rows are checked)."""

from __future__ import annotations

from typing import Any

ACCESS: dict[str, Any] = {}
