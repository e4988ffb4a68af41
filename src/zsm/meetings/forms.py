"""Forms of the signal register: raising or editing a signal, and moving it on."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zsm.common.forms import Form
from zsm.meetings.constants import SignalScope, SignalStatus


class SignalForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    description = forms.CharField(
        label=_("What goes wrong"),
        help_text=_("What the cases show, without client names: the register is read by the OM too."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    scope = forms.ChoiceField(label=_("About"), choices=[("", _("Choose")), *SignalScope.choices], required=False)
    subject = forms.CharField(
        label=_("Area, municipality or organisation"),
        help_text=_("For example: Overvecht, Nieuwegein, or an organisation not on the social map."),
        max_length=200,
        required=False,
    )
    institution = forms.TypedChoiceField(label=_("Institution on the social map"), coerce=int, required=False,
                                         empty_value=None)  # fmt: skip
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)
    action = forms.CharField(
        label=_("Where do we raise it and who does it?"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    cases = forms.TypedMultipleChoiceField(
        label=_("Cases that show it"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    from_candidate = forms.BooleanField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        institutions: list[tuple[int, str]],
        owners: list[tuple[int, str]],
        cases: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["institution"]).choices = [("", _("None")), *institutions]
        cast(forms.ChoiceField, self.fields["owner"]).choices = [("", _("Choose an owner")), *owners]
        cast(forms.ChoiceField, self.fields["cases"]).choices = cases
        self.case_ids = [pk for pk, _label in cases]


class SignalMoveForm(Form):
    target = forms.ChoiceField(choices=SignalStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
