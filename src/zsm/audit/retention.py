"""Retention policies and what is due under them: the reads behind the purge and its dry run.

Each data class has a term in days (settings.ZSM_RETENTION_DAYS) counted from the moment its
records stopped being used, and one action: delete, or pseudonymise where the figures must keep
working. What is due is computed from a fixed moment (`as_of`), so a dry run and the purge that
applies it see the same records; later classes take the earlier classes' work into account
(persons are pseudonymised only once each of their cases is).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from zsm.audit.constants import RetentionClass
from zsm.audit.models import AuditEvent, SubjectAccessRequest
from zsm.cases.constants import OPEN_STATUSES
from zsm.cases.models import Case
from zsm.common.clock import local
from zsm.persons.models import Person, Supervision
from zsm.socialmap.models import ReferralLink
from zsm.workplace.models import SpecialCategoryNote, WerkplaatsCase


class Action:
    DELETE = "delete"
    PSEUDONYMISE = "pseudonymise"


@dataclass(frozen=True)
class Policy:
    data_class: RetentionClass
    days: int
    action: str
    counted_from: str
    contents: str

    @property
    def label(self) -> str:
        return str(self.data_class.label)

    @property
    def action_label(self) -> str:
        return str(_("pseudonymise") if self.action == Action.PSEUDONYMISE else _("delete"))

    def cutoff(self, as_of: datetime) -> datetime:
        return as_of - timedelta(days=self.days)


_POLICY_TEXT: dict[RetentionClass, tuple[str, object, object]] = {
    RetentionClass.REFERRAL_LINKS: (
        Action.DELETE,
        _("the link was used, withdrawn or expired"),
        _("the institution's one-time link (its token hash and recipient)"),
    ),
    RetentionClass.SPECIAL_CATEGORY_NOTES: (
        Action.DELETE,
        _("the werkplaats case was closed"),
        _("notes on health, addiction or psychiatry"),
    ),
    RetentionClass.WERKPLAATS_CASEWORK: (
        Action.DELETE,
        _("the werkplaats case was closed"),
        _("the werkplaats case with its contacts, assessments, advice, help, conversations and referrals"),
    ),
    RetentionClass.POLICE_DATA: (
        Action.PSEUDONYMISE,
        _("the ZSM case was decided or closed"),
        _(
            "victims, the partners' screening notes, the police registration number and the exact incident "
            "postcode; once every case of a person is past this term, their name, BSN, address and birthday"
        ),
    ),
    RetentionClass.OM_DECISIONS: (
        Action.DELETE,
        _("the ZSM case was decided or closed"),
        _("the case with its offences and OM decision; the person when no case is left"),
    ),
    RetentionClass.SUBJECT_ACCESS_EXPORTS: (
        Action.DELETE,
        _("the export was finished"),
        _("the JSON and PDF of a subject-access request (the request itself stays)"),
    ),
    RetentionClass.AUDIT_EVENTS: (
        Action.DELETE,
        _("the event was recorded"),
        _("access, business and security events (at least a year, enforced by the database)"),
    ),
}


def retention_policies() -> list[Policy]:
    """The policies in purge order, with the terms configured for this installation."""
    return [
        Policy(
            data_class=data_class,
            days=settings.ZSM_RETENTION_DAYS[data_class.value],
            action=_POLICY_TEXT[data_class][0],
            counted_from=str(_POLICY_TEXT[data_class][1]),
            contents=str(_POLICY_TEXT[data_class][2]),
        )
        for data_class in RetentionClass
    ]


def retention_policy(data_class: RetentionClass) -> Policy:
    return next(policy for policy in retention_policies() if policy.data_class == data_class)


# --- What is due, per class --------------------------------------------------------------------


def _cutoff(data_class: RetentionClass, as_of: datetime) -> datetime:
    return retention_policy(data_class).cutoff(as_of)


def due_referral_links(as_of: datetime) -> QuerySet[ReferralLink]:
    cutoff = _cutoff(RetentionClass.REFERRAL_LINKS, as_of)
    # A link stopped working at the first of these moments; any of them before the cutoff is enough.
    return ReferralLink.objects.filter(Q(used_at__lt=cutoff) | Q(revoked_at__lt=cutoff) | Q(expires_at__lt=cutoff))


def due_special_category_notes(as_of: datetime) -> QuerySet[SpecialCategoryNote]:
    cutoff = _cutoff(RetentionClass.SPECIAL_CATEGORY_NOTES, as_of)
    return SpecialCategoryNote.objects.filter(werkplaats_case__closed_at__lt=cutoff)


def due_werkplaats_cases(as_of: datetime) -> QuerySet[WerkplaatsCase]:
    cutoff = _cutoff(RetentionClass.WERKPLAATS_CASEWORK, as_of)
    return WerkplaatsCase.objects.filter(closed_at__lt=cutoff)


def _ended_before(cutoff: datetime) -> QuerySet[Case]:
    """Cases no longer open whose last moment (the decision, else the last change) is before the cutoff."""
    return (
        Case.objects.exclude(status__in=OPEN_STATUSES)
        .alias(ended_at=Coalesce("decided_at", "updated_at"))
        .filter(ended_at__lt=cutoff)
    )


def _still_in_use(cases: QuerySet[Case], cutoff: datetime) -> QuerySet[Case]:
    """The complement of `_ended_before`, stated directly (a NOT IN over the due set grows quadratic)."""
    return cases.alias(ended_at=Coalesce("decided_at", "updated_at")).filter(
        Q(status__in=OPEN_STATUSES) | Q(ended_at__gte=cutoff)
    )


def _remaining_werkplaats_cases(as_of: datetime) -> QuerySet[WerkplaatsCase]:
    """Werkplaats cases that outlive this purge: they keep their ZSM case and their client identified."""
    cutoff = _cutoff(RetentionClass.WERKPLAATS_CASEWORK, as_of)
    return WerkplaatsCase.objects.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=cutoff))


def _supervision_kept(cutoff: datetime) -> Exists:
    """A supervision still running, or ended within the term, keeps its person (probation's own record)."""
    return Exists(
        Supervision.objects.filter(person=OuterRef("pk")).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=local(cutoff).date())
        )
    )


