"""Every write on a ZSM case: intake, screenings, status changes. The form, the API and the CSV
import all call `case_register`, so one set of rules decides what a valid intake is."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zsm.accounts.constants import OrganisationKind
from zsm.accounts.selectors import membership_active, users_at_location
from zsm.audit.constants import Action, Purpose
from zsm.audit.services import business_event_record
from zsm.cases import notices, workflow
from zsm.cases.catalogue import PRETRIAL_MIN_PENALTY_YEARS, entry_for, normalise_code
from zsm.cases.constants import (
    CRIMINAL_RESPONSIBILITY_AGE,
    HELD_STATUSES,
    MINOR_AGE,
    CaseStatus,
    HaltDesignation,
    OffenceKind,
    Partner,
    ScreeningState,
)
from zsm.cases.holding import custody_end, examining_judge_deadline, holding_deadline, time_left
from zsm.cases.models import Case, CaseOffence, Notification, Screening, Victim, age_on
from zsm.cases.notices import NoticeKind
from zsm.cases.rules import partner_of, screening_partners
from zsm.cases.tasks import notification_email_send
from zsm.common.clock import local, now
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.common.validators import bsn_is_valid, parketnummer_normalise
from zsm.persons.models import Person, Supervision
from zsm.persons.selectors import person_match_candidates, supervision_active

# A police system's clock may run a little ahead of ours; more than this is a typing error.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class SuspectInput:
    given_names: str
    surname: str
    date_of_birth: date
    surname_prefix: str = ""
    bsn: str = ""
    street: str = ""
    postcode: str = ""
    municipality: str = ""
    existing_person_id: int | None = None  # chosen by the officer from the suggestions


@dataclass(frozen=True)
class OffenceInput:
    """An offence as the police state it. For a catalogue offence the legal facts may be left out (the
    catalogue has them) and, when given, must agree; for any other offence they are required."""

    code: str
    description: str = ""
    pretrial_detention_allowed: bool | None = None
    max_penalty_years: Decimal | None = None
    kind: str = ""  # OffenceKind; a misdrijf when not said


@dataclass(frozen=True)
class ResolvedOffence:
    """An offence with the legal facts the case is decided on: the catalogue's, or the police's own."""

    code: str
    description: str
    pretrial_detention_allowed: bool
    max_penalty_years: Decimal
    kind: str
    halt: str


def _offence_resolve(index: int, offence: OffenceInput, add: Any) -> ResolvedOffence | None:
    field = f"offences[{index}]"
    entry = entry_for(offence.code)
    if entry is not None:
        if offence.pretrial_detention_allowed is not None and offence.pretrial_detention_allowed != (
            entry.pretrial_detention_allowed
        ):
            add(
                f"{field}.pretrial_detention_allowed",
                (
                    _("%(code)s: pre-trial detention is allowed (%(source)s), so the holding period is 9 hours.")
                    if entry.pretrial_detention_allowed
                    else _(
                        "%(code)s: pre-trial detention is not allowed (art. 67 Sv), so the holding period is 6 hours."
                    )
                )
                % {"code": entry.code, "source": entry.source},
            )
        if offence.max_penalty_years is not None and offence.max_penalty_years != entry.max_penalty_years:
            add(
                f"{field}.max_penalty_years",
                _("%(code)s carries at most %(years)s years (%(source)s).")
                % {"code": entry.code, "years": entry.max_penalty_years, "source": entry.source},
            )
        if offence.kind and offence.kind != entry.kind:
            add(
                f"{field}.kind",
                _("%(code)s is a %(kind)s.") % {"code": entry.code, "kind": OffenceKind(entry.kind).label},
            )
        return ResolvedOffence(
            code=entry.code,
            description=offence.description.strip() or entry.description,
            pretrial_detention_allowed=entry.pretrial_detention_allowed,
            max_penalty_years=entry.max_penalty_years,
            kind=entry.kind,
            halt=entry.halt,
        )
    missing = False
    if not offence.description.strip():
        add(f"{field}.description", _("Describe the offence: it is not in the catalogue."))
        missing = True
    if offence.pretrial_detention_allowed is None:
        add(
            f"{field}.pretrial_detention_allowed",
            _("Say whether pre-trial detention is allowed (art. 67 Sv): this offence is not in the catalogue."),
        )
        missing = True
    if offence.max_penalty_years is None:
        add(f"{field}.max_penalty_years", _("Give the maximum prison term: this offence is not in the catalogue."))
        missing = True
    if offence.kind and offence.kind not in OffenceKind.values:
        add(f"{field}.kind", _("Choose misdrijf or overtreding."))
        missing = True
    if missing or offence.max_penalty_years is None or offence.pretrial_detention_allowed is None:
        return None
    if offence.max_penalty_years < 0:
        add(f"{field}.max_penalty_years", _("The maximum penalty cannot be negative."))
        return None
    kind = offence.kind or OffenceKind.MISDRIJF
    if (
        kind == OffenceKind.MISDRIJF
        and offence.max_penalty_years >= PRETRIAL_MIN_PENALTY_YEARS
        and not (offence.pretrial_detention_allowed)
    ):
        add(
            f"{field}.pretrial_detention_allowed",
            _("A crime carrying four years or more allows pre-trial detention (art. 67 lid 1 sub a Sv)."),
        )
        return None
    if kind == OffenceKind.OVERTREDING and offence.pretrial_detention_allowed:
        add(
            f"{field}.pretrial_detention_allowed",
            _("Pre-trial detention is only for crimes (art. 67 Sv), never for an overtreding."),
        )
        return None
    return ResolvedOffence(
        code=normalise_code(offence.code),
        description=offence.description.strip(),
        pretrial_detention_allowed=offence.pretrial_detention_allowed,
        max_penalty_years=offence.max_penalty_years,
        kind=kind,
        halt=HaltDesignation.NONE,  # only the Besluit's offences, which the catalogue lists, go to Halt
    )


@dataclass(frozen=True)
class VictimInput:
    name: str
    phone: str = ""
    email: str = ""
    address: str = ""
    refer_to_victim_support: bool = False


@dataclass(frozen=True)
class CaseInput:
    police_registration_number: str
    arrested_at: datetime
    holding_ordered_at: datetime
    suspect: SuspectInput
    offences: list[OffenceInput]
    victims: list[VictimInput] = field(default_factory=list)
    offence_date: date | None = None
    parketnummer: str = ""
    incident_municipality: str = ""
    incident_postcode: str = ""
    domestic_violence: bool = False
    # A child under 12: concerns about its safety at home (the police then report it to Veilig Thuis).
    child_safety_concern: bool = False


def _intake_errors(data: CaseInput, moment: datetime) -> tuple[dict[str, list[str]], list[ResolvedOffence]]:
    """Every problem with an intake at once (so the officer fixes them in one round), and the offences with
    their legal facts."""
    return case_intake_errors(
        moment=moment,
        arrested_at=data.arrested_at,
        holding_ordered_at=data.holding_ordered_at,
        bsn=data.suspect.bsn,
        date_of_birth=data.suspect.date_of_birth,
        parketnummer=data.parketnummer,
        offence_date=data.offence_date,
        offences=data.offences,
    )


def case_intake_errors(
    *,
    moment: datetime,
    arrested_at: datetime | None = None,
    holding_ordered_at: datetime | None = None,
    bsn: str = "",
    date_of_birth: date | None = None,
    parketnummer: str = "",
    offence_date: date | None = None,
    offences: list[OffenceInput] | None = None,
) -> tuple[dict[str, list[str]], list[ResolvedOffence]]:
    """The intake's rules (time order, elfproef, parketnummer, the offences' legal facts) on whatever facts
    are known: a fact left None (not given, or not readable) skips only the checks that need it. So the
    intake form reports these beside its own field errors in one round, and `case_register` checks the
    same rules on a complete intake. Pure: no database."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    resolved: list[ResolvedOffence | None] = []
    if offences is not None:
        if not offences:
            add("offences", _("Add at least one offence."))
        resolved = [_offence_resolve(index, offence, add) for index, offence in enumerate(offences)]
    if arrested_at is not None and arrested_at > moment + CLOCK_SKEW:
        add("arrested_at", _("The arrest cannot lie in the future."))
    if holding_ordered_at is not None:
        if arrested_at is not None and holding_ordered_at < arrested_at:
            add("holding_ordered_at", _("The holding order cannot come before the arrest."))
        if holding_ordered_at > moment + CLOCK_SKEW:
            add("holding_ordered_at", _("The holding order cannot lie in the future."))
    if bsn and not bsn_is_valid(bsn):
        add("suspect.bsn", _("This is not a valid BSN (it must be 9 digits and pass the elfproef)."))
    arrest_day = local(arrested_at).date() if arrested_at is not None else None
    if date_of_birth is not None and arrest_day is not None and date_of_birth >= arrest_day:
        add("suspect.date_of_birth", _("The date of birth must lie before the arrest."))
    if parketnummer:
        try:
            parketnummer_normalise(parketnummer)
        except Exception:
            add("parketnummer", _("Enter a parketnummer as PP/SSSSSS-YY, for example 16/123456-26."))
    if offence_date is not None and arrest_day is not None and offence_date > arrest_day:
        add("offence_date", _("The offence cannot come after the arrest."))
    else:
        day = offence_date or arrest_day
        if (
            day is not None
            and date_of_birth is not None
            and "suspect.date_of_birth" not in errors
            and date_of_birth > day
        ):
            add("suspect.date_of_birth", _("The date of birth must lie before the offence."))
    return errors, [offence for offence in resolved if offence is not None]


