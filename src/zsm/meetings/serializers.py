"""What the signal-register API reads and writes (snake_case here, lowerCamelCase on the wire).

A signal names the werkplaats cases that show it by id only: no case content.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zsm.cases.serializers import AwareDateTimeField
from zsm.meetings.constants import SignalScope, SignalStatus
from zsm.meetings.models import Signal
from zsm.meetings.services import MAX_TITLE, SignalInput
from zsm.socialmap.selectors import SignalCandidate
from zsm.workplace.serializers import TEXT, UserRefSerializer, enum_field

VERSION_HELP = "The version you read; a stale one gives 409."


class InstitutionRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SignalSerializer(serializers.ModelSerializer[Signal]):
    scope = enum_field("SignalScopeEnum", SignalScope, read_only=True)
    institution = InstitutionRefSerializer(read_only=True, allow_null=True)
    werkplaats_cases = serializers.SerializerMethodField(help_text="Ids of the werkplaats cases that show it.")
    owner = UserRefSerializer(read_only=True)
    status = enum_field("SignalStatusEnum", SignalStatus, read_only=True)
    created_by = UserRefSerializer(read_only=True)
    created_at = AwareDateTimeField(read_only=True)
    raised_at = AwareDateTimeField(read_only=True, allow_null=True)
    resolved_at = AwareDateTimeField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True, help_text="Raised by every change of the signal.")

    class Meta:
        model = Signal
        fields = [
            "id",
            "title",
            "description",
            "scope",
            "subject",
            "institution",
            "werkplaats_cases",
            "owner",
            "action",
            "status",
            "resolution",
            "from_candidate",
            "created_by",
            "created_at",
            "raised_at",
            "resolved_at",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_werkplaats_cases(self, signal: Signal) -> list[int]:
        return [case.pk for case in signal.cases.all()]


class SignalFilterSerializer(serializers.Serializer[Any]):
    status = enum_field("SignalStatusEnum", SignalStatus, required=False, help_text="Only this status.")


class SignalWriteSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=MAX_TITLE)
    description = serializers.CharField(help_text="What goes wrong.")
    scope = enum_field("SignalScopeEnum", SignalScope, help_text="What the signal is about.")
    subject = serializers.CharField(max_length=200, **TEXT, help_text="The area, municipality or organisation.")
    institution = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None, help_text="An institution of the social map."
    )
    owner = serializers.IntegerField(min_value=1, help_text="A member of the location's werkplaats team (user id).")
    action = serializers.CharField(**TEXT, help_text="Where we raise it and who does it.")
    werkplaats_cases = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, help_text="Werkplaats case ids."
    )

    def to_input(self, *, from_candidate: bool = False) -> SignalInput:
        data = self.validated_data
        return SignalInput(
            title=data["title"],
            description=data["description"],
            scope=data["scope"],
            owner_id=data["owner"],
            subject=data["subject"],
            institution_id=data["institution"],
            action=data["action"],
            werkplaats_case_ids=list(dict.fromkeys(data["werkplaats_cases"])),
            from_candidate=from_candidate,
        )


class SignalCreateSerializer(SignalWriteSerializer):
    from_candidate = serializers.BooleanField(required=False, default=False, help_text="Raised from a candidate.")


class SignalUpdateSerializer(SignalWriteSerializer):
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)


class SignalMoveSerializer(serializers.Serializer[Any]):
    target = enum_field("SignalStatusEnum", SignalStatus, help_text="raised (needs an action) or resolved (a note).")
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)
    note = serializers.CharField(**TEXT, help_text="Raised: where and by whom. Resolved: what became of it.")


class SignalCandidateSerializer(serializers.Serializer[Any]):
    """An institution where three or more referrals failed within 90 days, without an open signal yet."""

    institution = serializers.SerializerMethodField()
    failed_referrals = serializers.SerializerMethodField(help_text="Declined or unanswered in the window.")
    werkplaats_cases = serializers.SerializerMethodField(help_text="Ids of the werkplaats cases concerned.")

    @extend_schema_field(InstitutionRefSerializer)
    def get_institution(self, candidate: SignalCandidate) -> dict[str, Any]:
        return {"id": candidate.institution.pk, "name": candidate.institution.name}

    def get_failed_referrals(self, candidate: SignalCandidate) -> int:
        return len(candidate.referrals)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_werkplaats_cases(self, candidate: SignalCandidate) -> list[int]:
        return candidate.werkplaats_case_ids
