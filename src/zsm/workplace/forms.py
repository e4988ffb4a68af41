"""Forms of the werkplaats casework: one per service, each turning its cleaned data into the service's input.

Every form carries a prefix on the case page (several forms there have a "minutes" or "outcome" field);
`add_service_errors` puts a service's field errors on the matching fields, anything else on the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zsm.common.clock import local_now
from zsm.common.forms import Form
from zsm.common.validators import phone_normalise, validate_dutch_phone
from zsm.decisions.constants import Disposal
from zsm.workplace.constants import (
    ADVISABLE_DISPOSALS,
    CONTACT_MINUTES_DEFAULT,
    MAX_ACTIVITY_MINUTES,
    UNREACHED_CALL_MINUTES_DEFAULT,
    UNREACHED_OUTCOMES,
    ActionStatus,
    ActivityKind,
    CheckOutcome,
    ContactChannel,
    ContactOutcome,
    ContactRole,
    HandoverKind,
    HelpWorking,
    LifeArea,
    NoteCategory,
)
from zsm.workplace.selectors import intervention_catalogue
from zsm.workplace.services import AdviceInput, AssessmentInput, ContactInput, HelpInput, contact_follow_up_error

SCORE_CHOICES = [("0", _("0 – no problem")), ("1", _("1 – some problem")), ("2", _("2 – serious problem"))]
ADVISABLE_DISPOSAL_CHOICES = [(value, label) for value, label in Disposal.choices if value in ADVISABLE_DISPOSALS]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def minutes_field(*, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Minutes"),
        required=required,
        min_value=1,
        max_value=MAX_ACTIVITY_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Enter the time spent in whole minutes, at least 1.")},
    )


def text_area(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CaseworkForm(Form):
    """A casework form: service field errors land on the field of the same name."""

    def string(self, name: str) -> str:
        return str(self.cleaned_data.get(name) or "")


class FocusCheckedRadioSelect(forms.RadioSelect):
    """Radio buttons whose checked option can take the focus on load (`focus_checked`): the one decision of
    a form that is otherwise filled in, such as the outcome of a call back."""

    focus_checked = False

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if self.focus_checked and option["selected"]:
            option["attrs"]["autofocus"] = True
        return option


class ContactForm(CaseworkForm):
    """A contact: who (with the number called), how, what came of it, the time it took.

    It starts as most contacts are: a phone call, reached, of the usual minutes; `again` starts from an
    earlier attempt with the same person. Every rule of the service is checked here too, so all field
    errors come in one round. `version` and `seen` (the case's version and the newest contact on the page)
    let the service refuse a call logged from a page that is out of date; they are optional for the
    posts of older pages and scripts."""

    role = forms.ChoiceField(label=_("Who"), choices=[("", "—"), *ContactRole.choices])
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    name = forms.CharField(label=_("Name"), max_length=200, error_messages={"required": _("Enter the name.")})
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        validators=[validate_dutch_phone],
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
        help_text=_("Kept for the call back."),
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactChannel.choices, initial=ContactChannel.PHONE)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ContactOutcome.choices,
        initial=ContactOutcome.REACHED,
        widget=FocusCheckedRadioSelect,
        error_messages={"required": _("Choose the outcome of the contact.")},
    )
    minutes = minutes_field()
    follow_up_on = forms.DateField(
        label=_("Follow up on"),
        required=False,
        widget=DateInput(),
        help_text=_("Not reached and left empty: the next working day."),
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=text_area())
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    seen = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["minutes"].initial = CONTACT_MINUTES_DEFAULT
        # Read by workplace/contact_form.js: an untouched minutes field follows the chosen outcome.
        self.fields["minutes"].widget.attrs.update(
            {
                "data-minutes-reached": str(CONTACT_MINUTES_DEFAULT),
                "data-minutes-unreached": str(UNREACHED_CALL_MINUTES_DEFAULT),
            }
        )

    @classmethod
    def again(cls, earlier: Any, *, version: int, seen: int, prefix: str = "contact") -> ContactForm:
        """A call back to the person of an earlier attempt: who, role, organisation, number and channel as then;
        the outcome as then (an unanswered call is most often unanswered again), with its usual minutes.
        The focus goes to that outcome: for a call back not reached again, Enter logs it."""
        unreached = earlier.outcome in UNREACHED_OUTCOMES
        form = cls(
            prefix=prefix,
            initial={
                "role": earlier.role,
                "organisation": earlier.organisation,
                "name": earlier.name,
                "phone": earlier.phone,
                "channel": earlier.channel,
                "outcome": earlier.outcome,
                "minutes": UNREACHED_CALL_MINUTES_DEFAULT if unreached else CONTACT_MINUTES_DEFAULT,
                "version": version,
                "seen": seen,
            },
        )
        form.fields["outcome"].widget.focus_checked = True
        return form

    def clean_phone(self) -> str:
        phone = self.string("phone")
        return phone_normalise(phone) if phone.strip() else ""

    def clean_follow_up_on(self) -> Any:
        follow_up_on = self.cleaned_data.get("follow_up_on")
        error = contact_follow_up_error(follow_up_on, today=local_now().date())
        if error:
            raise forms.ValidationError(error)
        return follow_up_on

    def to_input(self) -> ContactInput:
        data = self.cleaned_data
        return ContactInput(
            role=data["role"],
            name=data["name"],
            channel=data["channel"],
            outcome=data["outcome"],
            minutes=data["minutes"],
            organisation=self.string("organisation"),
            summary=self.string("summary"),
            follow_up_on=data.get("follow_up_on"),
            phone=self.string("phone"),
        )


class HelpForm(CaseworkForm):
    agency = forms.CharField(label=_("Agency"), max_length=200)
    help = forms.CharField(label=_("Help"), required=False, max_length=300)
    working = forms.ChoiceField(label=_("Does the help work?"), choices=HelpWorking.choices)
    has_lead = forms.BooleanField(label=_("Has the lead (regie)"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=text_area())

    def to_input(self) -> HelpInput:
        return HelpInput(
            agency=self.string("agency"),
            working=self.cleaned_data["working"],
            has_lead=bool(self.cleaned_data.get("has_lead")),
            help=self.string("help"),
            note=self.string("note"),
        )


class HelpEditForm(HelpForm):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class AssessmentForm(CaseworkForm):
    """The RISc light: each life area scored 0–2 with an optional note. Decision support, not an instrument."""

    protective_factors = forms.CharField(label=_("Protective factors"), required=False, widget=text_area(3))
    professional_judgement = forms.CharField(
        label=_("Professional judgement"),
        widget=text_area(4),
        help_text=_("Required. Your weighing of the scores; a colleague confirms or challenges it."),
        error_messages={
            "required": _("Write down your professional judgement: the scores alone do not make an assessment.")
        },
    )
    minutes = minutes_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for area in LifeArea:
            self.fields[f"score_{area.value}"] = forms.ChoiceField(
                label=area.label,
                choices=SCORE_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Score this life area 0, 1 or 2.")},
            )
            self.fields[f"note_{area.value}"] = forms.CharField(
                label=_("Note on %(area)s") % {"area": area.label}, required=False, widget=text_area(1)
            )

    def areas(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"score_{area.value}"], self[f"note_{area.value}"]) for area in LifeArea]

    def to_input(self) -> AssessmentInput:
        data = self.cleaned_data
        return AssessmentInput(
            scores={area.value: int(data[f"score_{area.value}"]) for area in LifeArea},
            professional_judgement=self.string("professional_judgement"),
            minutes=data["minutes"],
            notes={
                area.value: self.string(f"note_{area.value}") for area in LifeArea if self.string(f"note_{area.value}")
            },
            protective_factors=self.string("protective_factors"),
        )


REVIEW_CHOICES = [("confirm", _("Confirm")), ("challenge", _("Challenge"))]


class ReviewForm(CaseworkForm):
    decision = forms.ChoiceField(
        label=_("Your review"),
        choices=REVIEW_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you confirm or challenge the assessment.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=text_area(3), help_text=_("Required when you challenge.")
    )

    def add_service_errors(self, field_errors: dict[str, list[str]], message: str) -> None:
        # The service names "confirm" for the whole review.
        super().add_service_errors({("decision" if k == "confirm" else k): v for k, v in field_errors.items()}, message)


class AdviceForm(CaseworkForm):
    disposal = forms.ChoiceField(label=_("Recommended disposal"), choices=[("", "—"), *ADVISABLE_DISPOSAL_CHOICES])
    intervention = forms.ModelChoiceField(
        label=_("Intervention"), queryset=intervention_catalogue(), required=False, empty_label=_("(none)")
    )
    conditions = forms.CharField(label=_("Conditions"), required=False, widget=text_area(3))
    rationale = forms.CharField(label=_("Rationale"), widget=text_area(4))
    shared_details = forms.CharField(
        label=_("Shared with the OM"),
        required=False,
        widget=text_area(3),
        help_text=_("Health, addiction or psychiatric details you choose to share with the OM. The OM reads this."),
    )
    minutes = minutes_field()

    def to_input(self) -> AdviceInput:
        intervention = self.cleaned_data.get("intervention")
        return AdviceInput(
            disposal=self.cleaned_data["disposal"],
            rationale=self.string("rationale"),
            minutes=self.cleaned_data["minutes"],
            conditions=self.string("conditions"),
            intervention_id=intervention.pk if intervention is not None else None,
            shared_details=self.string("shared_details"),
        )


class HelpActionForm(CaseworkForm):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.CharField(label=_("Who does it"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())


class HelpActionStatusForm(CaseworkForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class CheckPlanForm(CaseworkForm):
    subject = forms.CharField(label=_("What to check"), max_length=300)
    agency = forms.CharField(label=_("Agency"), required=False, max_length=200)
    due_on = forms.DateField(label=_("Check on"), widget=DateInput())


class CheckRecordForm(CaseworkForm):
    outcome = forms.ChoiceField(label=_("What did the check find?"), choices=[("", "—"), *CheckOutcome.choices])
    outcome_note = forms.CharField(label=_("Note"), required=False, widget=text_area())
    minutes = minutes_field()


class ConversationForm(CaseworkForm):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    goals = forms.CharField(label=_("Goals"), widget=text_area())
    notes = forms.CharField(label=_("Notes"), required=False, widget=text_area(3))
    minutes = minutes_field()


class TimeEntryForm(CaseworkForm):
    kind = forms.ChoiceField(label=_("Activity"), choices=ActivityKind.choices)
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
    minutes = minutes_field()
    spent_on = forms.DateField(label=_("Date"), widget=DateInput())


class SpecialNoteForm(CaseworkForm):
    category = forms.ChoiceField(label=_("Category"), choices=NoteCategory.choices)
    text = forms.CharField(label=_("Note"), widget=text_area(3))


class CloseForm(CaseworkForm):
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=text_area(3),
        error_messages={"required": _("Describe the outcome before closing or handing over the case.")},
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class HandoverForm(CloseForm):
    handover_kind = forms.ChoiceField(label=_("Hand over for"), choices=[("", "—"), *HandoverKind.choices])
    handover_question = forms.CharField(
        label=_("Specific advice question"),
        widget=text_area(3),
        error_messages={"required": _("Write the specific question for regular probation.")},
    )

    field_order = ["handover_kind", "handover_question", "outcome", "version"]