def _suspect_person(suspect: SuspectInput) -> Person:
    """The chosen existing person, the person with this BSN, or a new person. Never a fuzzy merge."""
    if suspect.existing_person_id is not None:
        # Only a person the intake itself suggests may be chosen: an id from elsewhere would
        # attach this case (and its suspect's history) to someone the officer never saw.
        candidates = person_match_candidates(
            bsn=suspect.bsn,
            given_names=suspect.given_names,
            surname_prefix=suspect.surname_prefix,
            surname=suspect.surname,
            date_of_birth=suspect.date_of_birth,
        )
        person = next((match.person for match in candidates if match.person.pk == suspect.existing_person_id), None)
        if person is None:
            raise ApplicationError(
                _("The chosen person does not match the suspect's details."),
                field_errors={
                    "suspect.existing_person_id": [_("Choose one of the suggested persons, or a new person.")]
                },
            )
        return person
    if suspect.bsn:
        person = Person.objects.filter(bsn=suspect.bsn).first()
        if person is not None:
            return person
    person = Person(
        bsn=suspect.bsn,
        given_names=suspect.given_names.strip(),
        surname_prefix=suspect.surname_prefix.strip(),
        surname=suspect.surname.strip(),
        date_of_birth=suspect.date_of_birth,
        street=suspect.street.strip(),
        postcode=suspect.postcode.replace(" ", "").upper(),
        municipality=suspect.municipality.strip(),
    )
    person.save()
    return person


