"""Every write on the social map and every step of a referral, including the institution's answer
through its acknowledgement link (`referral_acknowledge`)."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from zsm.audit.constants import Action, Purpose
from zsm.audit.services import business_event_record
from zsm.cases.services import notification_send
from zsm.common.clock import local, local_now, now
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.common.validators import PC4_MAX, PC4_MIN, postcode_area
from zsm.socialmap import notices, workflow
from zsm.socialmap.constants import (
    OFFENCE_SHARING_BASES,
    InstitutionKind,
    LegalBasis,
    Need,
    ReferralActor,
    ReferralStatus,
)
from zsm.socialmap.models import (
    ContactPerson,
    Institution,
    Referral,
    ReferralLink,
    ReferralTransition,
    Service,
    ServiceArea,
)
from zsm.socialmap.rules import imports_social_map, maintains_social_map, refers_for
from zsm.socialmap.selectors import link_refusal, token_hash
from zsm.workplace.constants import FINAL_STATUSES as CASE_FINAL
from zsm.workplace.services import werkplaats_case_lock, werkplaats_case_lock_for_casework

logger = logging.getLogger(__name__)

S = ReferralStatus
MAX_TEXT = 2000
MAX_INTAKE_DAYS_AHEAD = 366


# --- The social map ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceInput:
    need: str
    name: str
    description: str = ""
    active: bool = True
    id: int | None = None


@dataclass(frozen=True)
class AreaInput:
    postcode_from: int
    postcode_to: int
    municipality: str = ""
    id: int | None = None


@dataclass(frozen=True)
class ContactInput:
    name: str
    function: str = ""
    phone: str = ""
    email: str = ""
    receives_referrals: bool = False
    id: int | None = None


@dataclass(frozen=True)
class InstitutionInput:
    """An institution with all its services, areas and contact persons. Nested items with an `id` are
    updated, items without one are added, and existing items left out are removed."""

    name: str
    kind: str
    municipality: str
    street_address: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    opening_hours: str = ""
    description: str = ""
    active: bool = True
    services: list[ServiceInput] = field(default_factory=list)
    areas: list[AreaInput] = field(default_factory=list)
    contacts: list[ContactInput] = field(default_factory=list)


def _email_error(value: str) -> str | None:
    if not value:
        return None
    try:
        validate_email(value)
    except ValidationError:
        return _("Enter a valid e-mail address.")
    return None


def _institution_errors(data: InstitutionInput, *, institution_id: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.name.strip():
        add("name", _("Enter the institution's name."))
    if data.kind not in InstitutionKind.values:
        add("kind", _("Choose what kind of institution this is."))
    if not data.municipality.strip():
        add("municipality", _("Enter the municipality where the institution is based."))
    if data.postcode and postcode_area(data.postcode) is None:
        add("postcode", _("Enter a Dutch postcode, such as 3521 AB."))
    if message := _email_error(data.email):
        add("email", message)
    if data.website:
        try:
            URLValidator()(data.website)
        except ValidationError:
            add("website", _("Enter a web address starting with https://."))
    duplicate = Institution.objects.filter(
        name__iexact=data.name.strip(), municipality__iexact=data.municipality.strip()
    )
    if institution_id is not None:
        duplicate = duplicate.exclude(pk=institution_id)
    if data.name.strip() and duplicate.exists():
        add("name", _("This municipality already has an institution with this name."))
    for index, service in enumerate(data.services):
        if service.need not in Need.values:
            add(f"services.{index}.need", _("Choose the need this service answers."))
        if not service.name.strip():
            add(f"services.{index}.name", _("Enter the name of the service."))
    if not data.services:
        add("services", _("Add at least one service: the map is searched by need."))
    for index, area in enumerate(data.areas):
        if not (PC4_MIN <= area.postcode_from <= PC4_MAX and PC4_MIN <= area.postcode_to <= PC4_MAX):
            add(f"areas.{index}", _("Postcode areas are four digits, 1000 to 9999."))
        elif area.postcode_from > area.postcode_to:
            add(f"areas.{index}", _("The first postcode of a range cannot come after the last."))
    if not data.areas:
        add("areas", _("Add at least one area served (1000–9999 for the whole country)."))
    for index, contact in enumerate(data.contacts):
        if not contact.name.strip():
            add(f"contacts.{index}.name", _("Enter the contact person's name."))
        if message := _email_error(contact.email):
            add(f"contacts.{index}.email", message)
        if contact.receives_referrals and not contact.email:
            add(f"contacts.{index}.email", _("A contact who receives referrals needs an e-mail address."))
    return errors


def _sync_items(model: type[Any], institution: Institution, items: list[Any], fields: tuple[str, ...]) -> None:
    """Make the institution's items of one kind exactly `items`: update by id, add new, remove the rest."""
    existing = {item.pk: item for item in model.objects.filter(institution=institution)}
    keep: set[int] = set()
    for data in items:
        values = {name: getattr(data, name) for name in fields}
        if data.id is not None:
            if data.id not in existing:
                raise ApplicationError(_("An item of this institution no longer exists; reload the page."))
            item = existing[data.id]
            for name, value in values.items():
                setattr(item, name, value)
            item.save()
            keep.add(item.pk)
        else:
            keep.add(model.objects.create(institution=institution, **values).pk)
    dropped = model.objects.filter(institution=institution).exclude(pk__in=keep)
    if model is Service:
        # A service referrals point to stays, retired: the referrals keep saying what was asked for.
        dropped.filter(referrals__isnull=False).update(active=False)
        dropped = dropped.filter(referrals__isnull=True)
    dropped.delete()


