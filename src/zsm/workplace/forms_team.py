"""Forms of the team pages: proposing a case, assigning a worker, the figures' period, selection criteria."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zsm.common.forms import Form
from zsm.workplace.constants import Signal

DEFAULT_PERIOD_DAYS = 90


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ProposalForm(Form):
    """The signals behind a proposal; the choices are what the location's selection criteria allow."""

    signals = forms.MultipleChoiceField(
        label=_("Signals"),
        help_text=_("The signs of heavy underlying problems behind this case."),
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the service says why none is not enough, and the form shows it
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["signals"]).choices = choices


class AssignForm(Form):
    """Give a proposed case to a worker; `version` is the case's version when the page was shown."""

    worker = forms.TypedChoiceField(label=_("Werkplaats worker"), coerce=int)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, workers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["worker"]).choices = [("", _("Choose a worker")), *workers]


class PeriodForm(Form):
    """The period of the figures: by default the last 90 days up to and including today."""

    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Up to and including"), required=False, widget=DateInput)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period cannot lie before its start."))
        return cleaned

    def period(self) -> tuple[date, date]:
        """The chosen period, or the default one when the input is missing or invalid."""
        until = self.today
        since = self.today - timedelta(days=DEFAULT_PERIOD_DAYS)
        if self.is_bound and self.is_valid():
            until = self.cleaned_data.get("until") or until
            since = self.cleaned_data.get("since") or min(since, until)
        return since, until


class SelectionCriterionForm(Form):
    """Switch one signal on or off as a selection criterion."""

    signal = forms.ChoiceField(choices=Signal.choices)
    active = forms.BooleanField(required=False)