def notification_send(*, recipient: Any, case: Case | None, kind: NoticeKind, params: dict[str, Any]) -> Notification:
    """Put a message in a user's in-app inbox, and e-mail it once the caller's transaction commits.
    Stored as a message kind and its parameters, rendered in the reader's language (`cases.notices`).
    The parameters must name no personal details: e-mail leaves the system."""
    notification = Notification.objects.create(recipient=recipient, case=case, message_key=kind.key, params=params)
    transaction.on_commit(lambda: notification_email_send.enqueue(notification.pk))
    return notification


def _notify_supervisor(case: Case, supervision: Supervision) -> None:
    notification_send(
        recipient=supervision.supervisor,
        case=case,
        kind=notices.CLIENT_ARRESTED,
        params={"location": case.location.name, "reference": case.reference},
    )


@transaction.atomic
def case_register(*, user: Any, data: CaseInput, request_id: str = "") -> Case:
    """Register a fresh case at the user's ZSM location, with its clock running from the holding order."""
    membership = membership_active(user=user)
    if partner_of(membership) != Partner.POLICE or membership is None:
        raise ApplicationError(_("Only the police register ZSM cases."))
    moment = now()
    errors, offences = _intake_errors(data, moment)
    if errors:
        raise ApplicationError(_("The case could not be registered."), field_errors=errors)

    number = data.police_registration_number.strip()
    if Case.objects.filter(location=membership.location, police_registration_number=number).exists():
        # A police system that retries its POST must not put the suspect on the board twice.
        raise ApplicationError(
            _("The case could not be registered."),
            field_errors={"police_registration_number": [_("A case with this registration number already exists.")]},
        )
    person = _suspect_person(data.suspect)
    offence_date = data.offence_date or local(data.arrested_at).date()
    age = age_on(person.date_of_birth, offence_date)
    under_twelve = age < CRIMINAL_RESPONSIBILITY_AGE
    pretrial = any(offence.pretrial_detention_allowed for offence in offences)
    supervision = None if under_twelve else supervision_active(person=person, on=local(moment).date())
    catalogue_dv = any(entry.domestic_violence for o in offences if (entry := entry_for(o.code)) is not None)
    case = Case.objects.create(
        location=membership.location,
        suspect=person,
        police_registration_number=number,
        parketnummer=parketnummer_normalise(data.parketnummer) if data.parketnummer else "",
        offence_date=offence_date,
        arrested_at=data.arrested_at,
        holding_ordered_at=data.holding_ordered_at,
        # Art. 486 Sv: outside criminal law a child has no criminal clock, custody or examining judge.
        holding_deadline=None
        if under_twelve
        else holding_deadline(data.holding_ordered_at, pretrial_detention_allowed=pretrial),
        examining_judge_deadline=None if under_twelve else examining_judge_deadline(data.arrested_at),
        incident_municipality=data.incident_municipality.strip(),
        incident_postcode=data.incident_postcode.replace(" ", "").upper(),
        status=CaseStatus.UNDER_TWELVE if under_twelve else CaseStatus.REGISTERED,
        is_minor=age < MINOR_AGE,
        suspect_age=age,
        domestic_violence=data.domestic_violence or catalogue_dv,
        known_probation_client=supervision is not None or Supervision.objects.filter(person=person).exists(),
        under_supervision=supervision is not None,
        pretrial_detention_allowed=pretrial,
        child_safety_concern=under_twelve and data.child_safety_concern,
        registered_by=user,
        registered_at=moment,
    )
    CaseOffence.objects.bulk_create(
        CaseOffence(
            case=case,
            position=index,
            code=offence.code,
            description=offence.description,
            pretrial_detention_allowed=offence.pretrial_detention_allowed,
            max_penalty_years=offence.max_penalty_years,
            kind=offence.kind,
            halt=offence.halt,
        )
        for index, offence in enumerate(offences)
    )
    Victim.objects.bulk_create(
        Victim(
            case=case,
            name=victim.name.strip(),
            phone=victim.phone.strip(),
            email=victim.email.strip(),
            address=victim.address.strip(),
            refer_to_victim_support=victim.refer_to_victim_support,
        )
        for victim in data.victims
    )
    Screening.objects.bulk_create(Screening(case=case, partner=partner) for partner in screening_partners(age))
    business_event_record(
        user=user, action=Action.CREATE, event="case.registered", obj=case, person_id=person.pk, request_id=request_id
    )
    if under_twelve:
        _notify_raad_under_twelve(user=user, case=case, request_id=request_id)
    if supervision is not None:
        _notify_supervisor(case, supervision)
        # Telling the supervisor is a disclosure of the arrest to another organisation: on the record.
        business_event_record(
            user=user,
            action=Action.DISCLOSE,
            event="supervisor.notified",
            obj=case,
            person_id=person.pk,
            purpose=Purpose.PROBATION_SCREENING,
            request_id=request_id,
            details={"recipient": supervision.supervisor_id, "organisation": supervision.organisation_id},
        )
    return case