def due_police_data_cases(as_of: datetime) -> QuerySet[Case]:
    return _ended_before(_cutoff(RetentionClass.POLICE_DATA, as_of)).filter(pseudonymised_at__isnull=True)


def due_police_data_persons(as_of: datetime) -> QuerySet[Person]:
    """Persons whose every case is (or is now being) pseudonymised, with no casework or supervision left."""
    cutoff = _cutoff(RetentionClass.POLICE_DATA, as_of)
    identified_case = _still_in_use(Case.objects.filter(suspect=OuterRef("pk"), pseudonymised_at__isnull=True), cutoff)
    casework = _remaining_werkplaats_cases(as_of).filter(case__suspect=OuterRef("pk"))
    return (
        Person.objects.filter(pseudonymised_at__isnull=True)
        .filter(Exists(Case.objects.filter(suspect=OuterRef("pk"))))
        .exclude(Exists(identified_case))
        .exclude(Exists(casework))
        .exclude(_supervision_kept(cutoff))
    )


def due_om_cases(as_of: datetime) -> QuerySet[Case]:
    """Cases past the OM term; one with werkplaats casework still kept waits for it."""
    remaining = _remaining_werkplaats_cases(as_of).filter(case=OuterRef("pk"))
    return _ended_before(_cutoff(RetentionClass.OM_DECISIONS, as_of)).exclude(Exists(remaining))


def due_om_persons(as_of: datetime) -> QuerySet[Person]:
    """The suspects of the cases past the OM term who have no other case and no supervision worth keeping."""
    cutoff = _cutoff(RetentionClass.OM_DECISIONS, as_of)
    kept_case = Case.objects.filter(suspect=OuterRef("pk")).filter(
        Q(pk__in=_still_in_use(Case.objects.all(), cutoff).values("pk"))
        | Exists(_remaining_werkplaats_cases(as_of).filter(case=OuterRef("pk")))
    )
    return (
        Person.objects.filter(Exists(due_om_cases(as_of).filter(suspect=OuterRef("pk"))))
        .exclude(Exists(kept_case))
        .exclude(_supervision_kept(cutoff))
    )


def persons_left_without_cases(case_ids: list[int]) -> QuerySet[Person]:
    """The suspects of these cases with no other case and no supervision at all (code 01 removes the case)."""
    other_case = Case.objects.filter(suspect=OuterRef("pk")).exclude(pk__in=case_ids)
    return Person.objects.filter(cases__in=case_ids, supervisions__isnull=True).exclude(Exists(other_case)).distinct()


def due_subject_access_exports(as_of: datetime) -> QuerySet[SubjectAccessRequest]:
    cutoff = _cutoff(RetentionClass.SUBJECT_ACCESS_EXPORTS, as_of)
    return SubjectAccessRequest.objects.filter(finished_at__lt=cutoff, export_removed_at__isnull=True).filter(
        Q(document__isnull=False) | Q(pdf__isnull=False)
    )


def due_audit_events(as_of: datetime) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(occurred_at__lt=_cutoff(RetentionClass.AUDIT_EVENTS, as_of))


# --- The dry run's items: references and dates, never content ------------------------------------


@dataclass(frozen=True)
class Item:
    """One record a policy makes due: its kind and id, and the date its term is counted from."""

    kind: str  # case, person, werkplaats_case, note, link, subject_access
    id: int
    since: str  # ISO date, or "" where the record's own moment does not count (a person)

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "id": self.id, "since": self.since}


def _date(moment: datetime | None) -> str:
    """The day as people at the location read it (a purge at 00:30 counts yesterday's evening as yesterday)."""
    return local(moment).date().isoformat() if moment else ""


