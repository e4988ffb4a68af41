"""The OM's answer to a werkplaats advice."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zsm.common.forms import Form
from zsm.workplace.constants import USEFULNESS_MAX, USEFULNESS_MIN


class AdviceResponseForm(Form):
    """Why the OM decided as it did, and how useful the advice was. Whether it is adopted follows from the
    decision the OM recorded (`workplace.adoption`), so it is not asked."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the advice is partly or not adopted."),
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful was this advice?"),
        choices=[(str(n), str(n)) for n in range(USEFULNESS_MIN, USEFULNESS_MAX + 1)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("1 = not useful, 5 = very useful. Optional; the werkplaats learns from it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
