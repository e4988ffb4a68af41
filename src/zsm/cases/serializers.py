"""What the case API reads and writes. Field names are snake_case here; the camel-case renderer
and parser turn them into lowerCamelCase on the wire (NL GOV API Design Rules)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zsm.cases.board import CaseClock, case_clock
from zsm.cases.constants import CaseStatus, Known, OffenceKind, Partner, ScreeningState
from zsm.cases.models import Case, CaseOffence
from zsm.cases.selectors import ScreeningView, VictimView
from zsm.cases.services import CaseInput, OffenceInput, ScreeningInput, SuspectInput, VictimInput
from zsm.common.clock import AMSTERDAM, now
from zsm.common.validators import validate_bsn, validate_parketnummer
from zsm.decisions.caps import objection_last_day
from zsm.decisions.models import Decision


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset. A time without one has no defined moment, so it is refused rather
    than guessed; answers are written as Europe/Amsterdam times with their offset."""

    default_error_messages = {
        "naive": _("Give the time with its UTC offset, for example 2026-01-15T22:30:00+01:00."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("default_timezone", AMSTERDAM)
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> datetime:
        if isinstance(value, datetime):
            naive = timezone.is_naive(value)
        elif isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
            naive = parsed is not None and timezone.is_naive(parsed)
        else:
            naive = False
        if naive:
            self.fail("naive")
        return super().to_internal_value(value)


# --- Intake (POST /cases) ------------------------------------------------------------------


class SuspectInputSerializer(serializers.Serializer[Any]):
    bsn = serializers.CharField(required=False, allow_blank=True, default="", validators=[validate_bsn])
    given_names = serializers.CharField(max_length=200)
    surname_prefix = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    surname = serializers.CharField(max_length=200)
    date_of_birth = serializers.DateField()
    street = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=7, required=False, allow_blank=True, default="")
    municipality = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class OffenceInputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=30, help_text="Article, e.g. `310 Sr` or `300 lid 1 Sr`.")
    description = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="Taken from the catalogue if empty."
    )
    pretrial_detention_allowed = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Pre-trial detention allowed (art. 67 Sv). For a catalogue offence it may be left out; when "
        "given it must agree with the catalogue. Required for any other offence.",
    )
    max_penalty_years = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=0,
        coerce_to_string=False,
        required=False,
        allow_null=True,
        default=None,
        help_text="Maximum prison term in years; as for `pretrialDetentionAllowed`.",
    )
    kind = serializers.ChoiceField(
        choices=OffenceKind.choices, required=False, allow_blank=True, default="", help_text="Misdrijf when left out."
    )


class VictimInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    refer_to_victim_support = serializers.BooleanField(
        default=False, help_text="Only then may Slachtofferhulp see the contact details."
    )


class CaseCreateSerializer(serializers.Serializer[Any]):
    police_registration_number = serializers.CharField(max_length=40)
    parketnummer = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_parketnummer],
        help_text="PP/SSSSSS-YY, e.g. `16/123456-26`.",
    )
    arrested_at = AwareDateTimeField(help_text="ISO 8601 with offset.")
    holding_ordered_at = AwareDateTimeField(help_text="ISO 8601 with offset; the holding clock runs from here.")
    offence_date = serializers.DateField(required=False, allow_null=True, default=None)
    incident_municipality = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    incident_postcode = serializers.CharField(max_length=7, required=False, allow_blank=True, default="")
    domestic_violence = serializers.BooleanField(default=False)
    child_safety_concern = serializers.BooleanField(
        default=False, help_text="A child under 12 only: the police have concerns about its safety at home."
    )
    suspect = SuspectInputSerializer()
    offences = OffenceInputSerializer(many=True, allow_empty=False)
    victims = VictimInputSerializer(many=True, required=False, default=list)

    def to_input(self) -> CaseInput:
        data = self.validated_data
        return CaseInput(
            police_registration_number=data["police_registration_number"],
            parketnummer=data["parketnummer"],
            arrested_at=data["arrested_at"],
            holding_ordered_at=data["holding_ordered_at"],
            offence_date=data["offence_date"],
            incident_municipality=data["incident_municipality"],
            incident_postcode=data["incident_postcode"],
            domestic_violence=data["domestic_violence"],
            child_safety_concern=data["child_safety_concern"],
            suspect=SuspectInput(**data["suspect"]),
            offences=[OffenceInput(**offence) for offence in data["offences"]],
            victims=[VictimInput(**victim) for victim in data["victims"]],
        )


class CaseCreatedSerializer(serializers.Serializer[Case]):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="E.g. `ZSM-12`.")
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    holding_deadline = AwareDateTimeField(
        allow_null=True, help_text="When holding for investigation ends (Europe/Amsterdam); null under 12."
    )
    examining_judge_deadline = AwareDateTimeField(
        allow_null=True, help_text="Latest moment before the examining judge."
    )


