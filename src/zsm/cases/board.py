"""Read-side helpers that present cases on the board, the stand-up and the case page.

Pure functions on cases fetched by `cases.selectors` (with their offences, screenings and decisions
prefetched), so presenting 50 rows costs no extra queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zsm.cases.constants import HELD_STATUSES, CaseStatus, Partner, ScreeningState
from zsm.cases.holding import Urgency, format_time_left, time_left, urgency
from zsm.cases.models import Case, Screening
from zsm.common.clock import local
from zsm.decisions.constants import Disposal
from zsm.decisions.models import Decision

# The order of the partners' columns at the table, and their short names on a chip.
PARTNER_ORDER: tuple[str, ...] = (
    Partner.POLICE,
    Partner.OM,
    Partner.PROBATION,
    Partner.VICTIM_SUPPORT,
    Partner.CHILD_PROTECTION,
)
PARTNER_SHORT: dict[str, str | Promise] = {
    Partner.POLICE: _("Police"),
    Partner.OM: "OM",
    Partner.PROBATION: "3RO",
    Partner.VICTIM_SUPPORT: "SHN",
    Partner.CHILD_PROTECTION: _("Raad"),
}
# A symbol per screening state, so a chip does not depend on colour alone.
STATE_SYMBOL = {"open": "–", "in_progress": "…", "done": "✓"}


@dataclass(frozen=True)
class Deadline:
    moment: datetime
    text: str  # "2 h 05 min", "expired" in the active language
    urgency: str  # ok, warning, critical, expired

    @property
    def is_urgent(self) -> bool:
        return self.urgency != Urgency.OK


def deadline_info(deadline: datetime, *, at: datetime) -> Deadline:
    return Deadline(
        moment=local(deadline),
        text=format_time_left(time_left(deadline, at=at)),
        urgency=str(urgency(deadline, at=at)),
    )


class ClockKind:
    HOLDING = "holding"  # ophouden voor onderzoek (art. 56a Sv)
    CUSTODY = "custody"  # inverzekeringstelling (art. 57–58 Sv), with the examining judge's deadline


@dataclass(frozen=True)
class CaseClock:
    """The one clock of a held suspect, the same on every page and in the API: the custody deadline once
    custody is ordered (with the examining judge's), else the holding deadline. None when nobody is held."""

    kind: str
    current: Deadline
    judge: Deadline | None  # in custody: before the examining judge by (art. 59a Sv)
    identity_extended: bool  # the holding period was extended to establish identity (art. 56b Sv)

    @property
    def expired(self) -> bool:
        return self.current.urgency == Urgency.EXPIRED

    @property
    def in_custody(self) -> bool:
        return self.kind == ClockKind.CUSTODY


def case_clock(case: Case, *, at: datetime) -> CaseClock | None:
    """The clock that runs for this case now, or None: decided, released, referred, under 12."""
    if case.status not in HELD_STATUSES or case.holding_deadline is None:
        return None
    if case.custody_deadline is not None:
        judge = deadline_info(case.examining_judge_deadline, at=at) if case.examining_judge_deadline else None
        return CaseClock(ClockKind.CUSTODY, deadline_info(case.custody_deadline, at=at), judge, case.identity_extended)
    return CaseClock(ClockKind.HOLDING, deadline_info(case.holding_deadline, at=at), None, case.identity_extended)


def partner_position(partner: str) -> int:
    return PARTNER_ORDER.index(partner) if partner in PARTNER_ORDER else len(PARTNER_ORDER)


@dataclass(frozen=True)
class ScreeningChip:
    partner: str
    short: str | Promise
    label: str | Promise
    state: str
    state_label: str | Promise
    symbol: str


@dataclass(frozen=True)
class Labels:
    """Every label a row shows, translated once per page instead of once per row (1,000 rows = 50,000
    gettext calls otherwise)."""

    partner_short: dict[str, str]
    partner: dict[str, str]
    state: dict[str, str]
    status: dict[str, str]
    disposal: dict[str, str]
    flag: dict[str, str]

    @classmethod
    def current(cls) -> Labels:
        return cls(
            partner_short={key: str(value) for key, value in PARTNER_SHORT.items()},
            partner={key: str(label) for key, label in Partner.choices},
            state={key: str(label) for key, label in ScreeningState.choices},
            status={key: str(label) for key, label in CaseStatus.choices},
            disposal={key: str(label) for key, label in Disposal.choices},
            flag={key: str(label) for key, label in FLAG_LABELS.items()},
        )


def screening_chips(case: Case, labels: Labels | None = None) -> list[ScreeningChip]:
    """One chip per screening that exists on the case (the Raad only on minors' cases), in table order."""
    labels = labels or Labels.current()
    screenings: list[Screening] = sorted(case.screenings.all(), key=lambda s: partner_position(s.partner))
    return [
        ScreeningChip(
            partner=s.partner,
            short=labels.partner_short.get(s.partner, s.partner),
            label=labels.partner.get(s.partner, s.partner),
            state=s.state,
            state_label=labels.state.get(s.state, s.state),
            symbol=STATE_SYMBOL.get(s.state, ""),
        )
        for s in screenings
    ]


@dataclass(frozen=True)
class Flag:
    key: str
    label: str | Promise


FLAG_LABELS: dict[str, str | Promise] = {
    "minor": _("minor"),
    "known_client": _("known probation client"),
    "supervision": _("under supervision"),
    "domestic_violence": _("domestic violence"),
    "werkplaats": _("werkplaats candidate"),
}


def case_flags(case: Case, labels: Labels | None = None) -> list[Flag]:
    names = labels.flag if labels else FLAG_LABELS
    present = {
        "minor": case.is_minor,
        "known_client": case.known_probation_client,
        "supervision": case.under_supervision,
        "domestic_violence": case.domestic_violence,
        "werkplaats": case.werkplaats_candidate,
    }
    return [Flag(key, names[key]) for key, on in present.items() if on]


def latest_decision(case: Case) -> Decision | None:
    """The newest decision among the prefetched ones (no query)."""
    decisions = list(case.decisions.all())
    return max(decisions, key=lambda d: (d.decided_at, d.pk)) if decisions else None


@dataclass(frozen=True)
class BoardRow:
    case: Case
    url: str
    status_label: str
    decision_label: str
    arrested_at: datetime  # local
    arrested_today: bool
    chips: list[ScreeningChip]
    flags: list[Flag]
    offence_codes: list[str]
    decision: Decision | None
    is_held: bool
    clock: CaseClock | None
    # The screening the reader's own partner fills in on this case, while the suspect is held (else None).
    own_screening: Screening | None = None

    @property
    def deadline(self) -> Deadline | None:
        return self.clock.current if self.clock else None

    @property
    def own_screening_to_do(self) -> bool:
        return self.own_screening is not None and self.own_screening.state != ScreeningState.DONE


def board_row(
    case: Case,
    *,
    at: datetime,
    labels: Labels | None = None,
    case_url: str | None = None,
    partner: str | None = None,
) -> BoardRow:
    labels = labels or Labels.current()
    is_held = case.status in HELD_STATUSES
    own = next((s for s in case.screenings.all() if s.partner == partner), None) if partner and is_held else None
    arrested = local(case.arrested_at)
    decision = latest_decision(case)
    return BoardRow(
        case=case,
        url=case_url or _case_url(case.pk),
        status_label=labels.status.get(case.status, case.status),
        # The disposal is news only once the case is decided; a referral already reads as its status.
        decision_label=labels.disposal.get(decision.disposal, "")
        if decision and case.status == CaseStatus.DECIDED
        else "",
        arrested_at=arrested,
        arrested_today=arrested.date() == local(at).date(),
        chips=screening_chips(case, labels),
        flags=case_flags(case, labels),
        offence_codes=[offence.code for offence in case.offences.all()],
        decision=decision,
        is_held=is_held,
        clock=case_clock(case, at=at),
        own_screening=own,
    )


def _case_url(case_id: int) -> str:
    return reverse("cases:case_detail", kwargs={"case_id": case_id})


def board_rows(cases: Iterable[Case], *, at: datetime, partner: str | None = None) -> list[BoardRow]:
    """The board's rows; with the reader's `partner`, each row knows the screening they can do from it."""
    labels = Labels.current()
    # Reversed once; each row fills in its own id (reverse() per row costs ~0.5 ms).
    prefix, _sentinel, suffix = _case_url(987654321).partition("987654321")
    return [
        board_row(case, at=at, labels=labels, case_url=f"{prefix}{case.pk}{suffix}", partner=partner) for case in cases
    ]