def _notify_raad_under_twelve(*, user: Any, case: Case, request_id: str) -> None:
    """Art. 486 Sv: the child is not prosecuted, so the Raad voor de Kinderbescherming at the location hears of
    it at once, to look at the child's situation outside criminal law (no personal details in the message)."""
    recipients = users_at_location(
        location_id=case.location_id, organisation_kind=OrganisationKind.RAAD_KINDERBESCHERMING
    )
    for recipient in recipients:
        notification_send(
            recipient=recipient,
            case=case,
            kind=notices.CHILD_UNDER_TWELVE,
            params={
                "location": case.location.name,
                "reference": case.reference,
                "safety_concern": bool(case.child_safety_concern),
            },
        )
    business_event_record(
        user=user,
        action=Action.DISCLOSE,
        event="raad.notified_under_twelve",
        obj=case,
        person_id=case.suspect_id,
        purpose=Purpose.CHILD_PROTECTION,
        request_id=request_id,
        details={"recipients": [r.pk for r in recipients]},
    )


@transaction.atomic
def case_veilig_thuis_report(
    *, user: Any, case_id: int, expected_version: int | None = None, request_id: str = ""
) -> Case:
    """The police record that they reported their concerns about a child under 12 to Veilig Thuis."""
    case = _lock_case(case_id)
    _check_version(case.version, expected_version, _("case"))
    if not case.under_twelve:
        raise ConflictError(_("Only a child under 12 is reported to Veilig Thuis from here."))
    if case.veilig_thuis_reported_at is not None:
        raise ConflictError(_("The report to Veilig Thuis is already recorded."))
    case.veilig_thuis_reported_at = now()
    return _case_changed(case=case, user=user, event="case.veilig_thuis_reported", request_id=request_id)


