"""The OM's decision form. It checks types only; the legal caps live in `caps.py` and come back from the
service as field errors, so the form, the API and the service never disagree about a number."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zsm.common.clock import AMSTERDAM, local_now
from zsm.common.forms import Form
from zsm.decisions.caps import (
    APPOINTMENT_DISPOSALS,
    DISPOSAL_FIELDS,
    CaseFacts,
    DecisionInput,
    summons_types_allowed,
)
from zsm.decisions.constants import RETIRED_SUMMONS_TYPES, Disposal, ServedHow, SummonsType
from zsm.decisions.dismissal_grounds import GroundKind, grounds_in_force
from zsm.workplace.selectors import intervention_catalogue

LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


@dataclass(frozen=True)
class FieldGroup:
    """A fieldset of the decision form and the disposals it belongs to. With JavaScript only the chosen
    disposal's fieldsets show (decisions/disposal.js); without it all show, each under its legend. Either way
    the form ignores (and clears) what was typed in a fieldset of another disposal."""

    key: str
    legend: Any
    names: tuple[str, ...]
    disposals: frozenset[str]

    @property
    def disposal_values(self) -> str:
        """The disposals, space-separated, for the fieldset's data-disposals attribute."""
        return " ".join(sorted(str(disposal) for disposal in self.disposals))


# A form field as `DecisionInput` calls it.
INPUT_NAME = {"intervention": "intervention_id"}


def _group(key: str, legend: Any, names: tuple[str, ...]) -> FieldGroup:
    """A group of disposal-specific fields: it belongs to each disposal that takes one of them (caps.py says)."""
    inputs = {INPUT_NAME.get(name, name) for name in names}
    disposals = frozenset(disposal for disposal, kept in DISPOSAL_FIELDS.items() if inputs & kept)
    return FieldGroup(key, legend, names, disposals)


# The fieldsets of the form, in order.
GROUPS: tuple[FieldGroup, ...] = (
    _group("dismissal", _("Dismissal"), ("dismissal_code",)),
    _group("conditional_dismissal", _("Conditional dismissal"), ("conditions", "probation_period_months")),
    _group(
        "strafbeschikking",
        _("OM penalty order (strafbeschikking)"),
        (
            "fine_amount",
            "community_service_hours",
            "driving_ban_months",
            "compensation_amount",
            "behavioural_instruction",
            "instruction_period_months",
            "om_hearing_at",
        ),
    ),
    _group("summons", _("Summons"), ("summons_type",)),
    _group("halt", _("Halt"), ("halt_hours", "halt_with_consent")),
    _group("probation", _("Probation"), ("intervention", "probation_involved")),
    FieldGroup(
        "appointment",
        _("The follow-up appointment"),
        ("appointment_at", "appointment_place", "appointment_with"),
        APPOINTMENT_DISPOSALS,
    ),
)
# Fields of every disposal.
COMMON_FIELDS = ("disposal", "rationale", "version")


