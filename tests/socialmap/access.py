"""The social map's rows of the URL access matrix (tests/test_url_access.py), one module per URL group."""

from __future__ import annotations

from typing import Any

from tests.socialmap.access_api import ACCESS as API_ACCESS
from tests.socialmap.access_map import ACCESS as MAP_ACCESS
from tests.socialmap.access_referrals import ACCESS as REFERRALS_ACCESS

SOCIALMAP_ACCESS: dict[str, Any] = {**MAP_ACCESS, **REFERRALS_ACCESS, **API_ACCESS}
