"""Forms of the ZSM table: the board's filters, the intake, a partner's screening."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zsm.cases.catalogue import BY_CODE, CATALOGUE
from zsm.cases.constants import MANUAL_TARGETS, Known, OffenceKind, ScreeningState
from zsm.cases.selectors import BoardFilter
from zsm.cases.services import (
    CaseInput,
    OffenceInput,
    ScreeningInput,
    SuspectInput,
    VictimInput,
    case_intake_errors,
)
from zsm.common.clock import AMSTERDAM, now
from zsm.common.forms import Form

OFFENCE_SLOTS = 3
VICTIM_SLOTS = 2


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class LocalDateTimeField(forms.DateTimeField):
    """A moment typed as it reads on a Dutch clock: always interpreted in Europe/Amsterdam."""

    widget = DateTimeLocalInput
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(AMSTERDAM):
            return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        with timezone.override(AMSTERDAM):
            return super().prepare_value(value)


# --- The board --------------------------------------------------------------------------------

STATUS_CHOICES = [("all", _("Open and decided today")), ("open", _("Open")), ("decided", _("Decided today"))]
FLAG_CHOICES = [
    ("", _("All cases")),
    ("supervision", _("Under supervision")),
    ("werkplaats", _("Werkplaats candidate")),
    ("domestic_violence", _("Domestic violence")),
    ("my_screening", _("My screening still to do")),
    ("clock_under_hour", _("Clock under 60 minutes")),
]
SORT_CHOICES = [("deadline", _("Deadline")), ("arrested", _("Arrest time")), ("name", _("Name"))]


class BoardFilterForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    minor = forms.BooleanField(label=_("Minors only"), required=False)
    flag = forms.ChoiceField(label=_("Flag"), choices=FLAG_CHOICES, required=False)
    search = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Surname, registration number or ZSM number."),
    )
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, widget=forms.HiddenInput)

    def to_filter(self) -> BoardFilter:
        if not self.is_valid():
            return BoardFilter()
        data = self.cleaned_data
        status = data.get("status") or "all"
        return BoardFilter(
            status="" if status == "all" else status,
            minor=bool(data.get("minor")),
            flag=data.get("flag") or "",
            search=(data.get("search") or "").strip(),
            sort=data.get("sort") or "deadline",
        )


# --- Intake -----------------------------------------------------------------------------------

CATALOGUE_CHOICES = [("", _("(none)"))] + [(entry.code, f"{entry.code} – {entry.description}") for entry in CATALOGUE]


class PersonSuggestionForm(Form):
    """What the officer typed so far about the suspect, to look for the same person."""

    bsn = forms.CharField(required=False, max_length=9)
    given_names = forms.CharField(required=False, max_length=200)
    surname_prefix = forms.CharField(required=False, max_length=30)
    surname = forms.CharField(required=False, max_length=200)
    date_of_birth = forms.DateField(required=False)

    def has_enough(self) -> bool:
        data = self.cleaned_data
        bsn = (data.get("bsn") or "").strip()
        return (len(bsn) == 9 and bsn.isdigit()) or bool(
            (data.get("surname") or "").strip() and data.get("date_of_birth")
        )


# The other offence's form field for each fact the service may refuse.
OTHER_FIELD_OF = {
    "description": "other_description",
    "pretrial_detention_allowed": "other_pretrial",
    "max_penalty_years": "other_max_years",
    "kind": "other_kind",
}


class CaseForm(Form):
    # The suspect
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=9,
        help_text=_("Optional. 9 digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    given_names = forms.CharField(label=_("Given names"), max_length=200)
    surname_prefix = forms.CharField(label=_("Surname prefix"), required=False, max_length=30)
    surname = forms.CharField(label=_("Surname"), max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput)
    street = forms.CharField(label=_("Street and house number"), required=False, max_length=200)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    municipality = forms.CharField(label=_("Municipality"), required=False, max_length=100)
    existing_person_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # The case
    police_registration_number = forms.CharField(label=_("Police registration number"), max_length=40)
    parketnummer = forms.CharField(
        label=_("Parketnummer"), required=False, max_length=12, help_text=_("Optional, e.g. 16/123456-26.")
    )
    arrested_at = LocalDateTimeField(label=_("Arrested at"))
    holding_ordered_at = LocalDateTimeField(label=_("Holding ordered at"))
    offence_date = forms.DateField(
        label=_("Date of the offence"),
        required=False,
        widget=DateInput,
        help_text=_("Optional; the date of the arrest when left empty."),
    )
    incident_municipality = forms.CharField(label=_("Municipality of the incident"), required=False, max_length=100)
    incident_postcode = forms.CharField(label=_("Postcode of the incident"), required=False, max_length=7)
    domestic_violence = forms.BooleanField(label=_("Domestic violence"), required=False)
    child_safety_concern = forms.BooleanField(
        label=_("Concerns about the child's safety at home"),
        required=False,
        help_text=_("Only for a child under 12: the case page then asks for the report to Veilig Thuis."),
    )
    # Offences: from the catalogue, plus one other
    offence_1 = forms.ChoiceField(label=_("Offence 1"), choices=CATALOGUE_CHOICES, required=False)
    offence_2 = forms.ChoiceField(label=_("Offence 2"), choices=CATALOGUE_CHOICES, required=False)
    offence_3 = forms.ChoiceField(label=_("Offence 3"), choices=CATALOGUE_CHOICES, required=False)
    other_code = forms.CharField(label=_("Other offence: code"), required=False, max_length=30)
    other_description = forms.CharField(label=_("Other offence: description"), required=False, max_length=200)
    other_pretrial = forms.BooleanField(label=_("Other offence: pre-trial detention allowed"), required=False)
    other_max_years = forms.DecimalField(
        label=_("Other offence: maximum penalty (years)"), required=False, max_digits=4, decimal_places=2
    )
    other_kind = forms.ChoiceField(
        label=_("Other offence: crime or infraction"),
        choices=OffenceKind.choices,
        required=False,
        initial=OffenceKind.MISDRIJF,
    )
    # Victims
    victim_1_name = forms.CharField(label=_("Name"), required=False, max_length=200)
    victim_1_phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    victim_1_email = forms.EmailField(label=_("E-mail"), required=False)
    victim_1_address = forms.CharField(label=_("Address"), required=False, max_length=250)
    victim_1_refer = forms.BooleanField(label=_("Refer to Slachtofferhulp"), required=False)
    victim_2_name = forms.CharField(label=_("Name"), required=False, max_length=200)
    victim_2_phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    victim_2_email = forms.EmailField(label=_("E-mail"), required=False)
    victim_2_address = forms.CharField(label=_("Address"), required=False, max_length=250)
    victim_2_refer = forms.BooleanField(label=_("Refer to Slachtofferhulp"), required=False)

    SUSPECT_FIELDS = (
        "bsn",
        "given_names",
        "surname_prefix",
        "surname",
        "date_of_birth",
        "street",
        "postcode",
        "municipality",
    )
    CASE_FIELDS = (
        "police_registration_number",
        "parketnummer",
        "arrested_at",
        "holding_ordered_at",
        "offence_date",
        "incident_municipality",
        "incident_postcode",
        "domestic_violence",
        "child_safety_concern",
    )
    OTHER_OFFENCE_FIELDS = ("other_code", "other_description", "other_pretrial", "other_max_years")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Which form field each entry of CaseInput.offences came from, to put service errors back.
        self.offence_fields: list[str] = []

    def victim_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"victim_{slot}_{part}"] for part in ("name", "phone", "email", "address", "refer")]
            for slot in range(1, VICTIM_SLOTS + 1)
        ]

    OFFENCE_FIELDS = (
        *(f"offence_{slot}" for slot in range(1, OFFENCE_SLOTS + 1)),
        *OTHER_OFFENCE_FIELDS,
        "other_kind",
    )

    def clean(self) -> dict[str, Any]:
        """Every error in one round: the form's own checks, and the intake's rules (time order, elfproef,
        the offences' legal facts) on every field that could be read, even when others could not."""
        data = super().clean() or {}
        other = [data.get(name) for name in self.OTHER_OFFENCE_FIELDS]
        if any(value not in (None, "", False) for value in other):
            if not (data.get("other_code") or "").strip():
                self.add_error("other_code", _("Enter the code of the other offence."))
            if not (data.get("other_description") or "").strip():
                self.add_error("other_description", _("Enter a description of the other offence."))
            if data.get("other_max_years") is None and "other_max_years" not in self.errors:
                self.add_error("other_max_years", _("Enter the maximum penalty in years."))
        for slot in range(1, VICTIM_SLOTS + 1):
            details = [data.get(f"victim_{slot}_{part}") for part in ("phone", "email", "address", "refer")]
            if any(details) and not (data.get(f"victim_{slot}_name") or "").strip():
                self.add_error(f"victim_{slot}_name", _("Enter the victim's name."))
        # The offences only when all their fields could be read: else "add an offence" could be wrong.
        offences = None if any(name in self.errors for name in self.OFFENCE_FIELDS) else self._offences(data)
        errors, _resolved = case_intake_errors(
            moment=now(),
            arrested_at=data.get("arrested_at"),
            holding_ordered_at=data.get("holding_ordered_at"),
            bsn=(data.get("bsn") or "").strip(),
            date_of_birth=data.get("date_of_birth"),
            parketnummer=(data.get("parketnummer") or "").strip(),
            offence_date=data.get("offence_date"),
            offences=offences,
        )
        for key, texts in errors.items():
            name = self.field_for(key)
            for text in texts:
                self.add_error(name, text)
        return data

    def _offences(self, data: dict[str, Any]) -> list[OffenceInput]:
        """The offences as the service takes them; `offence_fields` remembers each one's form field."""
        offences: list[OffenceInput] = []
        self.offence_fields = []
        for slot in range(1, OFFENCE_SLOTS + 1):
            code = data.get(f"offence_{slot}") or ""
            entry = BY_CODE.get(code)
            if entry is not None:  # the catalogue supplies the legal facts
                offences.append(OffenceInput(entry.code, entry.description))
                self.offence_fields.append(f"offence_{slot}")
        if (data.get("other_code") or "").strip():
            offences.append(
                OffenceInput(
                    code=data["other_code"],
                    description=data.get("other_description") or "",
                    pretrial_detention_allowed=bool(data.get("other_pretrial")),
                    max_penalty_years=data.get("other_max_years"),
                    kind=data.get("other_kind") or OffenceKind.MISDRIJF,
                )
            )
            self.offence_fields.append("other_code")
        return offences

    def to_input(self) -> CaseInput:
        data = self.cleaned_data
        offences = self._offences(data)
        victims = [
            VictimInput(
                name=data[f"victim_{slot}_name"],
                phone=data.get(f"victim_{slot}_phone") or "",
                email=data.get(f"victim_{slot}_email") or "",
                address=data.get(f"victim_{slot}_address") or "",
                refer_to_victim_support=bool(data.get(f"victim_{slot}_refer")),
            )
            for slot in range(1, VICTIM_SLOTS + 1)
            if (data.get(f"victim_{slot}_name") or "").strip()
        ]
        birth: date = data["date_of_birth"]
        return CaseInput(
            police_registration_number=data["police_registration_number"],
            arrested_at=data["arrested_at"],
            holding_ordered_at=data["holding_ordered_at"],
            suspect=SuspectInput(
                given_names=data["given_names"],
                surname=data["surname"],
                date_of_birth=birth,
                surname_prefix=data.get("surname_prefix") or "",
                bsn=(data.get("bsn") or "").strip(),
                street=data.get("street") or "",
                postcode=data.get("postcode") or "",
                municipality=data.get("municipality") or "",
                existing_person_id=data.get("existing_person_id"),
            ),
            offences=offences,
            victims=victims,
            offence_date=data.get("offence_date"),
            parketnummer=(data.get("parketnummer") or "").strip(),
            incident_municipality=data.get("incident_municipality") or "",
            incident_postcode=data.get("incident_postcode") or "",
            domestic_violence=bool(data.get("domestic_violence")),
            child_safety_concern=bool(data.get("child_safety_concern")),
        )

    def field_for(self, key: str) -> str | None:
        """The form field for a service error key ("suspect.bsn", "offences[0].max_penalty_years", …)."""
        if key.startswith("suspect."):
            key = key.removeprefix("suspect.")
        elif key.startswith("offences["):
            index, _bracket, part = key[len("offences[") :].partition("]")
            if not (index.isdigit() and int(index) < len(self.offence_fields)):
                return None
            field = self.offence_fields[int(index)]
            if field == "other_code":  # the other offence has a field per fact
                return OTHER_FIELD_OF.get(part.lstrip("."), "other_code")
            return field
        elif key == "offences":
            return "offence_1"
        return key if key in self.fields and key != "existing_person_id" else None


# --- Screening --------------------------------------------------------------------------------


class ScreeningForm(Form):
    state = forms.ChoiceField(label=_("State"), choices=ScreeningState.choices)
    known = forms.ChoiceField(label=_("Known in own systems"), choices=Known.choices)
    status_note = forms.CharField(label=_("Status"), required=False, max_length=200)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    advice = forms.CharField(label=_("Advice"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    proposed_conditions = forms.CharField(
        label=_("Proposed conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def to_input(self) -> ScreeningInput:
        data = self.cleaned_data
        return ScreeningInput(
            state=data["state"],
            known=data["known"],
            status_note=data.get("status_note") or "",
            summary=data.get("summary") or "",
            advice=data.get("advice") or "",
            proposed_conditions=data.get("proposed_conditions") or "",
        )


class BoardScreeningForm(ScreeningForm):
    """The same screening, in the board's side panel: state and known as radio buttons, one click each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("state", ScreeningState.choices), ("known", Known.choices)):
            self.fields[name].widget = forms.RadioSelect(choices=choices)


class CustodyForm(Form):
    """Order custody (with its start) or extend it once, or extend holding to establish identity; the start
    is Dutch wall-clock time."""

    action = forms.ChoiceField(
        choices=[("order", "order"), ("extend", "extend"), ("identity", "identity")], widget=forms.HiddenInput
    )
    started_at = forms.DateTimeField(
        label=_("Custody started at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "order" and not data.get("started_at"):
            self.add_error("started_at", _("Enter when custody started."))
        started = data.get("started_at")
        if started is not None:
            data["started_at"] = started.replace(tzinfo=None).replace(tzinfo=AMSTERDAM)
        return data


class StatusChangeForm(Form):
    target = forms.ChoiceField(choices=[(target.value, target.label) for target in MANUAL_TARGETS])
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class VersionForm(Form):
    """The case version a button was shown for, so a stale page gets a conflict instead of a silent write."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class WerkplaatsCandidateForm(Form):
    candidate = forms.BooleanField(required=False)
