"""Helpers for the decision tests: a case registered by the police, ready for the OM."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from zsm.cases.models import Case
from zsm.cases.services import CaseInput, OffenceInput, SuspectInput, case_register
from zsm.common.clock import AMSTERDAM, local_now
from zsm.decisions.caps import DecisionInput

INSULT = OffenceInput("266 Sr", "Belediging", False, Decimal("0.25"))
SERIALS = itertools.count(1)  # every test case gets its own police registration number
THEFT = OffenceInput("310 Sr", "Winkeldiefstal", True, Decimal("4"))
ROBBERY = OffenceInput("312 Sr", "Diefstal met geweld", True, Decimal("9"))
ADULT = SuspectInput(given_names="Sem", surname="Jansen", date_of_birth=date(1990, 3, 1), bsn="111222333")
MINOR = SuspectInput(given_names="Noa", surname="Smit", date_of_birth=date(2011, 6, 1))
# Ten at the time the tests run (2026 and later years alike): a child under 12.
CHILD = SuspectInput(given_names="Kim", surname="Kind", date_of_birth=date(date.today().year - 10, 1, 1))


def register(user: Any, *, suspect: SuspectInput = ADULT, offences: list[OffenceInput] | None = None) -> Case:
    """A case arrested an hour ago, so the holding clock is running."""
    arrested = local_now() - timedelta(hours=1)
    return case_register(
        user=user,
        data=CaseInput(
            police_registration_number=f"PL0900-2026{next(SERIALS):06d}",
            arrested_at=arrested,
            holding_ordered_at=arrested + timedelta(minutes=10),
            suspect=suspect,
            offences=offences or [INSULT],
        ),
    )


def appointment_at() -> datetime:
    """Tomorrow 10:00 Dutch time."""
    day = local_now().date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=AMSTERDAM)


def conditional_dismissal(**overrides: Any) -> DecisionInput:
    values: dict[str, Any] = {
        "disposal": "conditional_dismissal",
        "conditions": "Begeleiding door het wijkteam",
        "probation_period_months": 6,
        "probation_involved": True,
        "appointment_at": appointment_at(),
        "appointment_place": "Reclassering, Utrecht",
        "appointment_with": "R. Reclassering",
    }
    values.update(overrides)
    return DecisionInput(**values)
