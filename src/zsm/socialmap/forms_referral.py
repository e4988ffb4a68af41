"""Forms of referrals: the worker's referral form and its steps, and the institution's answer through its link.

Each form turns its cleaned data into a service's input; `add_service_errors` puts a service's field errors
on the matching fields, anything else above the form.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zsm.common.forms import Form
from zsm.socialmap.constants import LegalBasis, Need, ReferralStatus
from zsm.socialmap.services import LinkAnswer, ReferralInput
from zsm.socialmap.workflow import worker_targets

# The steps a worker records by hand; sending has its own button.
RECORDABLE = (
    ReferralStatus.ACKNOWLEDGED,
    ReferralStatus.INTAKE_PLANNED,
    ReferralStatus.STARTED,
    ReferralStatus.COMPLETED,
    ReferralStatus.DECLINED,
    ReferralStatus.NO_RESPONSE,
    ReferralStatus.WITHDRAWN,
)


# The steps that carry a reason.
REASONED = (ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN, ReferralStatus.NO_RESPONSE)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ServiceErrorsForm(Form):
    # No `required` attribute: the browser would style an untouched empty field as invalid (`:invalid`).
    # The forms are `novalidate` anyway; the server says what is missing, after a submit.
    use_required_attribute = False

    def string(self, name: str) -> str:
        return str(self.cleaned_data.get(name) or "").strip()


class ReferralSearchForm(Form):
    q = forms.CharField(
        label=_("Need or name"),
        required=False,
        max_length=100,
        help_text=_("For example debt help, or part of an institution's name."),
    )
    place = forms.CharField(
        label=_("Postcode or municipality"),
        required=False,
        max_length=100,
        help_text=_("Prefilled with the client's postcode when it is known."),
    )


class ReferralForm(ServiceErrorsForm):
    """A draft referral to one institution; the institution itself is fixed (chosen on the map)."""

    contact_person = forms.TypedChoiceField(
        label=_("Send the link to"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text=_("The contact person who receives the e-mail with the link."),
    )
    service = forms.TypedChoiceField(
        label=_("Service"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text=_("The service found on the map is chosen; choose another when it fits the client better."),
    )
    need = forms.ChoiceField(
        label=_("Need"),
        required=False,
        choices=[("", _("The need of the chosen service")), *Need.choices],
        help_text=_("Choose a need only when it differs from the chosen service's."),
    )
    question = forms.CharField(
        label=_("What do you ask of the institution?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what you ask of the institution.")},
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis for sharing"),
        required=False,
        choices=LegalBasis.choices,
        widget=forms.RadioSelect,
        help_text=_("Required before sending. With the client's consent, record how and when it was given."),
    )
    consent_note = forms.CharField(
        label=_("How and when consent was given"),
        required=False,
        max_length=300,
        help_text=_("For example: orally, by phone, on 24 November."),
    )
    share_offence = forms.BooleanField(
        label=_("Share the offence details with the institution"),
        required=False,
        help_text=_("Only possible on a recorded legal basis; leave it off unless the help needs them."),
    )
    worker_phone = forms.CharField(
        label=_("Your phone number for the institution"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    institution = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, contacts: Iterable[Any] = (), services: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        services = list(services)
        self.service_needs = {service.pk: service.need for service in services}
        service_field = self.fields["service"]
        service_field.choices = [  # type: ignore[attr-defined]
            (
                service.pk,
                f"{service.name} ({Need(service.need).label})" if service.need in Need.values else service.name,
            )
            for service in services
        ]
        if len(services) < 2:
            # Nothing to choose: the one service (if any) travels along unseen.
            service_field.widget = forms.HiddenInput()
        if not services:
            self.fields["need"].choices = [("", "—"), *Need.choices]  # type: ignore[attr-defined]
            self.fields["need"].help_text = ""
        self.fields["contact_person"].choices = [  # type: ignore[attr-defined]
            (
                contact.pk,
                " · ".join(part for part in (contact.name, contact.function, contact.email) if part),
            )
            for contact in contacts
        ]

    @property
    def chooses_service(self) -> bool:
        return not self.fields["service"].widget.is_hidden

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("need") and "need" not in self.errors:
            need = self.service_needs.get(data.get("service") or 0)
            if need:
                data["need"] = need
            else:
                self.add_error("need", _("Choose the need."))
        return data

    def to_input(self) -> ReferralInput:
        data = self.cleaned_data
        return ReferralInput(
            institution_id=data["institution"],
            service_id=data.get("service"),
            contact_person_id=data.get("contact_person"),
            need=data["need"],
            question=self.string("question"),
            legal_basis=data.get("legal_basis") or "",
            consent_note=self.string("consent_note"),
            share_offence=bool(data.get("share_offence")),
            worker_phone=self.string("worker_phone"),
        )


class VersionForm(ServiceErrorsForm):
    """Send, send a new link, chased today: just the version the worker saw."""

    version = version_field()


def move_targets(status: str) -> list[tuple[str, str]]:
    """The steps the workflow table (and its shortcuts) allow from this status, in the order of the flow."""
    allowed = worker_targets(status)
    return [(target.value, str(target.label)) for target in RECORDABLE if target in allowed]


class MoveForm(ServiceErrorsForm):
    target = forms.ChoiceField(
        label=_("Step"), widget=forms.RadioSelect, error_messages={"required": _("Choose the step to record.")}
    )
    intake_on = forms.DateField(
        label=_("Intake date"), required=False, widget=DateInput(), help_text=_("Only for “intake planned”.")
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the referral is declined."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    version = version_field()

    def __init__(self, *args: Any, status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = move_targets(status)
        self.fields["target"].choices = targets  # type: ignore[attr-defined]
        offered = {value for value, _label in targets}
        # Only the fields a step from this status can use.
        if ReferralStatus.INTAKE_PLANNED not in offered:
            del self.fields["intake_on"]
        if not offered & set(REASONED):
            del self.fields["reason"]

    @property
    def asks_intake(self) -> bool:
        return "intake_on" in self.fields

    @property
    def asks_reason(self) -> bool:
        return "reason" in self.fields


class AcknowledgeForm(ServiceErrorsForm):
    """The institution's answer: accept, accept and plan the intake, or decline with a reason."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        widget=forms.RadioSelect,
        choices=[
            (LinkAnswer.ACCEPT, _("We accept the referral")),
            (LinkAnswer.PLAN_INTAKE, _("We accept and have planned the intake")),
            (LinkAnswer.DECLINE, _("We decline the referral")),
        ],
        error_messages={"required": _("Choose an answer.")},
    )
    intake_on = forms.DateField(
        label=_("Date of the intake"),
        required=False,
        widget=DateInput(),
        help_text=_("Only when you plan the intake."),
        error_messages={"invalid": _("Enter a valid date.")},
    )
    reason = forms.CharField(
        label=_("Reason for declining"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when you decline."),
    )