def _clean(data: InstitutionInput) -> InstitutionInput:
    return InstitutionInput(
        **{
            **{name: getattr(data, name) for name in data.__dataclass_fields__},
            "name": data.name.strip(),
            "municipality": data.municipality.strip(),
            "postcode": data.postcode.replace(" ", "").upper(),
            "services": [ServiceInput(**{**s.__dict__, "name": s.name.strip()}) for s in data.services],
            "contacts": [ContactInput(**{**c.__dict__, "name": c.name.strip()}) for c in data.contacts],
        }
    )


INSTITUTION_FIELDS = (
    "name", "kind", "municipality", "street_address", "postcode", "city", "phone", "email", "website",
    "opening_hours", "description", "active",
)  # fmt: skip


@transaction.atomic
def institution_save(
    *,
    user: Any,
    data: InstitutionInput,
    institution_id: int | None = None,
    expected_version: int | None = None,
    request_id: str = "",
) -> Institution:
    """Add an institution to the map (no `institution_id`) or correct one. Saving is also verifying: whoever
    corrects an entry has just checked it, so `verified_on` becomes today."""
    if not maintains_social_map(user):
        raise ApplicationError(_("Only the werkplaats team and functional administrators maintain the social map."))
    institution = None
    if institution_id is not None:
        institution = Institution.objects.select_for_update().filter(pk=institution_id).first()
        if institution is None:
            raise ApplicationError(_("This institution does not exist."))
        if expected_version != institution.version:
            raise ConflictError(
                _("Someone else changed this institution meanwhile. Reload the page and check before saving again.")
            )
    data = _clean(data)
    errors = _institution_errors(data, institution_id=institution_id)
    if errors:
        raise ApplicationError(_("The institution was not saved."), field_errors=errors)
    values = {name: getattr(data, name) for name in INSTITUTION_FIELDS}
    if institution is None:
        try:
            with transaction.atomic():  # a savepoint: a twin saved at the same moment is a field error, not a 500
                institution = Institution.objects.create(**values, verified_on=local_now().date(), verified_by=user)
        except IntegrityError:
            raise ApplicationError(
                _("The institution was not saved."),
                field_errors={"name": [_("This municipality already has an institution with this name.")]},
            ) from None
    else:
        for name, value in values.items():
            setattr(institution, name, value)
        institution.verified_on = local_now().date()
        institution.verified_by = user
        institution.version += 1
        institution.save()
    _sync_items(Service, institution, data.services, ("need", "name", "description", "active"))
    _sync_items(ServiceArea, institution, data.areas, ("postcode_from", "postcode_to", "municipality"))
    _sync_items(ContactPerson, institution, data.contacts, ("name", "function", "phone", "email", "receives_referrals"))
    business_event_record(
        user=user,
        action=Action.CREATE if institution_id is None else Action.UPDATE,
        event="institution_saved",
        obj=institution,
        request_id=request_id,
    )
    return institution


