"""The werkplaats' rows of the URL access matrix (tests/test_url_access.py), one module per URL group."""

from __future__ import annotations

from typing import Any

from tests.workplace.access_api import ACCESS as API_ACCESS
from tests.workplace.access_casework import ACCESS as CASEWORK_ACCESS
from tests.workplace.access_om import ACCESS as OM_ACCESS
from tests.workplace.access_team import ACCESS as TEAM_ACCESS

WORKPLACE_ACCESS: dict[str, Any] = {**TEAM_ACCESS, **CASEWORK_ACCESS, **OM_ACCESS, **API_ACCESS}
