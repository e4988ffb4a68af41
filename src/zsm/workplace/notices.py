"""The notifications the werkplaats sends (see `cases.notices`): rendered in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zsm.cases.notices import Values, moment_shown, notice_kind


def _due_values(params: Values) -> Values:
    return {**params, "due": moment_shown(params["due"])}


ADVICE_WAITING = notice_kind(
    "workplace.advice_waiting",
    subject=_("Werkplaats advice waiting for your answer"),
    body=_(
        "The werkplaats gave its advice on %(reference)s (%(werkplaats)s). Please answer by %(due)s, and "
        "before the suspect's clock runs out while they are held.\nThe advice: %(path)s"
    ),
    values=_due_values,
)
REFERRED_AWAITS_DECISION = notice_kind(
    "workplace.referred_awaits_decision",
    subject=_("A werkplaats-referred case awaits your decision"),
    body=_(
        "The werkplaats gave its advice on %(reference)s (%(werkplaats)s), which you referred to the werkplaats. "
        "The case awaits your final decision; please answer by %(due)s.\nThe advice: %(path)s"
    ),
    values=_due_values,
)
