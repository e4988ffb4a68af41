"""Social-map data for tests, made through the real services (importable from any test module)."""

from __future__ import annotations

from itertools import count

from zsm.accounts.models import User
from zsm.socialmap.constants import InstitutionKind, LegalBasis, Need
from zsm.socialmap.models import Institution, Referral
from zsm.socialmap.services import (
    AreaInput,
    ContactInput,
    InstitutionInput,
    ReferralInput,
    ServiceInput,
    institution_save,
    referral_create,
    referral_send,
)

_numbers = count(1)


def institution_input(
    *,
    name: str | None = None,
    need: str = Need.DEBT_HELP,
    areas: tuple[tuple[int, int], ...] = ((3500, 3585),),
    municipality: str = "Utrecht",
    email: str = "info@example.org",
    contact_email: str = "intake@example.org",
) -> InstitutionInput:
    return InstitutionInput(
        name=name or f"Instelling {next(_numbers)}",
        kind=InstitutionKind.DEBT_HELP,
        municipality=municipality,
        email=email,
        services=[ServiceInput(need=need, name=str(Need(need).label))],
        areas=[AreaInput(postcode_from=a, postcode_to=b, municipality=municipality) for a, b in areas],
        contacts=[ContactInput(name="Iris Intake", email=contact_email, receives_referrals=True)]
        if contact_email
        else [],
    )


def make_institution(world: dict[str, User], **kwargs: object) -> Institution:
    return institution_save(user=world["werkplaats"], data=institution_input(**kwargs))  # type: ignore[arg-type]


def referral_input(institution: Institution, **kwargs: object) -> ReferralInput:
    values: dict[str, object] = {
        "institution_id": institution.pk,
        "need": Need.DEBT_HELP,
        "question": "Graag een intake voor schuldhulp; cliënt heeft ongeveer € 10.000 schuld.",
        "legal_basis": LegalBasis.CONSENT,
        "consent_note": "Mondeling toestemming gegeven op 24-11, telefonisch.",
    }
    return ReferralInput(**{**values, **kwargs})  # type: ignore[arg-type]


def draft_referral(
    world: dict[str, User], werkplaats_case_id: int, institution: Institution, **kwargs: object
) -> Referral:
    return referral_create(
        user=world["werkplaats"], werkplaats_case_id=werkplaats_case_id, data=referral_input(institution, **kwargs)
    )


def sent_referral(
    world: dict[str, User], werkplaats_case_id: int, institution: Institution, **kwargs: object
) -> Referral:
    referral = draft_referral(world, werkplaats_case_id, institution, **kwargs)
    return referral_send(user=world["werkplaats"], referral_id=referral.pk, expected_version=referral.version)
