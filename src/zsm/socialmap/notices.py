"""The notifications the social map sends (see `cases.notices`): rendered in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zsm.cases.notices import Values, notice_kind
from zsm.socialmap.constants import ReferralStatus


def _status_values(params: Values) -> Values:
    return {**params, "status": ReferralStatus(params["status"]).label}


REFERRAL_ANSWERED = notice_kind(
    "socialmap.referral_answered",
    subject=_("A referral was answered"),
    # Enough to find the referral (the werkplaats number and its page), and no client name.
    body=_(
        "%(institution)s answered your referral on %(werkplaats)s (%(reference)s): %(status)s.\nThe referral: %(path)s"
    ),
    values=_status_values,
)
