"""What the social-map and referral API reads and writes (snake_case here, lowerCamelCase on the wire).

A referral's acknowledgement links are shown without their token: only the token's hash is stored, and
not even that leaves the system.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zsm.cases.serializers import AwareDateTimeField
from zsm.common.validators import PC4_MAX, PC4_MIN
from zsm.socialmap.constants import InstitutionKind, LegalBasis, Need, ReferralActor, ReferralStatus
from zsm.socialmap.models import (
    ContactPerson,
    Institution,
    Referral,
    ReferralLink,
    ReferralTransition,
    Service,
    ServiceArea,
)
from zsm.socialmap.selectors import InstitutionStats
from zsm.socialmap.services import INSTITUTION_FIELDS as SERVICE_INSTITUTION_FIELDS
from zsm.socialmap.services import AreaInput, ContactInput, InstitutionInput, ReferralInput, ServiceInput
from zsm.workplace.serializers import TEXT, UserRefSerializer, enum_field

VERSION_HELP = "The version you read; a stale one gives 409."
# The steps a worker records on a referral; sending has its own endpoint.
MOVE_TARGETS = [str(status) for status in ReferralStatus if status not in {ReferralStatus.DRAFT, ReferralStatus.SENT}]


def need_field(**kwargs: Any) -> Any:
    return enum_field("NeedEnum", Need, **kwargs)


class RefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


# --- The social map ----------------------------------------------------------------------------------


class ServiceSerializer(serializers.ModelSerializer[Service]):
    need = need_field(read_only=True)

    class Meta:
        model = Service
        fields = ["id", "need", "name", "description", "active"]
        read_only_fields = fields


class ServiceWithInstitutionSerializer(ServiceSerializer):
    institution = RefSerializer(read_only=True)

    class Meta(ServiceSerializer.Meta):
        fields = [*ServiceSerializer.Meta.fields, "institution"]
        read_only_fields = fields


class ServiceFilterSerializer(serializers.Serializer[Any]):
    need = need_field(required=False, help_text="Only services for this need.")


class AreaSerializer(serializers.ModelSerializer[ServiceArea]):
    """A served range of four-digit postcode areas, both ends inclusive."""

    class Meta:
        model = ServiceArea
        fields = ["id", "postcode_from", "postcode_to", "municipality"]
        read_only_fields = fields


class ContactPersonSerializer(serializers.ModelSerializer[ContactPerson]):
    class Meta:
        model = ContactPerson
        fields = ["id", "name", "function", "phone", "email", "receives_referrals"]
        read_only_fields = fields


class ReferralFiguresSerializer(serializers.Serializer[Any]):
    sent = serializers.IntegerField()
    acknowledged = serializers.IntegerField()
    declined = serializers.IntegerField()
    no_response = serializers.IntegerField()
    waiting = serializers.IntegerField(help_text="Sent and still waiting for an answer.")
    acknowledged_percent = serializers.IntegerField(
        allow_null=True, help_text="Of the sent referrals no longer waiting, the share acknowledged; null when none."
    )
    median_days_to_acknowledge = serializers.FloatField(allow_null=True)


INSTITUTION_FIELDS = [
    "id", "name", "kind", "municipality", "street_address", "postcode", "city", "phone", "email", "website",
    "opening_hours", "description", "active", "verified_on", "version",
]  # fmt: skip


class InstitutionSummarySerializer(serializers.ModelSerializer[Institution]):
    """A list item. From a search, `services` are the matching ones and `fit` the width of the narrowest
    served postcode range that contains the place (smaller fits better); without a place `fit` is null."""

    kind = enum_field("InstitutionKindEnum", InstitutionKind, read_only=True)
    services = serializers.SerializerMethodField()
    fit = serializers.SerializerMethodField(help_text="Area fit of a search with a place; null otherwise.")

    class Meta:
        model = Institution
        fields = [*INSTITUTION_FIELDS, "services", "fit"]
        read_only_fields = fields

    @extend_schema_field(ServiceSerializer(many=True))
    def get_services(self, institution: Institution) -> list[dict[str, Any]]:
        matching = self.context.get("matching")
        services = matching.get(institution.pk, []) if matching is not None else institution.services.all()
        return list(ServiceSerializer(services, many=True).data)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_fit(self, institution: Institution) -> int | None:
        fit = getattr(institution, "fit", None)
        return int(fit) if fit is not None else None


class InstitutionFilterSerializer(serializers.Serializer[Any]):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    place = serializers.CharField(required=False, allow_blank=True, max_length=100)


class InstitutionDetailSerializer(serializers.ModelSerializer[Institution]):
    """An institution with all its items. Needs `figures` (an InstitutionStats or None) in the context."""

    kind = enum_field("InstitutionKindEnum", InstitutionKind, read_only=True)
    services = ServiceSerializer(many=True, read_only=True)
    areas = AreaSerializer(many=True, read_only=True)
    contact_persons = ContactPersonSerializer(many=True, read_only=True)
    verified_by = UserRefSerializer(read_only=True, allow_null=True)
    referral_figures = serializers.SerializerMethodField(help_text="Over every referral sent to the institution.")

    class Meta:
        model = Institution
        fields = [*INSTITUTION_FIELDS, "verified_by", "services", "areas", "contact_persons", "referral_figures"]
        read_only_fields = fields

    @extend_schema_field(ReferralFiguresSerializer)
    def get_referral_figures(self, institution: Institution) -> dict[str, Any]:
        stats: InstitutionStats | None = self.context.get("figures")
        figures = {
            "sent": stats.sent if stats else 0,
            "acknowledged": stats.acknowledged if stats else 0,
            "declined": stats.declined if stats else 0,
            "no_response": stats.no_response if stats else 0,
            "waiting": stats.waiting if stats else 0,
            "acknowledged_percent": stats.acknowledged_percent if stats else None,
            "median_days_to_acknowledge": stats.median_days_to_acknowledge if stats else None,
        }
        return dict(ReferralFiguresSerializer(figures).data)


class ServiceInputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="Set to keep an item.")
    need = need_field()
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(**TEXT)
    active = serializers.BooleanField(required=False, default=True)


class AreaInputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="Set to keep an item.")
    postcode_from = serializers.IntegerField(min_value=PC4_MIN, max_value=PC4_MAX)
    postcode_to = serializers.IntegerField(min_value=PC4_MIN, max_value=PC4_MAX)
    municipality = serializers.CharField(max_length=100, **TEXT)


class ContactPersonInputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="Set to keep an item.")
    name = serializers.CharField(max_length=200)
    function = serializers.CharField(max_length=200, **TEXT)
    phone = serializers.CharField(max_length=30, **TEXT)
    email = serializers.CharField(max_length=254, **TEXT)
    receives_referrals = serializers.BooleanField(required=False, default=False)


class InstitutionWriteSerializer(serializers.Serializer[Any]):
    """The whole institution: nested items with an `id` are kept (and corrected), items without one are
    added, and items left out are removed."""

    name = serializers.CharField(max_length=200)
    kind = enum_field("InstitutionKindEnum", InstitutionKind)
    municipality = serializers.CharField(max_length=100)
    street_address = serializers.CharField(max_length=200, **TEXT)
    postcode = serializers.CharField(max_length=7, **TEXT)
    city = serializers.CharField(max_length=100, **TEXT)
    phone = serializers.CharField(max_length=30, **TEXT)
    email = serializers.CharField(max_length=254, **TEXT)
    website = serializers.CharField(max_length=200, **TEXT)
    opening_hours = serializers.CharField(max_length=200, **TEXT)
    description = serializers.CharField(**TEXT)
    active = serializers.BooleanField(required=False, default=True)
    services = ServiceInputSerializer(many=True, help_text="At least one: the map is searched by need.")
    areas = AreaInputSerializer(many=True, help_text="At least one postcode range; 1000–9999 is the whole country.")
    contact_persons = ContactPersonInputSerializer(many=True, required=False, default=list)

    def to_input(self) -> InstitutionInput:
        data = self.validated_data
        return InstitutionInput(
            **{name: data[name] for name in SERVICE_INSTITUTION_FIELDS},
            services=[ServiceInput(**item) for item in data["services"]],
            areas=[AreaInput(**item) for item in data["areas"]],
            contacts=[ContactInput(**item) for item in data["contact_persons"]],
        )


class InstitutionCorrectSerializer(InstitutionWriteSerializer):
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)


class VersionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)


# --- Referrals ---------------------------------------------------------------------------------------


class ReferralTransitionSerializer(serializers.ModelSerializer[ReferralTransition]):
    from_status = enum_field("ReferralStatusEnum", ReferralStatus, blank=True, read_only=True)
    to_status = enum_field("ReferralStatusEnum", ReferralStatus, read_only=True)
    occurred_at = AwareDateTimeField(read_only=True)
    actor_kind = enum_field("ReferralActorEnum", ReferralActor, read_only=True)

    class Meta:
        model = ReferralTransition
        fields = ["from_status", "to_status", "occurred_at", "actor_kind", "actor_name", "note"]
        read_only_fields = fields


class ReferralLinkSerializer(serializers.ModelSerializer[ReferralLink]):
    """A link as sent: to whom, when, until when, and whether it was used or revoked. Never its token."""

    created_at = AwareDateTimeField(read_only=True)
    expires_at = AwareDateTimeField(read_only=True)
    used_at = AwareDateTimeField(read_only=True, allow_null=True)
    revoked_at = AwareDateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = ReferralLink
        fields = ["recipient_email", "created_at", "expires_at", "used_at", "revoked_at"]
        read_only_fields = fields


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    werkplaats_case = serializers.IntegerField(source="werkplaats_case_id", read_only=True)
    institution = RefSerializer(read_only=True)
    service = RefSerializer(read_only=True, allow_null=True)
    contact_person = RefSerializer(read_only=True, allow_null=True)
    need = need_field(read_only=True)
    legal_basis = enum_field("LegalBasisEnum", LegalBasis, blank=True, read_only=True)
    status = enum_field("ReferralStatusEnum", ReferralStatus, read_only=True)
    created_by = UserRefSerializer(read_only=True)
    created_at = AwareDateTimeField(read_only=True)
    sent_at = AwareDateTimeField(read_only=True, allow_null=True)
    acknowledged_at = AwareDateTimeField(read_only=True, allow_null=True)
    closed_at = AwareDateTimeField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True, help_text="Raised by every change of the referral.")

    class Meta:
        model = Referral
        fields = [
            "id",
            "werkplaats_case",
            "institution",
            "service",
            "contact_person",
            "need",
            "question",
            "legal_basis",
            "consent_note",
            "share_offence",
            "worker_phone",
            "status",
            "created_by",
            "created_at",
            "sent_at",
            "acknowledged_at",
            "intake_on",
            "closed_at",
            "decline_reason",
            "chased_on",
            "version",
        ]
        read_only_fields = fields


class ReferralDetailSerializer(ReferralSerializer):
    transitions = ReferralTransitionSerializer(many=True, read_only=True)
    links = ReferralLinkSerializer(many=True, read_only=True, help_text="Acknowledgement links sent, newest first.")

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "transitions", "links"]
        read_only_fields = fields


class ReferralFilterSerializer(serializers.Serializer[Any]):
    werkplaats_case = serializers.IntegerField(min_value=1, required=False)
    status = enum_field("ReferralStatusEnum", ReferralStatus, required=False)


class ReferralCreateSerializer(serializers.Serializer[Any]):
    werkplaats_case = serializers.IntegerField(min_value=1, help_text="The werkplaats case you work on (id).")
    institution = serializers.IntegerField(min_value=1, help_text="An active institution of the social map (id).")
    service = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    contact_person = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    need = need_field()
    question = serializers.CharField(help_text="What you ask of the institution.")
    legal_basis = enum_field(
        "LegalBasisEnum", LegalBasis, blank=True, required=False, default="", help_text="Needed before sending."
    )
    consent_note = serializers.CharField(max_length=300, **TEXT, help_text="How and when the client consented.")
    share_offence = serializers.BooleanField(required=False, default=False)
    worker_phone = serializers.CharField(max_length=30, **TEXT, help_text="Empty: your own phone number.")

    def to_input(self) -> ReferralInput:
        data = self.validated_data
        return ReferralInput(
            institution_id=data["institution"],
            service_id=data["service"],
            contact_person_id=data["contact_person"],
            need=data["need"],
            question=data["question"],
            legal_basis=data["legal_basis"],
            consent_note=data["consent_note"],
            share_offence=data["share_offence"],
            worker_phone=data["worker_phone"],
        )


class ReferralMoveSerializer(serializers.Serializer[Any]):
    target = enum_field("ReferralStepEnum", MOVE_TARGETS, help_text="The step to record.")
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)
    reason = serializers.CharField(**TEXT, help_text="Needed for `declined`.")
    note = serializers.CharField(**TEXT)
    intake_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="For `intake_planned`.")
