"""Old cases for the retention demo: a dry run at `/privacy/bewaartermijnen/` has something to list.

Cases decided five to eleven years ago (one with werkplaats casework that was withdrawn before the OM decided), made
through the real services and then backdated, since no service writes history in the past.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction

from zsm.accounts.models import User
from zsm.cases.holding import examining_judge_deadline, holding_deadline
from zsm.cases.models import Case
from zsm.cases.services import CaseInput, OffenceInput, SuspectInput, VictimInput, case_register
from zsm.common.clock import local, now
from zsm.decisions.caps import DecisionInput
from zsm.decisions.models import Decision
from zsm.decisions.services import decision_record
from zsm.workplace.constants import Signal, WerkplaatsStatus
from zsm.workplace.models import WerkplaatsCase
from zsm.workplace.services import werkplaats_case_assign, werkplaats_case_propose, werkplaats_case_transition

SHOPLIFTING = OffenceInput("310 Sr", "Winkeldiefstal")


@dataclass(frozen=True)
class _Old:
    years_ago: float
    given_names: str
    surname: str
    born: date
    decision: DecisionInput
    casework: bool = False


OLD_CASES = (
    _Old(6, "Gerrit", "Hoogeveen", date(1971, 4, 2), DecisionInput("technical_dismissal", dismissal_code="02"), True),
    _Old(5.5, "Mirjam", "Oudshoorn", date(1988, 9, 14), DecisionInput("strafbeschikking", fine_amount=Decimal(150))),
    _Old(11, "Hendrik", "Sleeuwijk", date(1960, 1, 23), DecisionInput("technical_dismissal", dismissal_code="02")),
)


@dataclass
class RetentionResult:
    skipped: bool = False
    cases: int = 0


@transaction.atomic
def retention_build(*, progress: Callable[[str], None] = lambda _message: None) -> RetentionResult:
    moment = now()
    if Case.objects.filter(registered_at__lt=moment - timedelta(days=4 * 365)).exists():
        progress("Oude zaken al aanwezig; bewaartermijn-demo overgeslagen.")
        return RetentionResult(skipped=True)
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["politie", "officier", "reclassering", "coordinator", "werkplaats"])
    }
    for index, old in enumerate(OLD_CASES):
        arrested = moment - timedelta(hours=3)
        case = case_register(
            user=users["politie"],
            data=CaseInput(
                police_registration_number=f"PL0900-OUD{index:05d}",
                arrested_at=arrested,
                holding_ordered_at=arrested + timedelta(minutes=15),
                suspect=SuspectInput(given_names=old.given_names, surname=old.surname, date_of_birth=old.born),
                offences=[SHOPLIFTING],
                victims=[VictimInput(name="Filiaalmanager Albert Heijn")],
                incident_municipality="Utrecht",
                incident_postcode="3511 AB",
            ),
        )
        if old.casework:
            proposed = werkplaats_case_propose(
                user=users["reclassering"], case_id=case.pk, signals=[Signal.UNPAYABLE_DEBTS]
            )
            werkplaats_case = werkplaats_case_assign(
                user=users["coordinator"],
                werkplaats_case_id=proposed.pk,
                worker_id=users["werkplaats"].pk,
                expected_version=proposed.version,
            )
            werkplaats_case_transition(
                user=users["coordinator"],
                werkplaats_case_id=werkplaats_case.pk,
                target=WerkplaatsStatus.WITHDRAWN,
                expected_version=werkplaats_case.version,
                outcome="Zaak geseponeerd; geen werkplaatstraject nodig.",
            )
        decision_record(user=users["officier"], case_id=case.pk, data=old.decision)
        _backdate(case, moment - timedelta(days=round(old.years_ago * 365)))
    progress(f"{len(OLD_CASES)} oude zaken voor de bewaartermijnen")
    return RetentionResult(cases=len(OLD_CASES))


def _backdate(case: Case, when: datetime) -> None:
    """Move a case and what hangs off it to `when` (the arrest), decided three hours later."""
    case_id, offence_date = case.pk, local(when).date()
    decided, ordered = when + timedelta(hours=3), when + timedelta(minutes=15)
    Case.objects.filter(pk=case_id).update(
        offence_date=offence_date,
        suspect_age=case.suspect.age_on(offence_date),
        arrested_at=when,
        holding_ordered_at=ordered,
        holding_deadline=holding_deadline(ordered, pretrial_detention_allowed=case.pretrial_detention_allowed),
        examining_judge_deadline=examining_judge_deadline(when),
        registered_at=when,
        decided_at=decided,
        updated_at=decided,
    )
    Decision.objects.filter(case_id=case_id).update(decided_at=decided)
    WerkplaatsCase.objects.filter(case_id=case_id).update(
        proposed_at=when + timedelta(hours=1), assigned_at=when + timedelta(hours=2), closed_at=decided
    )