# --- Reading cases -------------------------------------------------------------------------


class CaseFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False, help_text="Only this status.")
    location = serializers.SlugField(max_length=40, required=False, help_text="Only this ZSM location (its code).")


PSEUDONYMISED_HELP = (
    "Set once the retention purge pseudonymised this person: names and BSN are empty and `dateOfBirth` "
    "holds only the year (1 January)."
)


class SuspectSummarySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    given_names = serializers.CharField()
    surname_prefix = serializers.CharField()
    surname = serializers.CharField()
    date_of_birth = serializers.DateField()
    pseudonymised_at = AwareDateTimeField(allow_null=True, help_text=PSEUDONYMISED_HELP)


class SuspectSerializer(SuspectSummarySerializer):
    bsn = serializers.CharField()
    street = serializers.CharField()
    postcode = serializers.CharField()
    municipality = serializers.CharField()


class OffenceSerializer(serializers.ModelSerializer[CaseOffence]):
    max_penalty_years = serializers.DecimalField(max_digits=4, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = CaseOffence
        fields = ["code", "description", "pretrial_detention_allowed", "max_penalty_years", "kind", "halt"]


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    fine_amount = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=False, allow_null=True)
    compensation_amount = serializers.DecimalField(
        max_digits=8, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    appointment_at = AwareDateTimeField(allow_null=True)
    om_hearing_at = AwareDateTimeField(allow_null=True)
    decided_at = AwareDateTimeField()
    served_at = AwareDateTimeField(allow_null=True, help_text="When the suspect got the strafbeschikking.")
    objection_until = serializers.SerializerMethodField(
        help_text="Last day for verzet (art. 257e Sv), once the strafbeschikking was handed over."
    )
    intervention_id = serializers.IntegerField(allow_null=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "disposal",
            "dismissal_code",
            "conditions",
            "probation_period_months",
            "fine_amount",
            "community_service_hours",
            "driving_ban_months",
            "compensation_amount",
            "behavioural_instruction",
            "intervention_id",
            "instruction_period_months",
            "om_hearing_at",
            "summons_type",
            "halt_hours",
            "halt_with_consent",
            "probation_involved",
            "appointment_at",
            "appointment_place",
            "appointment_with",
            "decided_at",
            "served_at",
            "served_how",
            "objection_until",
        ]
        # No rationale: it is the OM's working note and may quote health details from an advice.
        read_only_fields = fields

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_objection_until(self, decision: Decision) -> str | None:
        if decision.served_at is None:
            return None
        return objection_last_day(decision.served_at).isoformat()


class ClockSerializer(serializers.Serializer[CaseClock]):
    """The one clock of a held suspect (the same as on the board and the case page)."""

    kind = serializers.ChoiceField(choices=[("holding", "holding"), ("custody", "custody")])
    deadline = AwareDateTimeField(source="current.moment", help_text="The deadline that counts now.")
    urgency = serializers.CharField(source="current.urgency")
    examining_judge_deadline = AwareDateTimeField(
        source="judge.moment", allow_null=True, default=None, help_text="In custody: before the examining judge by."
    )
    identity_extended = serializers.BooleanField(help_text="Holding extended to establish identity (art. 56b Sv).")


def latest_decision(case: Case) -> Decision | None:
    """The newest decision, from the prefetched decisions (ordered newest first)."""
    decisions = list(case.decisions.all())
    return max(decisions, key=lambda d: (d.decided_at, d.pk)) if decisions else None


class CaseSummarySerializer(serializers.ModelSerializer[Case]):
    """The case core: who, which offences, the times, the status and the decision."""

    reference = serializers.CharField(read_only=True)
    location = serializers.CharField(source="location.code", read_only=True, help_text="Code of the ZSM location.")
    suspect = SuspectSummarySerializer(read_only=True)
    offences = OffenceSerializer(many=True, read_only=True)
    arrested_at = AwareDateTimeField(read_only=True)
    holding_ordered_at = AwareDateTimeField(read_only=True)
    holding_deadline = AwareDateTimeField(read_only=True)
    examining_judge_deadline = AwareDateTimeField(read_only=True)
    decided_at = AwareDateTimeField(read_only=True, allow_null=True)
    custody_started_at = AwareDateTimeField(read_only=True, allow_null=True)
    custody_deadline = AwareDateTimeField(read_only=True, allow_null=True)
    clock = serializers.SerializerMethodField(
        help_text="The clock that runs now: custody once ordered, else holding; null once nobody is held."
    )
    decision = serializers.SerializerMethodField(help_text="The latest decision, if any.")

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "status",
            "location",
            "suspect",
            "suspect_age",
            "is_minor",
            "offence_date",
            "offences",
            "arrested_at",
            "holding_ordered_at",
            "holding_deadline",
            "examining_judge_deadline",
            "identity_extended",
            "custody_started_at",
            "custody_extended",
            "custody_deadline",
            "clock",
            "domestic_violence",
            "pretrial_detention_allowed",
            "known_probation_client",
            "under_supervision",
            "werkplaats_candidate",
            "decided_at",
            "decision",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(ClockSerializer(allow_null=True))
    def get_clock(self, case: Case) -> dict[str, Any] | None:
        clock = case_clock(case, at=now())
        return dict(ClockSerializer(clock).data) if clock is not None else None

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, case: Case) -> dict[str, Any] | None:
        decision = latest_decision(case)
        return DecisionSerializer(decision).data if decision is not None else None


