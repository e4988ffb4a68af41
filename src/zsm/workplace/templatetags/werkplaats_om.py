"""`{% advice_panel case %}`: the werkplaats advice on the ZSM case page, for whoever may read it."""

from __future__ import annotations

from typing import Any

from django import template

from zsm.workplace.selectors import advice_for_case

register = template.Library()


@register.inclusion_tag("workplace/om/_advice_panel.html", takes_context=True)
def advice_panel(context: dict[str, Any], case: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"advice": None, "may_answer": False}
    the_advice = advice_for_case(user=user, case_id=case.pk)
    may_answer = the_advice is not None and user.has_perm("workplace.respond_to_advice", the_advice.werkplaats_case)
    return {"advice": the_advice, "may_answer": may_answer}
