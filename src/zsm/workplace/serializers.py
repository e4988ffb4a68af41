"""What the werkplaats API reads and writes (snake_case here, lowerCamelCase on the wire).

Special-category content (an assessment's notes per life area, protective factors and professional
judgement) is written only for those who may read it: the views pass `special_visible` in the
context, and without it those fields are null.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Choices
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zsm.cases.serializers import PSEUDONYMISED_HELP, AwareDateTimeField
from zsm.workplace.constants import (
    ADVISABLE_DISPOSALS,
    MAX_ACTIVITY_MINUTES,
    MAX_AREA_SCORE,
    USEFULNESS_MAX,
    USEFULNESS_MIN,
    ActivityKind,
    AdviceResponse,
    Approach,
    AssessmentStatus,
    CheckOutcome,
    ContactChannel,
    ContactOutcome,
    ContactRole,
    HandoverKind,
    LifeArea,
    ProblemLevel,
    RiskLevel,
    Signal,
    WerkplaatsStatus,
)
from zsm.workplace.models import Advice, Assessment, Contact, MonitoringCheck, TimeEntry, WerkplaatsCase
from zsm.workplace.services import AdviceInput, AssessmentInput, ContactInput

TEXT: dict[str, Any] = {"required": False, "allow_blank": True, "default": ""}
# Bounds match the services' own checks; the services stay the authority (and say it in Dutch).
MINUTES: dict[str, Any] = {"min_value": 1, "max_value": MAX_ACTIVITY_MINUTES, "help_text": "Time spent, in minutes."}


_ENUM_FIELDS: dict[str, type[serializers.ChoiceField]] = {}


def enum_field(component: str, choices: type[Choices] | list[str], *, blank: bool = False, **kwargs: Any) -> Any:
    """A choice field whose OpenAPI enum is its own named component (`ContactRoleEnum`), so that
    `status`, `role`, `outcome`, `kind` and `disposal` of the werkplaats never clash with the
    like-named enums of other apps. `blank`: an empty string stands for "not yet" (read only)."""
    values = list(choices) if isinstance(choices, list) else [str(value) for value in choices.values]
    name = component.replace("Enum", "OrBlankEnum") if blank else component
    schema = {"type": "string", "enum": [*values, ""] if blank else values}
    field_class = _ENUM_FIELDS.get(name)
    if field_class is None:  # one class per component: the schema generator tells components apart by it
        field_class = extend_schema_field(schema, component_name=name)(type(name, (serializers.ChoiceField,), {}))
        _ENUM_FIELDS[name] = field_class
    if blank:
        kwargs["allow_blank"] = True
    return field_class(choices=choices.choices if not isinstance(choices, list) else values, **kwargs)


class UserRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


# --- Werkplaats cases ------------------------------------------------------------------------


class WerkplaatsCaseFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=WerkplaatsStatus.choices, required=False, help_text="Only this status.")
    worker = serializers.IntegerField(min_value=1, required=False, help_text="Only cases of this worker (user id).")


class CaseRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="E.g. `ZSM-12`.")
    status = serializers.CharField(help_text="Status of the ZSM case.")


class SuspectRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    given_names = serializers.CharField()
    surname_prefix = serializers.CharField()
    surname = serializers.CharField()
    date_of_birth = serializers.DateField()
    pseudonymised_at = AwareDateTimeField(allow_null=True, help_text=PSEUDONYMISED_HELP)


class WerkplaatsCaseSerializer(serializers.ModelSerializer[WerkplaatsCase]):
    case = CaseRefSerializer(read_only=True)
    suspect = SuspectRefSerializer(source="case.suspect", read_only=True)
    signals = serializers.ListField(child=serializers.ChoiceField(choices=Signal.choices), read_only=True)
    status = enum_field("WerkplaatsStatusEnum", WerkplaatsStatus, read_only=True)
    worker = UserRefSerializer(read_only=True, allow_null=True)
    proposed_at = AwareDateTimeField(read_only=True)
    assigned_at = AwareDateTimeField(read_only=True, allow_null=True)
    handover_kind = serializers.ChoiceField(choices=HandoverKind.choices, allow_blank=True, read_only=True)
    closed_at = AwareDateTimeField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True, help_text="Raised by every change of the werkplaats case.")

    class Meta:
        model = WerkplaatsCase
        fields = [
            "id",
            "case",
            "suspect",
            "signals",
            "status",
            "worker",
            "proposed_at",
            "assigned_at",
            "outcome",
            "handover_kind",
            "handover_question",
            "closed_at",
            "version",
        ]
        read_only_fields = fields


class ActivityMinutesSerializer(serializers.Serializer[Any]):
    activity = serializers.CharField(help_text="`contact`, `assessment`, `advice`, `monitoring_check`, …")
    name = serializers.CharField(help_text="The activity's name, in the caller's language.")
    minutes = serializers.IntegerField()


class WerkplaatsCaseDetailSerializer(WerkplaatsCaseSerializer):
    """A werkplaats case with its time. Needs `total_minutes` and `minutes_by_activity` (a list of
    {activity, name, minutes}) in the context."""

    total_minutes = serializers.SerializerMethodField(help_text="All time on the case, over every activity.")
    minutes_by_activity = serializers.SerializerMethodField(help_text="Minutes per kind of activity.")

    class Meta(WerkplaatsCaseSerializer.Meta):
        fields = [*WerkplaatsCaseSerializer.Meta.fields, "total_minutes", "minutes_by_activity"]
        read_only_fields = fields

    def get_total_minutes(self, werkplaats_case: WerkplaatsCase) -> int:
        return int(self.context["total_minutes"])

    @extend_schema_field(ActivityMinutesSerializer(many=True))
    def get_minutes_by_activity(self, werkplaats_case: WerkplaatsCase) -> list[dict[str, Any]]:
        return list(ActivityMinutesSerializer(self.context["minutes_by_activity"], many=True).data)


# --- Contacts --------------------------------------------------------------------------------


class ContactSerializer(serializers.ModelSerializer[Contact]):
    role = enum_field("ContactRoleEnum", ContactRole, read_only=True)
    channel = serializers.ChoiceField(choices=ContactChannel.choices, read_only=True)
    outcome = enum_field("ContactOutcomeEnum", ContactOutcome, read_only=True)
    logged_by = UserRefSerializer(read_only=True)
    logged_at = AwareDateTimeField(read_only=True)

    class Meta:
        model = Contact
        fields = [
            "id",
            "role",
            "organisation",
            "name",
            "phone",
            "channel",
            "outcome",
            "summary",
            "minutes",
            "follow_up_on",
            "logged_by",
            "logged_at",
        ]
        read_only_fields = fields


class ContactCreateSerializer(serializers.Serializer[Any]):
    role = enum_field("ContactRoleEnum", ContactRole, help_text="Who was contacted.")
    name = serializers.CharField(max_length=200)
    organisation = serializers.CharField(max_length=200, **TEXT)
    phone = serializers.CharField(
        max_length=30,
        **TEXT,
        help_text="A Dutch phone number (06-12345678, 030-1234567, +31 …). Empty: the number last used for the "
        "same person (role and name) on this case.",
    )
    channel = serializers.ChoiceField(choices=ContactChannel.choices)
    outcome = enum_field("ContactOutcomeEnum", ContactOutcome)
    summary = serializers.CharField(**TEXT)
    minutes = serializers.IntegerField(**MINUTES)
    follow_up_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Not reached and no date given: the next working day.",
    )

    def to_input(self) -> ContactInput:
        return ContactInput(**self.validated_data)


# --- Assessments ("RISc light") ----------------------------------------------------------------


def _score_field(label: str) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=MAX_AREA_SCORE, help_text=f"{label}: 0, 1 or 2.")


def _note_field(label: Any) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, help_text=str(label))


ScoresSerializer = type(
    "ScoresSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "A score per life area: 0 no problem, 1 some problem, 2 a serious problem.",
        **{area.value: _score_field(str(area.label)) for area in LifeArea},
    },
)
AreaNotesSerializer = type(
    "AreaNotesSerializer",
    (serializers.Serializer,),
    {"__doc__": "A note per life area (optional).", **{area.value: _note_field(area.label) for area in LifeArea}},
)


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    """An assessment. `notes`, `protectiveFactors` and `professionalJudgement` are null for whoever may
    not read special-category data (`specialCategoryVisible` is then false)."""

    scores = ScoresSerializer(read_only=True)
    special_category_visible = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField(help_text="Notes per life area; null when not visible to the caller.")
    protective_factors = serializers.SerializerMethodField()
    professional_judgement = serializers.SerializerMethodField()
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, read_only=True)
    problem_level = serializers.ChoiceField(choices=ProblemLevel.choices, read_only=True)
    approach = serializers.ChoiceField(choices=Approach.choices, read_only=True)
    status = enum_field("AssessmentStatusEnum", AssessmentStatus, read_only=True)
    recorded_by = UserRefSerializer(read_only=True)
    recorded_at = AwareDateTimeField(read_only=True)
    reviewed_by = UserRefSerializer(read_only=True, allow_null=True)
    reviewed_at = AwareDateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "scores",
            "risk_level",
            "problem_level",
            "approach",
            "minutes",
            "status",
            "special_category_visible",
            "notes",
            "protective_factors",
            "professional_judgement",
            "recorded_by",
            "recorded_at",
            "reviewed_by",
            "reviewed_at",
            "review_note",
        ]
        read_only_fields = fields

    def _visible(self) -> bool:
        return bool(self.context.get("special_visible", False))

    def get_special_category_visible(self, assessment: Assessment) -> bool:
        return self._visible()

    @extend_schema_field(AreaNotesSerializer(allow_null=True))
    def get_notes(self, assessment: Assessment) -> dict[str, str] | None:
        if not self._visible():
            return None
        notes: dict[str, str] = json.loads(assessment.area_notes) if assessment.area_notes else {}
        return notes

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_protective_factors(self, assessment: Assessment) -> str | None:
        return assessment.protective_factors if self._visible() else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_professional_judgement(self, assessment: Assessment) -> str | None:
        return assessment.professional_judgement if self._visible() else None


class AssessmentCreateSerializer(serializers.Serializer[Any]):
    scores = ScoresSerializer(help_text="Every life area, scored 0–2; risk level, problem level and approach follow.")
    notes = AreaNotesSerializer(required=False, default=dict)
    protective_factors = serializers.CharField(**TEXT)
    professional_judgement = serializers.CharField(help_text="The scores alone do not make an assessment.")
    minutes = serializers.IntegerField(**MINUTES)

    def to_input(self) -> AssessmentInput:
        data = self.validated_data
        return AssessmentInput(
            scores=dict(data["scores"]),
            notes=dict(data["notes"]),
            protective_factors=data["protective_factors"],
            professional_judgement=data["professional_judgement"],
            minutes=data["minutes"],
        )


class AssessmentReviewSerializer(serializers.Serializer[Any]):
    confirm = serializers.BooleanField(help_text="true confirms the assessment; false challenges it (needs a note).")
    note = serializers.CharField(**TEXT)


# --- Advice to the OM --------------------------------------------------------------------------


class AdviceSerializer(serializers.ModelSerializer[Advice]):
    """The advice as the OM and the werkplaats read it, with the OM's answer."""

    disposal = enum_field("AdvisableDisposalEnum", sorted(ADVISABLE_DISPOSALS), read_only=True)
    intervention = serializers.SerializerMethodField()
    response = serializers.ChoiceField(choices=AdviceResponse.choices, allow_blank=True, read_only=True)
    recorded_by = UserRefSerializer(read_only=True)
    recorded_at = AwareDateTimeField(read_only=True)
    responded_by = UserRefSerializer(read_only=True, allow_null=True)
    responded_at = AwareDateTimeField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True, help_text="Send it back with the OM's answer.")

    class Meta:
        model = Advice
        fields = [
            "id",
            "disposal",
            "intervention",
            "conditions",
            "rationale",
            "shared_details",
            "minutes",
            "recorded_by",
            "recorded_at",
            "response",
            "response_reason",
            "usefulness",
            "responded_by",
            "responded_at",
            "version",
        ]
        read_only_fields = fields
        extra_kwargs = {"shared_details": {"help_text": "What the werkplaats chose to share with the OM."}}

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="The intervention's name."))
    def get_intervention(self, advice: Advice) -> str | None:
        return advice.intervention.name if advice.intervention is not None else None