class AmsterdamDateTimeField(forms.DateTimeField):
    """A `datetime-local` input read as Europe/Amsterdam wall-clock time, whatever the active zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [LOCAL_INPUT_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(AMSTERDAM):
            return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and timezone.is_aware(value):
            return value.astimezone(AMSTERDAM).replace(tzinfo=None)
        return value


def _months(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=999)


class DecisionForm(Form):
    disposal = forms.ChoiceField(
        label=_("Disposal"),
        choices=Disposal.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a disposal.")},
    )
    dismissal_code = forms.ChoiceField(
        label=_("Dismissal code"),
        required=False,
        help_text=_(
            "The OM's dismissal grounds in force (Aanwijzing sepot en gebruik sepotgronden). Code 01 (wrongly "
            "treated as a suspect) removes the case and the person's data from ZSM Werkplaats at once."
        ),
    )
    conditions = forms.CharField(label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    intervention = forms.ModelChoiceField(
        label=_("Intervention as a condition"),
        queryset=intervention_catalogue(),
        required=False,
        empty_label=_("— none —"),
        help_text=_("A short behavioural intervention from the werkplaats catalogue."),
    )
    probation_period_months = _months(_("Probation period (months)"))
    fine_amount = forms.DecimalField(label=_("Fine (EUR)"), required=False, max_digits=8, decimal_places=2)
    community_service_hours = forms.IntegerField(
        label=_("Community service (hours)"), required=False, min_value=0, max_value=9999
    )
    driving_ban_months = forms.IntegerField(label=_("Driving ban (months)"), required=False, min_value=0, max_value=999)
    compensation_amount = forms.DecimalField(
        label=_("Compensation to the victim (EUR)"), required=False, max_digits=8, decimal_places=2
    )
    behavioural_instruction = forms.CharField(
        label=_("Behavioural instruction"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    instruction_period_months = _months(_("Instruction period (months)"))
    om_hearing_at = AmsterdamDateTimeField(
        label=_("Suspect heard by the OM at"),
        required=False,
        help_text=_(
            "Art. 257c Sv: required with community service, a driving ban, a behavioural instruction or more than "
            "€ 2,000. At the table, or the date of the OM session."
        ),
    )
    summons_type = forms.ChoiceField(
        label=_("Summons to"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "Choose a judge this suspect may be summoned before: a minor goes to the kinderrechter (art. 495 "
                "Sv), overtredingen alone to the kantonrechter (art. 382 Sv)."
            )
        },
    )
    halt_hours = forms.IntegerField(label=_("Halt hours"), required=False, min_value=1, max_value=999)
    halt_with_consent = forms.BooleanField(
        label=_("With the officer's express consent (art. 2 Besluit aanwijzing Halt-feiten)"),
        required=False,
        help_text=_("Only for a comparable simple case that is not a designated Halt offence."),
    )
    probation_involved = forms.BooleanField(
        label=_("Probation supervises or guides"),
        required=False,
        help_text=_(
            "As a condition of the dismissal or a behavioural instruction. A referral to the werkplaats and an "
            "intervention from its catalogue always involve probation."
        ),
    )
    appointment_at = AmsterdamDateTimeField(
        label=_("Date and time of the follow-up appointment"),
        required=False,
        help_text=_("Dutch time. Required when probation is involved: the suspect leaves with an appointment."),
    )
    appointment_place = forms.CharField(label=_("Place of the appointment"), required=False, max_length=200)
    appointment_with = forms.CharField(label=_("With whom"), required=False, max_length=200)
    rationale = forms.CharField(label=_("Rationale"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, facts: CaseFacts | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = local_now().date()
        self.fields["dismissal_code"].choices = [  # type: ignore[attr-defined]
            ("", _("— choose a code —")),
            *(
                (ground.code, f"{ground.label} ({GroundKind(ground.kind).label})")
                for ground in grounds_in_force(on=today)
            ),
        ]
        # Only the judges this suspect may go before: a minor the kinderrechter, overtredingen the kantonrechter.
        allowed = summons_types_allowed(facts) if facts is not None else None
        self.fields["summons_type"].choices = [  # type: ignore[attr-defined]
            ("", _("— choose —")),
            *(
                (value, label)
                for value, label in SummonsType.choices
                if value not in RETIRED_SUMMONS_TYPES and (allowed is None or value in allowed)
            ),
        ]

    def groups(self) -> list[tuple[FieldGroup, list[forms.BoundField]]]:
        return [(group, [self[name] for name in group.names]) for group in GROUPS]

    def clean(self) -> dict[str, Any]:
        """Only the chosen disposal's fields count: what was typed in another disposal's fieldset (all show
        without JavaScript) is neither checked nor kept, so it cannot block or change this decision."""
        data = super().clean() or {}
        chosen = data.get("disposal") or ""
        for group in GROUPS:
            if chosen not in group.disposals:
                for name in group.names:
                    self.errors.pop(name, None)
                    data[name] = _empty_value(self.fields[name])
        return data

    def decision_input(self) -> DecisionInput:
        """The cleaned input as the service takes it, without values that belong to another disposal."""
        data = self.cleaned_data
        values: dict[str, Any] = {}
        for name in (item.name for item in fields(DecisionInput)):
            value = data.get(name)
            values[name] = value.strip() if isinstance(value, str) else value
        intervention = data.get("intervention")
        values["intervention_id"] = intervention.pk if intervention is not None else None
        return DecisionInput(**values).for_its_disposal()


def _empty_value(field: forms.Field) -> Any:
    if isinstance(field, forms.BooleanField):
        return False
    if isinstance(field, forms.CharField | forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return ""
    return None


class ServeForm(Form):
    """When and how the suspect got the strafbeschikking (art. 257e Sv)."""

    served_at = AmsterdamDateTimeField(label=_("Handed over at"), error_messages={"required": _("Enter when.")})
    how = forms.ChoiceField(label=_("How"), choices=ServedHow.choices, widget=forms.RadioSelect)
