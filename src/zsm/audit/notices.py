"""The notifications the purge sends (see `cases.notices`): rendered in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zsm.cases.notices import Values, notice_kind

_REMOVED = _(
    "%(reference)s was removed from ZSM Werkplaats: the OM found that the person was wrongly treated as a "
    "suspect (technical dismissal 01). Remove what you keep about this case elsewhere."
)
_REFERRED = _("The werkplaats referred the client to: %(institutions)s. Let them know the referral is withdrawn.")


def _removed_body(params: Values) -> str:
    """The werkplaats worker also hears where the client was referred, to withdraw those referrals."""
    body = str(_REMOVED) % {"reference": params["reference"]}
    if institutions := params.get("institutions"):
        body += " " + str(_REFERRED) % {"institutions": ", ".join(institutions)}
    return body


CASE_REMOVED = notice_kind(
    "audit.case_removed", subject=_("A case was removed: wrongly treated as a suspect"), body=_removed_body
)