@transaction.atomic
def institution_verify(*, user: Any, institution_id: int, expected_version: int, request_id: str = "") -> Institution:
    """Confirm in one step that an entry is still right: it leaves the list of entries to check."""
    if not maintains_social_map(user):
        raise ApplicationError(_("Only the werkplaats team and functional administrators maintain the social map."))
    institution = Institution.objects.select_for_update().filter(pk=institution_id).first()
    if institution is None:
        raise ApplicationError(_("This institution does not exist."))
    if expected_version != institution.version:
        raise ConflictError(
            _("Someone else changed this institution meanwhile. Reload the page and check before confirming.")
        )
    institution.verified_on = local_now().date()
    institution.verified_by = user
    institution.version += 1
    institution.save(update_fields=["verified_on", "verified_by", "version", "updated_at"])
    business_event_record(user=user, action=Action.UPDATE, event="institution_verified", obj=institution,
                          request_id=request_id)  # fmt: skip
    return institution


def may_import(user: Any) -> None:
    if not imports_social_map(user):
        raise ApplicationError(_("Only the coordinator and functional administrators import the social map."))


# --- Referrals ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralInput:
    institution_id: int
    need: str
    question: str
    service_id: int | None = None
    contact_person_id: int | None = None
    legal_basis: str = ""
    consent_note: str = ""
    share_offence: bool = False
    worker_phone: str = ""


