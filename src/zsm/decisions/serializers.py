"""What the decision API reads and writes (snake_case here, lowerCamelCase on the wire)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from rest_framework import serializers

from zsm.cases.serializers import AwareDateTimeField, DecisionSerializer
from zsm.decisions.caps import DecisionInput
from zsm.decisions.constants import DismissalCode, Disposal, SummonsType

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
    dismissal_code = serializers.ChoiceField(choices=DismissalCode.choices, **TEXT)
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
    summons_type = serializers.ChoiceField(choices=SummonsType.choices, **TEXT)
    halt_hours = serializers.IntegerField(**SMALL_INT)
    probation_involved = serializers.BooleanField(default=False)
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


__all__ = ["DecisionCreateSerializer", "DecisionSerializer"]