def _link_items(as_of: datetime) -> list[Item]:
    rows = due_referral_links(as_of).values_list("pk", "used_at", "revoked_at", "expires_at")
    return [Item("link", pk, _date(min(m for m in moments if m))) for pk, *moments in rows.order_by("pk")]


def _note_items(as_of: datetime) -> list[Item]:
    rows = due_special_category_notes(as_of).values_list("pk", "werkplaats_case__closed_at")
    return [Item("note", pk, _date(closed)) for pk, closed in rows.order_by("pk")]


def _werkplaats_items(as_of: datetime) -> list[Item]:
    # Werkplaats cases are known by their ZSM case number (WP-<case>) everywhere else.
    rows = due_werkplaats_cases(as_of).values_list("case_id", "closed_at")
    return [Item("werkplaats_case", case, _date(closed)) for case, closed in rows.order_by("case_id")]


def _case_items(cases: QuerySet[Case]) -> list[Item]:
    rows = cases.annotate(ended=Coalesce("decided_at", "updated_at")).values_list("pk", "ended")
    return [Item("case", pk, _date(ended)) for pk, ended in rows.order_by("pk")]


def _person_items(persons: QuerySet[Person]) -> list[Item]:
    return [Item("person", pk, "") for pk in persons.values_list("pk", flat=True).order_by("pk")]


def _police_items(as_of: datetime) -> list[Item]:
    return [*_case_items(due_police_data_cases(as_of)), *_person_items(due_police_data_persons(as_of))]


def _om_items(as_of: datetime) -> list[Item]:
    return [*_case_items(due_om_cases(as_of)), *_person_items(due_om_persons(as_of))]


def _export_items(as_of: datetime) -> list[Item]:
    rows = due_subject_access_exports(as_of).values_list("pk", "finished_at")
    return [Item("subject_access", pk, _date(finished)) for pk, finished in rows.order_by("pk")]


def item_label(kind: str, number: int) -> str:
    """How the report names a record: the references used elsewhere in the product, never content."""
    prefixes = {"case": "ZSM", "werkplaats_case": "WP", "subject_access": "SAR"}
    if kind in prefixes:
        return f"{prefixes[kind]}-{number}"
    words = {"person": _("person %(number)s"), "note": _("note %(number)s"), "link": _("link %(number)s")}
    return str(words.get(kind, _("record %(number)s")) % {"number": number})


# --- Past the term but kept: records still open that the privacy officer should look into -------------


def _held_werkplaats_items(as_of: datetime) -> list[Item]:
    """Werkplaats cases never closed although proposed longer ago than the casework term."""
    cutoff = _cutoff(RetentionClass.WERKPLAATS_CASEWORK, as_of)
    rows = WerkplaatsCase.objects.filter(closed_at__isnull=True, proposed_at__lt=cutoff).values_list(
        "case_id", "proposed_at"
    )
    return [Item("werkplaats_case", case, _date(proposed)) for case, proposed in rows.order_by("case_id")]


def _held_case_items(data_class: RetentionClass, as_of: datetime) -> list[Item]:
    """Cases registered longer ago than the term that are still open, or wait for werkplaats casework."""
    cutoff = _cutoff(data_class, as_of)
    open_too_long = Case.objects.filter(status__in=OPEN_STATUSES, registered_at__lt=cutoff)
    if data_class == RetentionClass.POLICE_DATA:
        held = open_too_long.filter(pseudonymised_at__isnull=True)
    else:
        waiting = _remaining_werkplaats_cases(as_of).filter(case=OuterRef("pk"))
        held = open_too_long | _ended_before(cutoff).filter(Exists(waiting))
    rows = held.values_list("pk", "registered_at").order_by("pk")
    return [Item("case", pk, _date(registered)) for pk, registered in rows]


HELD_ITEMS: dict[RetentionClass, Callable[[datetime], list[Item]]] = {
    RetentionClass.WERKPLAATS_CASEWORK: _held_werkplaats_items,
    RetentionClass.POLICE_DATA: lambda as_of: _held_case_items(RetentionClass.POLICE_DATA, as_of),
    RetentionClass.OM_DECISIONS: lambda as_of: _held_case_items(RetentionClass.OM_DECISIONS, as_of),
}


# Audit events are counted, not listed: there are millions, and their cutoff says which went.
DUE_ITEMS: dict[RetentionClass, Callable[[datetime], list[Item]]] = {
    RetentionClass.REFERRAL_LINKS: _link_items,
    RetentionClass.SPECIAL_CATEGORY_NOTES: _note_items,
    RetentionClass.WERKPLAATS_CASEWORK: _werkplaats_items,
    RetentionClass.POLICE_DATA: _police_items,
    RetentionClass.OM_DECISIONS: _om_items,
    RetentionClass.SUBJECT_ACCESS_EXPORTS: _export_items,
}