def _referral_errors(data: ReferralInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    institution = Institution.objects.filter(pk=data.institution_id, active=True).first()
    if institution is None:
        add("institution", _("Choose an active institution from the social map."))
    if data.need not in Need.values:
        add("need", _("Choose the need this referral is about."))
    if not data.question.strip():
        add("question", _("Say what you ask of the institution."))
    elif len(data.question) > MAX_TEXT:
        add("question", _("Keep it under %(count)s characters.") % {"count": MAX_TEXT})
    if (
        data.service_id is not None
        and not Service.objects.filter(pk=data.service_id, institution_id=data.institution_id).exists()
    ):
        add("service", _("This service is not one of the institution's."))
    if (
        data.contact_person_id is not None
        and not ContactPerson.objects.filter(pk=data.contact_person_id, institution_id=data.institution_id).exists()
    ):
        add("contact_person", _("This contact person does not work at the institution."))
    if data.legal_basis and data.legal_basis not in LegalBasis.values:
        add("legal_basis", _("Choose a legal basis from the list."))
    if data.legal_basis == LegalBasis.CONSENT and not data.consent_note.strip():
        add("consent_note", _("Record how and when the client gave consent."))
    if data.share_offence and data.legal_basis not in OFFENCE_SHARING_BASES:
        add("share_offence", _("Offence details can only be shared on a recorded legal basis."))
    return errors


def _referral_values(data: ReferralInput) -> dict[str, Any]:
    return {
        "institution_id": data.institution_id,
        "service_id": data.service_id,
        "contact_person_id": data.contact_person_id,
        "need": data.need,
        "question": data.question.strip(),
        "legal_basis": data.legal_basis,
        "consent_note": data.consent_note.strip(),
        "share_offence": data.share_offence,
        "worker_phone": data.worker_phone.strip(),
    }


@transaction.atomic
def referral_create(*, user: Any, werkplaats_case_id: int, data: ReferralInput, request_id: str = "") -> Referral:
    """A draft referral on a case the user works on; nothing leaves the system until it is sent."""
    werkplaats_case = werkplaats_case_lock_for_casework(user=user, werkplaats_case_id=werkplaats_case_id)
    errors = _referral_errors(data)
    if errors:
        raise ApplicationError(_("The referral was not stored."), field_errors=errors)
    values = _referral_values(data)
    if not values["worker_phone"]:
        values["worker_phone"] = getattr(user, "phone", "")
    referral = Referral.objects.create(
        werkplaats_case=werkplaats_case, created_by=user, created_at=now(), status=S.DRAFT, **values
    )
    _transition_record(referral, "", S.DRAFT, user=user)
    business_event_record(user=user, action=Action.CREATE, event="referral_created", obj=referral,
                          person_id=werkplaats_case.case.suspect_id, request_id=request_id)  # fmt: skip
    return referral


def _lock_referral(*, user: Any, referral_id: int, expected_version: int | None) -> Referral:
    """Lock the referral's werkplaats case first (the order every casework write keeps), then the referral."""
    case_id = Referral.objects.filter(pk=referral_id).values_list("werkplaats_case_id", flat=True).first()
    if case_id is None:
        raise ApplicationError(_("This referral does not exist."))
    werkplaats_case = werkplaats_case_lock_for_casework(user=user, werkplaats_case_id=case_id)
    referral = Referral.objects.select_for_update(of=("self",)).select_related("institution").get(pk=referral_id)
    referral.werkplaats_case = werkplaats_case
    if not refers_for(user, werkplaats_case):
        raise ApplicationError(_("Only the assigned worker or the coordinator handles this case's referrals."))
    if expected_version is not None and expected_version != referral.version:
        raise ConflictError(
            _("Someone else changed this referral meanwhile. Reload the page and check before saving again.")
        )
    return referral


@transaction.atomic
def referral_update(
    *, user: Any, referral_id: int, data: ReferralInput, expected_version: int, request_id: str = ""
) -> Referral:
    """Change a draft; a sent referral is not rewritten behind the institution's back."""
    referral = _lock_referral(user=user, referral_id=referral_id, expected_version=expected_version)
    if referral.status != S.DRAFT:
        raise ConflictError(_("Only a draft referral can be changed."))
    errors = _referral_errors(data)
    if errors:
        raise ApplicationError(_("The referral was not stored."), field_errors=errors)
    for name, value in _referral_values(data).items():
        setattr(referral, name, value)
    referral.version += 1
    referral.save()
    business_event_record(user=user, action=Action.UPDATE, event="referral_updated", obj=referral,
                          person_id=referral.werkplaats_case.case.suspect_id, request_id=request_id)  # fmt: skip
    return referral


def _transition_record(
    referral: Referral, from_status: str, to_status: str, *, user: Any = None, note: str = ""
) -> ReferralTransition:
    by_institution = user is None
    return ReferralTransition.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=to_status,
        occurred_at=now(),
        actor_kind=ReferralActor.INSTITUTION if by_institution else ReferralActor.USER,
        user=None if by_institution else user,
        actor_name=referral.institution.name if by_institution else user.display_name,
        note=note,
    )


def _move(referral: Referral, target: str, *, user: Any = None, note: str = "") -> None:
    workflow.check(referral.status, target)
    source = referral.status
    moment = now()
    referral.status = target
    if target == S.SENT:
        referral.sent_at = moment
    if target == S.ACKNOWLEDGED:
        referral.acknowledged_at = moment
    if target in {S.COMPLETED, S.DECLINED, S.NO_RESPONSE, S.WITHDRAWN}:
        referral.closed_at = moment
    referral.version += 1
    referral.save()
    _transition_record(referral, source, target, user=user, note=note)
    if source == S.SENT:
        # An answer, however it came, ends the link: the institution cannot answer twice.
        ReferralLink.objects.filter(referral=referral, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=moment
        )


