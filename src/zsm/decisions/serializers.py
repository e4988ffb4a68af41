"""What the decision API reads and writes (snake_case here, lowerCamelCase on the wire)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zsm.cases.serializers import AwareDateTimeField, DecisionSerializer
from zsm.common.api import camel
from zsm.decisions.caps import DecisionInput
from zsm.decisions.constants import Disposal, SummonsType

# The database holds these counts as small positive integers; the legal caps are checked in caps.py.
SMALL_INT: dict[str, Any] = {"required": False, "allow_null": True, "default": None, "min_value": 0, "max_value": 32767}
AMOUNT: dict[str, Any] = {
    "max_digits": 8,
    "decimal_places": 2,
    "coerce_to_string": False,
    "required": False,
    "allow_null": True,
    "default": None,
}
TEXT: dict[str, Any] = {"required": False, "allow_blank": True, "default": ""}


class DecisionCreateSerializer(serializers.Serializer[Any]):
    """The OM's disposal, mirroring `DecisionInput`; caps.py decides what combination is lawful."""

    disposal = serializers.ChoiceField(choices=Disposal.choices)
    dismissal_code = serializers.CharField(
        max_length=2, **TEXT, help_text="The OM's dismissal ground (sepotgrond) in force, e.g. `02`."
    )
    conditions = serializers.CharField(**TEXT)
    probation_period_months = serializers.IntegerField(**SMALL_INT)
    fine_amount = serializers.DecimalField(**AMOUNT)
    community_service_hours = serializers.IntegerField(**SMALL_INT)
    driving_ban_months = serializers.IntegerField(**SMALL_INT)
    compensation_amount = serializers.DecimalField(**AMOUNT)
    behavioural_instruction = serializers.CharField(**TEXT)
    intervention_id = serializers.IntegerField(
        **SMALL_INT, help_text="An intervention of the werkplaats catalogue made a condition (id)."
    )
    instruction_period_months = serializers.IntegerField(**SMALL_INT)
    om_hearing_at = AwareDateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Art. 257c Sv: when the OM heard (or will hear) the suspect; required for community service, "
        "a driving ban, a behavioural instruction or more than EUR 2,000.",
    )
    summons_type = serializers.ChoiceField(
        choices=SummonsType.choices, **TEXT, help_text="Must fit the suspect's age on the day of the offence."
    )
    halt_hours = serializers.IntegerField(**SMALL_INT)
    halt_with_consent = serializers.BooleanField(
        default=False, help_text="Art. 2 Besluit aanwijzing Halt-feiten: the officer's express consent."
    )
    probation_involved = serializers.BooleanField(
        default=False, help_text="Probation supervises or guides, as a condition or behavioural instruction."
    )
    appointment_at = AwareDateTimeField(required=False, allow_null=True, default=None)
    appointment_place = serializers.CharField(max_length=200, **TEXT)
    appointment_with = serializers.CharField(max_length=200, **TEXT)
    rationale = serializers.CharField(**TEXT)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="The case version you decided on; a changed case gives 409.",
    )

    def to_input(self) -> DecisionInput:
        data = self.validated_data
        return DecisionInput(**{field.name: data[field.name] for field in fields(DecisionInput)})


class DecisionWarningSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text="The field the warning is about (lowerCamelCase).")
    reason = serializers.CharField()


class DecisionCreatedSerializer(DecisionSerializer):
    """The stored decision, plus what the officer may want to look at again (stored anyway); the warnings come
    in the context, as (field, reason) pairs."""

    warnings = serializers.SerializerMethodField()

    class Meta(DecisionSerializer.Meta):
        fields = [*DecisionSerializer.Meta.fields, "warnings"]
        read_only_fields = fields

    @extend_schema_field(DecisionWarningSerializer(many=True))
    def get_warnings(self, decision: Any) -> list[dict[str, str]]:
        return [{"name": camel(name), "reason": str(reason)} for name, reason in self.context.get("warnings", [])]


__all__ = ["DecisionCreateSerializer", "DecisionCreatedSerializer", "DecisionSerializer"]