class AdviceCreateSerializer(serializers.Serializer[Any]):
    disposal = enum_field("AdvisableDisposalEnum", sorted(ADVISABLE_DISPOSALS), help_text="The recommended disposal.")
    rationale = serializers.CharField()
    conditions = serializers.CharField(**TEXT)
    intervention = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="An intervention of the catalogue (id)."
    )
    shared_details = serializers.CharField(
        **TEXT, help_text="Health, addiction or psychiatric details you choose to share with the OM."
    )
    minutes = serializers.IntegerField(**MINUTES)

    def to_input(self) -> AdviceInput:
        data = self.validated_data
        return AdviceInput(
            disposal=data["disposal"],
            rationale=data["rationale"],
            conditions=data["conditions"],
            intervention_id=data["intervention"],
            shared_details=data["shared_details"],
            minutes=data["minutes"],
        )


class AdviceAnswerSerializer(serializers.Serializer[Any]):
    response = serializers.ChoiceField(
        choices=AdviceResponse.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Follows from the decision the OM recorded; when sent it must agree with it.",
    )
    reason = serializers.CharField(**TEXT, help_text="Needed when the advice is not (fully) adopted.")
    usefulness = serializers.IntegerField(
        min_value=USEFULNESS_MIN, max_value=USEFULNESS_MAX, required=False, allow_null=True, default=None
    )
    version = serializers.IntegerField(
        min_value=1, help_text="The advice's version you read (GET …/advice); a stale one gives 409."
    )