def _recipient(referral: Referral) -> str:
    """Who gets the link: the chosen contact, else the institution's referral contact, else its address."""
    if referral.contact_person is not None:
        if referral.contact_person.email:
            return referral.contact_person.email
        raise ApplicationError(
            _("The chosen contact person has no e-mail address. Add one on the social map, or choose another."),
            field_errors={"contact_person": [_("No e-mail address to send the link to.")]},
        )
    contact = (
        ContactPerson.objects.filter(institution_id=referral.institution_id, receives_referrals=True)
        .exclude(email="")
        .first()
    )
    if contact is not None:
        return contact.email
    if referral.institution.email:
        return referral.institution.email
    raise ApplicationError(
        _("The social map has no e-mail address for referrals at this institution. Add one, or phone them."),
        field_errors={"contact_person": [_("No e-mail address to send the link to.")]},
    )


def _link_issue(referral: Referral) -> tuple[ReferralLink, str]:
    moment = now()
    ReferralLink.objects.filter(referral=referral, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=moment
    )
    token = secrets.token_urlsafe(32)
    link = ReferralLink.objects.create(
        referral=referral,
        token_hash=token_hash(token),
        recipient_email=_recipient(referral),
        created_at=moment,
        expires_at=moment + timedelta(days=settings.ZSM_REFERRAL_LINK_DAYS),
    )
    return link, token


def _link_email(link: ReferralLink, token: str, *, worker: Any, phone: str) -> None:
    """E-mail the link after the commit. The message names the referring organisation and the need, never the
    client: only the link shows who it is about."""
    from zsm.accounts.selectors import membership_list_for_user

    referral = link.referral
    location_id = referral.werkplaats_case.case.location_id
    memberships = list(membership_list_for_user(user=referral.created_by))
    membership = next((m for m in memberships if m.location_id == location_id), memberships[0] if memberships else None)
    organisation = membership.organisation.name if membership is not None else "ZSM Werkplaats"
    need = str(Need(referral.need).label) if referral.need in Need.values else referral.need
    if need[1:2].islower():  # "Debt help" reads as "debt help" mid-sentence; "GGZ" stays as it is
        need = need[:1].lower() + need[1:]
    url = settings.ZSM_BASE_URL + reverse("socialmap:acknowledge", kwargs={"token": token})
    expires = local(link.expires_at).strftime("%d-%m-%Y")
    body = _(
        "%(organisation)s asks your organisation to help a client with: %(need)s.\n\n"
        "Open this link to see the referral and to accept it, plan the intake or decline it:\n%(url)s\n\n"
        "The link works once and until %(expires)s. Questions? Call %(worker)s on %(phone)s."
    ) % {
        "organisation": organisation,
        "need": need,
        "url": url,
        "expires": expires,
        "worker": worker.display_name,
        "phone": phone or "-",
    }
    subject = _("Referral from %(organisation)s") % {"organisation": organisation}
    link_id = link.pk

    def send() -> None:
        try:
            send_mail(
                subject=subject,
                message=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[link.recipient_email],
            )
        except Exception:  # the referral stays sent; the worker can send the link again
            logger.exception("referral link e-mail failed", extra={"referral_link": link_id})

    transaction.on_commit(send)