class ScreeningSerializer(serializers.Serializer[ScreeningView]):
    """A partner's screening; its content only for those who may see it (otherwise null)."""

    id = serializers.IntegerField(source="screening.pk")
    partner = serializers.ChoiceField(source="screening.partner", choices=Partner.choices)
    state = serializers.ChoiceField(source="screening.state", choices=ScreeningState.choices)
    known = serializers.ChoiceField(source="screening.known", choices=Known.choices, allow_null=True)
    status_note = serializers.CharField(source="screening.status_note", allow_null=True)
    content_visible = serializers.BooleanField(help_text="Whether summary, advice and conditions are shown.")
    summary = serializers.CharField(source="screening.summary", allow_null=True)
    advice = serializers.CharField(source="screening.advice", allow_null=True)
    proposed_conditions = serializers.CharField(source="screening.proposed_conditions", allow_null=True)
    organisation = serializers.CharField(source="screening.organisation.name", allow_null=True, default=None)
    updated_at = AwareDateTimeField(source="screening.updated_at", allow_null=True)
    version = serializers.IntegerField(source="screening.version", help_text="Send it back to detect conflicts.")

    # Only the state is for everyone at the table; what the partner found, and even which of the
    # 3RO organisations screened (Verslavingsreclassering says "addiction"), is content.
    CONTENT = ("known", "status_note", "summary", "advice", "proposed_conditions", "organisation", "updated_at")

    def to_representation(self, instance: ScreeningView) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not instance.content_visible:
            for name in self.CONTENT:
                data[name] = None
        return data


class VictimSerializer(serializers.Serializer[VictimView]):
    """A victim; the contact details only for those who may see them (otherwise null)."""

    id = serializers.IntegerField(source="victim.pk")
    name = serializers.CharField(source="victim.name")
    refer_to_victim_support = serializers.BooleanField(source="victim.refer_to_victim_support")
    contact_visible = serializers.BooleanField()
    phone = serializers.CharField(source="victim.phone", allow_null=True)
    email = serializers.CharField(source="victim.email", allow_null=True)
    address = serializers.CharField(source="victim.address", allow_null=True)

    CONTACT = ("phone", "email", "address")

    def to_representation(self, instance: VictimView) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not instance.contact_visible:
            for name in self.CONTACT:
                data[name] = None
        return data


class CaseDetailSerializer(CaseSummarySerializer):
    """The whole case as this user may see it. Needs `screenings` and `victims` (the selectors'
    views for this user) in the context."""

    suspect = SuspectSerializer(read_only=True)
    registered_at = AwareDateTimeField(read_only=True)
    screenings = serializers.SerializerMethodField()
    victims = serializers.SerializerMethodField()

    class Meta(CaseSummarySerializer.Meta):
        fields = [
            *CaseSummarySerializer.Meta.fields,
            "police_registration_number",
            "parketnummer",
            "incident_municipality",
            "incident_postcode",
            "registered_at",
            "screenings",
            "victims",
        ]
        read_only_fields = fields

    @extend_schema_field(ScreeningSerializer(many=True))
    def get_screenings(self, case: Case) -> list[dict[str, Any]]:
        return list(ScreeningSerializer(self.context["screenings"], many=True).data)

    @extend_schema_field(VictimSerializer(many=True))
    def get_victims(self, case: Case) -> list[dict[str, Any]]:
        return list(VictimSerializer(self.context["victims"], many=True).data)


# --- Screenings ----------------------------------------------------------------------------


class ScreeningInputSerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(choices=ScreeningState.choices)
    known = serializers.ChoiceField(choices=Known.choices)
    status_note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    advice = serializers.CharField(required=False, allow_blank=True, default="")
    proposed_conditions = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        min_value=1,
        help_text="The screening's version you based this on (from GET /cases/{id}); a stale one gives 409.",
    )

    def to_input(self) -> ScreeningInput:
        data = dict(self.validated_data)
        data.pop("version")
        return ScreeningInput(**data)