def _lock_case(case_id: int) -> Case:
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise ApplicationError(_("This case does not exist."))
    return case


def _check_version(current: int, expected: int | None, what: str) -> None:
    if expected is not None and expected != current:
        raise ConflictError(
            _("Someone else changed this %(what)s in the meantime. Reload the page and check before saving again.")
            % {"what": what}
        )


def case_status_set(*, case: Case, target: str) -> None:
    """Move a locked case to another status, as the workflow table allows."""
    workflow.check(case.status, target)
    case.status = target
    case.version += 1


def _case_changed(*, case: Case, user: Any, event: str, request_id: str, details: dict[str, Any] | None = None) -> Case:
    """Store a change to a locked case: a new version, and the business event in the same transaction."""
    case.version += 1
    case.save()
    business_event_record(
        user=user,
        action=Action.UPDATE,
        event=event,
        obj=case,
        person_id=case.suspect_id,
        request_id=request_id,
        details=details,
    )
    return case


def _custody_deadline(case: Case, *, extended: bool) -> datetime:
    """Custody ends after 3 (or 6) days, but the examining judge's deadline comes first when it is earlier."""
    # Only reachable for a held case (custody is refused otherwise), which always has both.
    assert case.custody_started_at is not None
    assert case.examining_judge_deadline is not None
    return min(custody_end(case.custody_started_at, extended=extended), case.examining_judge_deadline)


@transaction.atomic
def case_custody_order(
    *, user: Any, case_id: int, started_at: datetime, expected_version: int | None = None, request_id: str = ""
) -> Case:
    """Inverzekeringstelling: 3 days from the order, only for offences that allow pre-trial detention."""
    case = _lock_case(case_id)
    _check_version(case.version, expected_version, _("case"))
    errors: dict[str, list[str]] = {}
    if not case.pretrial_detention_allowed:
        errors["started_at"] = [_("Custody is only possible for offences that allow pre-trial detention.")]
    elif case.custody_started_at is not None:
        errors["started_at"] = [_("Custody has already been ordered for this case.")]
    elif case.status not in HELD_STATUSES:
        errors["started_at"] = [_("The suspect is no longer held in this case.")]
    elif started_at < case.holding_ordered_at or started_at > now() + CLOCK_SKEW:
        errors["started_at"] = [_("Custody starts after the holding order and not in the future.")]
    if errors:
        raise ApplicationError(_("Custody was not recorded."), field_errors=errors)
    case.custody_started_at = started_at
    case.custody_deadline = _custody_deadline(case, extended=False)
    return _case_changed(case=case, user=user, event="case.custody_ordered", request_id=request_id)


@transaction.atomic
def case_custody_extend(*, user: Any, case_id: int, expected_version: int | None = None, request_id: str = "") -> Case:
    """Extend custody once by 3 days; the examining judge's deadline still comes first."""
    case = _lock_case(case_id)
    _check_version(case.version, expected_version, _("case"))
    if case.custody_started_at is None or case.custody_extended or case.status not in HELD_STATUSES:
        raise ConflictError(_("Custody can be extended once, while the suspect is in custody."))
    case.custody_extended = True
    case.custody_deadline = _custody_deadline(case, extended=True)
    return _case_changed(case=case, user=user, event="case.custody_extended", request_id=request_id)


def identity_extension_possible(case: Case, *, at: datetime) -> bool:
    """Art. 56b Sv: once, for an offence without pre-trial detention, while the 6-hour term still runs."""
    return (
        case.status in HELD_STATUSES
        and not case.pretrial_detention_allowed
        and not case.identity_extended
        and case.holding_deadline is not None
        and time_left(case.holding_deadline, at=at) >= timedelta(0)
    )