@transaction.atomic
def referral_send(*, user: Any, referral_id: int, expected_version: int, request_id: str = "") -> Referral:
    """Send a draft: the institution's contact gets a single-use, expiring acknowledgement link by e-mail.
    Nothing is shared without a recorded legal basis."""
    referral = _lock_referral(user=user, referral_id=referral_id, expected_version=expected_version)
    workflow.check(referral.status, S.SENT)
    if not referral.legal_basis:
        raise ApplicationError(
            _("Record the legal basis or the client's consent before the referral is sent."),
            field_errors={"legal_basis": [_("Choose the legal basis for sharing.")]},
        )
    link, token = _link_issue(referral)
    _move(referral, S.SENT, user=user, note=_("Link sent to %(email)s") % {"email": link.recipient_email})
    business_event_record(
        user=user,
        action=Action.DISCLOSE,
        event="referral_sent",
        obj=referral,
        person_id=referral.werkplaats_case.case.suspect_id,
        purpose=Purpose.REFERRAL,
        details={"institution": referral.institution_id, "offence_shared": referral.share_offence},
        request_id=request_id,
    )
    _link_email(link, token, worker=user, phone=referral.worker_phone)
    return referral


@transaction.atomic
def referral_link_resend(*, user: Any, referral_id: int, expected_version: int, request_id: str = "") -> Referral:
    """A fresh link for a sent referral (the first expired or never arrived); the old one stops working."""
    referral = _lock_referral(user=user, referral_id=referral_id, expected_version=expected_version)
    if referral.status != S.SENT:
        raise ConflictError(_("Only a referral that waits for an answer gets a new link."))
    link, token = _link_issue(referral)
    referral.version += 1
    referral.save(update_fields=["version", "updated_at"])
    business_event_record(user=user, action=Action.DISCLOSE, event="referral_link_resent", obj=referral,
                          person_id=referral.werkplaats_case.case.suspect_id, purpose=Purpose.REFERRAL,
                          request_id=request_id)  # fmt: skip
    _link_email(link, token, worker=user, phone=referral.worker_phone)
    return referral


