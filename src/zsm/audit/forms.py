from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zsm.audit.constants import EventKind
from zsm.audit.selectors import AuditFilter
from zsm.common.forms import Form
from zsm.common.validators import validate_bsn
from zsm.persons.selectors import subject_access_person_id_for_bsn


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilterForm(Form):
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    person_id = forms.IntegerField(label=_("Person number"), required=False, min_value=1)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *EventKind.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Up to and including"), required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            username=data.get("username") or "",
            organisation=data.get("organisation") or "",
            person_id=data.get("person_id"),
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class SubjectAccessForm(Form):
    """Whom the export is about: their person number, or their BSN."""

    person_id = forms.IntegerField(label=_("Person number"), required=False, min_value=1)
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=9,
        validators=[validate_bsn],
        help_text=_("Give either the person number or the BSN."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("person_id") and data.get("bsn"):
            self.add_error(None, _("Give either the person number or the BSN, not both."))
        elif data.get("bsn"):
            person_id = subject_access_person_id_for_bsn(bsn=data["bsn"])
            if person_id is None:
                self.add_error("bsn", _("No person with this BSN is known."))
            data["person_id"] = person_id
        elif not data.get("person_id"):
            self.add_error(None, _("Give the person number or the BSN."))
        return data