# --- Monitoring checks -------------------------------------------------------------------------


class MonitoringCheckSerializer(serializers.ModelSerializer[MonitoringCheck]):
    outcome = enum_field(
        "CheckOutcomeEnum", CheckOutcome, blank=True, read_only=True, help_text="Empty until recorded."
    )
    recorded_by = UserRefSerializer(read_only=True)
    recorded_at = AwareDateTimeField(read_only=True)
    checked_by = UserRefSerializer(read_only=True, allow_null=True)
    checked_at = AwareDateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = MonitoringCheck
        fields = [
            "id",
            "subject",
            "agency",
            "due_on",
            "outcome",
            "outcome_note",
            "minutes",
            "recorded_by",
            "recorded_at",
            "checked_by",
            "checked_at",
        ]
        read_only_fields = fields


class MonitoringCheckPlanSerializer(serializers.Serializer[Any]):
    subject = serializers.CharField(max_length=300, help_text="What to check.")
    agency = serializers.CharField(max_length=200, **TEXT)
    due_on = serializers.DateField(help_text="Today or later.")


class MonitoringCheckOutcomeSerializer(serializers.Serializer[Any]):
    outcome = enum_field("CheckOutcomeEnum", CheckOutcome)
    outcome_note = serializers.CharField(**TEXT, help_text="Help not running: whom you chased, what was agreed.")
    minutes = serializers.IntegerField(**MINUTES)


# --- Time entries ------------------------------------------------------------------------------


class TimeEntrySerializer(serializers.ModelSerializer[TimeEntry]):
    kind = enum_field("ActivityKindEnum", ActivityKind, read_only=True)
    recorded_by = UserRefSerializer(read_only=True)
    recorded_at = AwareDateTimeField(read_only=True)

    class Meta:
        model = TimeEntry
        fields = ["id", "kind", "description", "minutes", "spent_on", "recorded_by", "recorded_at"]
        read_only_fields = fields


class TimeEntryCreateSerializer(serializers.Serializer[Any]):
    kind = enum_field("ActivityKindEnum", ActivityKind)
    description = serializers.CharField(max_length=300, **TEXT)
    minutes = serializers.IntegerField(**MINUTES)
    spent_on = serializers.DateField(help_text="Today or earlier.")