def _answer_errors(target: str, *, reason: str, intake_on: date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if target == S.DECLINED and not reason.strip():
        errors["reason"] = [_("Give the reason the referral is declined.")]
    if target == S.INTAKE_PLANNED:
        today = local_now().date()
        if intake_on is None:
            errors["intake_on"] = [_("Enter the date of the intake.")]
        elif intake_on < today:
            errors["intake_on"] = [_("The intake date cannot be in the past.")]
        elif intake_on > today + timedelta(days=MAX_INTAKE_DAYS_AHEAD):
            errors["intake_on"] = [_("The intake date is more than a year ahead: check the year.")]
    return errors


@transaction.atomic
def referral_move(
    *,
    user: Any,
    referral_id: int,
    target: str,
    expected_version: int,
    note: str = "",
    reason: str = "",
    intake_on: date | None = None,
    request_id: str = "",
) -> Referral:
    """The worker records a step they learnt of (by phone, say): acknowledged, intake planned (or moved),
    started, completed, declined (with the reason), no response, or withdrawn. "Intake planned" or "started"
    straight from "sent" records the acknowledgement first (workflow.SHORTCUTS). Sending has its own service."""
    if target not in S.values or target in {S.DRAFT, S.SENT}:
        raise ApplicationError(_("Choose the step to record."), field_errors={"target": [_("Unknown step.")]})
    referral = _lock_referral(user=user, referral_id=referral_id, expected_version=expected_version)
    steps = workflow.path(referral.status, target)
    errors = _answer_errors(target, reason=reason, intake_on=intake_on)
    if errors:
        raise ApplicationError(_("The step was not recorded."), field_errors=errors)
    if target == S.INTAKE_PLANNED:
        referral.intake_on = intake_on
    if target == S.DECLINED:
        referral.decline_reason = reason.strip()
    for step in steps:
        _move(referral, step, user=user, note=(reason or note).strip() if step == target else "")
    business_event_record(user=user, action=Action.UPDATE, event=f"referral_{target}", obj=referral,
                          person_id=referral.werkplaats_case.case.suspect_id, request_id=request_id)  # fmt: skip
    return referral


@transaction.atomic
def referral_chase(*, user: Any, referral_id: int, expected_version: int, request_id: str = "") -> Referral:
    """The worker chased the institution today: the chase task leaves the day until the next period."""
    referral = _lock_referral(user=user, referral_id=referral_id, expected_version=expected_version)
    if referral.status != S.SENT:
        raise ConflictError(_("Only a referral that waits for an answer can be chased."))
    referral.chased_on = local_now().date()
    referral.version += 1
    referral.save(update_fields=["chased_on", "version", "updated_at"])
    business_event_record(user=user, action=Action.UPDATE, event="referral_chased", obj=referral,
                          person_id=referral.werkplaats_case.case.suspect_id, request_id=request_id)  # fmt: skip
    return referral


# --- The institution's answer through the link ---------------------------------------------------------


class LinkAnswer:
    ACCEPT = "accept"
    PLAN_INTAKE = "plan_intake"
    DECLINE = "decline"
    ALL = (ACCEPT, PLAN_INTAKE, DECLINE)


@transaction.atomic
def referral_acknowledge(
    *, token: str, answer: str, reason: str = "", intake_on: date | None = None, request_id: str = ""
) -> Referral:
    """The institution answers through its link, without an account: accept, accept with an intake date,
    or decline with a reason. The link is used up; the worker gets a message in their inbox."""
    if answer not in LinkAnswer.ALL:
        raise ApplicationError(_("Choose an answer."), field_errors={"answer": [_("Choose an answer.")]})
    found = ReferralLink.objects.filter(token_hash=token_hash(token)).values_list("pk", "referral_id").first()
    if found is None:
        raise ConflictError(_("This link does not work."))
    link_id, referral_id = found
    case_id = Referral.objects.filter(pk=referral_id).values_list("werkplaats_case_id", flat=True).get()
    # Lock in the order every writer keeps: werkplaats case, referral, link.
    werkplaats_case = werkplaats_case_lock(werkplaats_case_id=case_id)
    referral = Referral.objects.select_for_update(of=("self",)).select_related("institution").get(pk=referral_id)
    referral.werkplaats_case = werkplaats_case
    link = ReferralLink.objects.select_for_update().get(pk=link_id)
    if link_refusal(link) is not None or referral.status != S.SENT or werkplaats_case.status in CASE_FINAL:
        raise ConflictError(_("This link has been used or is no longer valid."))
    target = {LinkAnswer.ACCEPT: S.ACKNOWLEDGED, LinkAnswer.PLAN_INTAKE: S.INTAKE_PLANNED,
              LinkAnswer.DECLINE: S.DECLINED}[answer]  # fmt: skip
    errors = _answer_errors(target, reason=reason, intake_on=intake_on)
    if errors:
        raise ApplicationError(_("Your answer was not stored."), field_errors=errors)
    link.used_at = now()
    link.save(update_fields=["used_at"])
    if target == S.DECLINED:
        referral.decline_reason = reason.strip()
        _move(referral, S.DECLINED, note=reason.strip())
    else:
        _move(referral, S.ACKNOWLEDGED)
        if target == S.INTAKE_PLANNED:
            referral.intake_on = intake_on
            _move(referral, S.INTAKE_PLANNED, note=intake_on.strftime("%d-%m-%Y") if intake_on else "")
    business_event_record(
        user=None,
        action=Action.UPDATE,
        event=f"referral_{target}_by_institution",
        obj=referral,
        person_id=werkplaats_case.case.suspect_id,
        purpose=Purpose.REFERRAL,
        details={"institution": referral.institution_id, "link": link.pk},
        request_id=request_id,
    )
    if werkplaats_case.worker_id is not None:
        notification_send(
            recipient=werkplaats_case.worker,
            case=werkplaats_case.case,
            kind=notices.REFERRAL_ANSWERED,
            params={
                "institution": referral.institution.name,
                "werkplaats": str(werkplaats_case),
                "reference": werkplaats_case.case.reference,
                "status": str(referral.status),
                "path": reverse("socialmap:referral", kwargs={"referral_id": referral.pk}),
            },
        )
    return referral
