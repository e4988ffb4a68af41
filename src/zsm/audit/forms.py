from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zsm.audit.constants import EventKind
from zsm.audit.selectors import AuditFilter
from zsm.common.forms import Form


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
