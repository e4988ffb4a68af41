"""A werkplaats case closed after the OM's decision leaves its ZSM case decided, with the disposal the OM
recorded and no running clock on any page (docs/legal-rules.md W1, W2, H6)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.decisions import conditional_dismissal
from tests.workplace.flow import advised_case, om_decides
from zsm.accounts.models import User
from zsm.cases.board import case_clock
from zsm.cases.models import Case
from zsm.common.clock import now
from zsm.common.exceptions import ConflictError
from zsm.decisions.services import decision_record
from zsm.workplace.constants import AdviceResponse, WerkplaatsStatus
from zsm.workplace.models import Advice
from zsm.workplace.services import werkplaats_case_transition

pytestmark = pytest.mark.django_db


def test_referred_advised_decided_closed(
    world: dict[str, User], login_as: Callable[..., Client], as_user: Callable[[str], APIClient]
) -> None:
    werkplaats_case, advice = advised_case(world)
    case = werkplaats_case.case
    # The table sends the suspect home: the OM refers the case to the werkplaats, the clock stops.
    decision_record(user=world["officier"], case_id=case.pk, data=conditional_dismissal(disposal="refer_to_werkplaats"))
    case.refresh_from_db()
    assert case.status == "referred_to_werkplaats"
    assert case_clock(case, at=now()) is None
    # The werkplaats may not close while the OM still has to decide.
    werkplaats_case.refresh_from_db()
    with pytest.raises(ConflictError):
        werkplaats_case_transition(
            user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, target=WerkplaatsStatus.CLOSED,
            expected_version=werkplaats_case.version, outcome="Klaar.",
        )  # fmt: skip
    # The OM decides, on the advice: the disposal goes on the ZSM case and answers the advice.
    decision = om_decides(world, werkplaats_case)
    werkplaats_case.refresh_from_db()
    closed = werkplaats_case_transition(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case.pk, target=WerkplaatsStatus.CLOSED,
        expected_version=werkplaats_case.version, outcome="Voorwaardelijk sepot; schuldhulp loopt.",
    )  # fmt: skip

    assert closed.status == WerkplaatsStatus.CLOSED
    case = Case.objects.get(pk=case.pk)
    assert case.status == "decided"
    assert case.decided_at == decision.decided_at
    assert case.decisions.order_by("-decided_at", "-pk").first().disposal == "conditional_dismissal"
    assert Advice.objects.get(pk=advice.pk).response == AdviceResponse.ADOPTED
    assert case_clock(case, at=now()) is None
    officer = login_as("officier")
    case_page = officer.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert 'data-testid="case-clock"' not in case_page
    assert reverse("decisions:decision_create", kwargs={"case_id": case.pk}) not in case_page
    decision_page = officer.get(reverse("decisions:decision_create", kwargs={"case_id": case.pk})).content.decode()
    assert 'data-testid="clock"' not in decision_page
    board = officer.get(reverse("cases:board")).content.decode()
    assert "zsm-time--" not in board.split(case.reference, 1)[1].split("</tr>", 1)[0]
    assert as_user("officier").get(f"/api/v1/cases/{case.pk}").json()["clock"] is None