@transaction.atomic
def case_identity_extend(*, user: Any, case_id: int, expected_version: int | None = None, request_id: str = "") -> Case:
    """Extend the holding period once by 6 hours because the suspect's identity is not yet established."""
    case = _lock_case(case_id)
    _check_version(case.version, expected_version, _("case"))
    if case.pretrial_detention_allowed:
        raise ConflictError(
            _(
                "The identity extension (art. 56b Sv) is only for offences without pre-trial detention; for this "
                "case custody can be ordered."
            )
        )
    if case.identity_extended:
        raise ConflictError(_("The holding period was already extended once to establish identity (art. 56b Sv)."))
    if not identity_extension_possible(case, at=now()):
        raise ConflictError(
            _("The holding period is over or the suspect is no longer held: it can no longer be extended.")
        )
    case.identity_extended = True
    case.holding_deadline = holding_deadline(
        case.holding_ordered_at, pretrial_detention_allowed=False, identity_extended=True
    )
    return _case_changed(case=case, user=user, event="case.identity_extended", request_id=request_id)


@dataclass(frozen=True)
class ScreeningInput:
    state: str
    known: str
    status_note: str = ""
    summary: str = ""
    advice: str = ""
    proposed_conditions: str = ""


@transaction.atomic
def screening_record(
    *, user: Any, case_id: int, data: ScreeningInput, expected_version: int | None = None, request_id: str = ""
) -> Screening:
    """Record the user's partner's screening; the first one puts the case in screening, the last
    one makes it ready for the OM's decision."""
    case = _lock_case(case_id)
    membership = membership_active(user=user)
    partner = partner_of(membership)
    screening = Screening.objects.select_for_update().filter(case=case, partner=partner).first()
    if screening is None or membership is None:
        raise ApplicationError(_("Your organisation has no screening on this case."))
    _check_version(screening.version, expected_version, _("screening"))
    if case.status not in (*HELD_STATUSES, CaseStatus.UNDER_TWELVE):
        raise ConflictError(_("This case is no longer being screened."))
    screening.state = data.state
    screening.known = data.known
    screening.status_note = data.status_note.strip()
    screening.summary = data.summary.strip()
    screening.advice = data.advice.strip()
    screening.proposed_conditions = data.proposed_conditions.strip()
    screening.organisation = membership.organisation
    screening.screened_by = user
    screening.updated_at = now()
    screening.version += 1
    screening.save()
    # Outside criminal law (under 12) the screenings inform the Raad; no status follows from them.
    if case.status == CaseStatus.REGISTERED:
        case_status_set(case=case, target=CaseStatus.IN_SCREENING)
    states = set(Screening.objects.filter(case=case).values_list("state", flat=True))
    if states == {ScreeningState.DONE} and case.status == CaseStatus.IN_SCREENING:
        case_status_set(case=case, target=CaseStatus.READY_FOR_DECISION)
    elif states != {ScreeningState.DONE} and case.status == CaseStatus.READY_FOR_DECISION:
        case_status_set(case=case, target=CaseStatus.IN_SCREENING)  # a partner reopened its screening
    case.save()
    business_event_record(
        user=user,
        action=Action.UPDATE,
        event="screening.recorded",
        obj=screening,
        person_id=case.suspect_id,
        request_id=request_id,
        details={"case": case.pk, "partner": str(partner)},
    )
    return screening


@transaction.atomic
def case_werkplaats_candidate_set(*, user: Any, case_id: int, candidate: bool, request_id: str = "") -> Case:
    case = _lock_case(case_id)
    if case.status not in HELD_STATUSES:
        # Once decided or referred, the mark is part of the decision and no longer anyone's toggle.
        raise ConflictError(_("This case is no longer at the table; its werkplaats mark cannot change."))
    if candidate and case.is_minor:
        raise ApplicationError(
            _(
                "A minor goes the youth route, not to the adult werkplaats: the Raad voor de Kinderbescherming "
                "advises and brings in youth probation (jeugdreclassering, art. 3.2 Jeugdwet)."
            )
        )
    case.werkplaats_candidate = candidate
    return _case_changed(
        case=case,
        user=user,
        event="case.werkplaats_candidate_set",
        request_id=request_id,
        details={"candidate": candidate},
    )


@transaction.atomic
def case_transition(
    *, user: Any, case_id: int, target: str, expected_version: int | None = None, request_id: str = ""
) -> Case:
    """A status change outside a decision: released with a summons, before the judge, closed."""
    case = _lock_case(case_id)
    _check_version(case.version, expected_version, _("case"))
    previous = case.status
    case_status_set(case=case, target=target)
    case.save()
    business_event_record(
        user=user,
        action=Action.UPDATE,
        event="case.status_changed",
        obj=case,
        person_id=case.suspect_id,
        request_id=request_id,
        details={"from": previous, "to": target},
    )
    return case
