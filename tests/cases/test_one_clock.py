"""One clock everywhere (docs/legal-rules.md H6): a suspect in custody shows the custody deadline (and the
examining judge's) on the board, the stand-up, the case page, the decision screen and in the API, never an
expired holding period; a decided or referred case shows no running clock and no "record a decision"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.decisions import conditional_dismissal
from zsm.accounts.models import User
from zsm.cases.board import case_clock
from zsm.cases.models import Case
from zsm.cases.services import CaseInput, OffenceInput, SuspectInput, case_custody_order, case_register
from zsm.common.clock import AMSTERDAM
from zsm.decisions.services import decision_record

pytestmark = pytest.mark.django_db

ARRESTED = datetime(2026, 1, 15, 20, 0, tzinfo=AMSTERDAM)  # a Thursday evening
LATER = datetime(2026, 1, 16, 15, 0, tzinfo=AMSTERDAM)  # the holding period (9 counted hours) ended at 14:30


@pytest.fixture
def in_custody(world: dict[str, User]) -> Case:
    """Arrested for robbery Thursday 20:00, holding ordered 20:30 (ends Friday 14:30), custody from 14:20."""
    with time_machine.travel(ARRESTED + timedelta(minutes=40), tick=False):
        case = case_register(
            user=world["politie"],
            data=CaseInput(
                police_registration_number="PL-IVS-1",
                arrested_at=ARRESTED,
                holding_ordered_at=ARRESTED + timedelta(minutes=30),
                suspect=SuspectInput(given_names="Rob", surname="Berover", date_of_birth=datetime(1995, 5, 5).date()),
                offences=[OffenceInput("312 lid 1 Sr")],
            ),
        )
    with time_machine.travel(LATER - timedelta(minutes=35), tick=False):
        case_custody_order(user=world["officier"], case_id=case.pk, started_at=LATER - timedelta(minutes=40))
    case.refresh_from_db()
    return case


def test_the_clock_is_custody_with_the_examining_judge_beside_it(in_custody: Case) -> None:
    clock = case_clock(in_custody, at=LATER)
    assert clock is not None
    assert clock.in_custody
    assert not clock.expired
    # Custody would end Monday 14:20 (three days), but the examining judge's deadline, 3 days 18 hours after the
    # arrest, comes first: Monday 14:00.
    assert clock.current.moment == datetime(2026, 1, 19, 14, 0, tzinfo=AMSTERDAM)
    assert clock.judge is not None
    assert clock.judge.moment == datetime(2026, 1, 19, 14, 0, tzinfo=AMSTERDAM)
    assert in_custody.holding_deadline is not None
    assert in_custody.holding_deadline < LATER  # the holding period itself is over, lawfully


@pytest.mark.parametrize(
    "page",
    [
        lambda case: reverse("cases:board"),
        lambda case: reverse("cases:standup"),
        lambda case: reverse("cases:case_detail", kwargs={"case_id": case.pk}),
        lambda case: reverse("decisions:decision_create", kwargs={"case_id": case.pk}),
    ],
    ids=["board", "standup", "case", "decision"],
)
def test_every_page_shows_the_custody_clock_and_no_expired_holding(
    login_as: Callable[..., Client], in_custody: Case, page: Callable[[Case], str]
) -> None:
    client = login_as("officier")
    with time_machine.travel(LATER, tick=False):
        content = client.get(page(in_custody)).content.decode()
    assert "zsm-time--expired" not in content
    assert "verlopen" not in content
    assert "2 d 23 u" in content  # time left to Monday 14:00
    assert "IVS" in content or "Inverzekeringstelling" in content


def test_the_api_gives_the_same_clock(as_user: Callable[[str], APIClient], in_custody: Case) -> None:
    with time_machine.travel(LATER, tick=False):
        body = as_user("officier").get(f"/api/v1/cases/{in_custody.pk}").json()
    assert body["clock"] == {
        "kind": "custody",
        "deadline": "2026-01-19T14:00:00+01:00",
        "urgency": "ok",
        "examiningJudgeDeadline": "2026-01-19T14:00:00+01:00",
        "identityExtended": False,
    }
    assert body["custodyDeadline"] == "2026-01-19T14:00:00+01:00"


@pytest.mark.parametrize("disposal", ["conditional_dismissal", "refer_to_werkplaats"])
def test_a_decided_or_referred_case_has_no_clock_and_no_decision_button(
    login_as: Callable[..., Client], as_user: Callable[[str], APIClient], world: dict[str, User], in_custody: Case,
    disposal: str,
) -> None:  # fmt: skip
    with time_machine.travel(LATER, tick=False):
        decision_record(user=world["officier"], case_id=in_custody.pk, data=conditional_dismissal(disposal=disposal))
        page = login_as("officier").get(reverse("cases:case_detail", kwargs={"case_id": in_custody.pk}))
        api = as_user("officier").get(f"/api/v1/cases/{in_custody.pk}").json()
    content = page.content.decode()
    assert 'data-testid="case-clock"' not in content
    assert api["clock"] is None
    decision_url = reverse("decisions:decision_create", kwargs={"case_id": in_custody.pk})
    assert (f'href="{decision_url}"' in content) == (disposal == "refer_to_werkplaats")  # the OM still decides
