"""`{% referral_panel werkplaats_case %}`: the case's referrals on the werkplaats case page.

One query for the referrals (with institution, service and contact) and one for their transitions, however
many referrals there are.
"""

from __future__ import annotations

from typing import Any

from django import template

from zsm.common.clock import local_now
from zsm.socialmap.selectors import chase_due_on, referral_list_for_case

register = template.Library()


@register.inclusion_tag("socialmap/referrals/_panel.html", takes_context=True)
def referral_panel(context: Any, werkplaats_case: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or werkplaats_case is None or not user.has_perm("socialmap.view_referrals", werkplaats_case):
        return {"visible": False}
    rows = []
    for referral in referral_list_for_case(user=user, werkplaats_case=werkplaats_case):
        transitions = list(referral.transitions.all())  # prefetched, in order
        rows.append(
            {
                "referral": referral,
                "last_change": transitions[-1].occurred_at if transitions else referral.created_at,
                "chase_due_on": chase_due_on(referral),
            }
        )
    return {
        "visible": True,
        "werkplaats_case": werkplaats_case,
        "rows": rows,
        "may_refer": user.has_perm("socialmap.refer", werkplaats_case),
        "today": local_now().date(),
    }
