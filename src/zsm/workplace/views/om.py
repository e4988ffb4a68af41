"""The OM's pages: its queue (what waits for the officer, soonest due first), and the advice as the OM meets
it: read it, decide on the case (the decision is the answer: adopted, partly or not), then say why and rate its
usefulness.

The queue (`workplace.view_om_queue`) is the OM decider's own, for the location they work at; everyone else
gets 403. It lists the ZSM cases, never the casework or the advice's text.

The OM never sees the casework behind the advice (contacts, assessment, notes): only the advice and
what the worker chose to share in it (DESIGN §4). The werkplaats team and probation read the same page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zsm.audit.constants import Action, Purpose
from zsm.audit.services import access_record, shown_ids
from zsm.common.clock import now
from zsm.common.middleware import request_id_of
from zsm.workplace.constants import QueueKind
from zsm.workplace.forms_om import AdviceResponseForm
from zsm.workplace.selectors import advice_for, om_queue, werkplaats_case_for_advice
from zsm.workplace.services import advice_respond


@login_required
@require_http_methods(["GET", "POST"])
def advice(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = werkplaats_case_for_advice(user=request.user, werkplaats_case_id=werkplaats_case_id)
    the_advice = advice_for(user=request.user, werkplaats_case=werkplaats_case)
    may_answer = request.user.has_perm("workplace.respond_to_advice", werkplaats_case)
    form = None
    status = 200
    if the_advice is not None and may_answer:
        if request.method == "POST":
            form = AdviceResponseForm(request.POST)
            status = 400
            if form.is_valid():
                bound = form
                done = bound.submit(
                    lambda: advice_respond(
                        user=request.user,
                        advice_id=the_advice.pk,
                        reason=bound.cleaned_data["reason"],
                        usefulness=bound.cleaned_data["usefulness"],
                        expected_version=bound.cleaned_data["version"],
                        request_id=request_id_of(request),
                    )
                )
                if done.stored:
                    messages.success(request, _("Your answer to the advice is recorded."))
                    return redirect(reverse("cases:case_detail", kwargs={"case_id": werkplaats_case.case_id}))
                status = done.status
        else:
            form = AdviceResponseForm(
                initial={
                    "version": the_advice.version,
                    "reason": the_advice.response_reason,
                    "usefulness": the_advice.usefulness,
                }
            )
    elif request.method == "POST":
        raise PermissionDenied
    access_record(
        request=request,
        event="werkplaats_advice.viewed",
        obj=werkplaats_case,
        person_id=werkplaats_case.case.suspect_id,
        purpose=Purpose.OM_DECISION if may_answer else Purpose.WERKPLAATS_CASEWORK,
    )
    return render(
        request,
        "workplace/om/advice.html",
        {
            "werkplaats_case": werkplaats_case,
            "advice": the_advice,
            "form": form if the_advice is not None and the_advice.response else None,
            "decide_first": may_answer and the_advice is not None and not the_advice.response,
        },
        status=status,
    )


def _url_maker(name: str, kwarg: str) -> Callable[[int], str]:
    """A URL per row, reversed once (reverse() per row costs ~0.5 ms)."""
    prefix, _sentinel, suffix = reverse(name, kwargs={kwarg: 987654321}).partition("987654321")
    return lambda pk: f"{prefix}{pk}{suffix}"


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The OM decider's working list: advice to answer, werkplaats referrals awaiting the final decision, cases
    ready for decision at the table, soonest due first. Each row leads in one click to where the OM acts."""
    if not request.user.has_perm("workplace.view_om_queue"):
        raise PermissionDenied
    items = om_queue(user=request.user, at=now())
    advice_url = _url_maker("workplace:advice", "werkplaats_case_id")
    decision_url = _url_maker("decisions:decision_create", "case_id")
    case_url = _url_maker("cases:case_detail", "case_id")
    labels = dict(QueueKind.choices)
    rows = [
        {
            "item": item,
            "label": labels[item.kind],
            "case_url": case_url(item.case.pk),
            # Where the OM acts: the advice page (the answer follows from the decision it leads to), the case
            # page while the werkplaats' advice is still to come, else the decision form.
            "action_url": advice_url(item.advice.werkplaats_case_id)
            if item.advice is not None
            else case_url(item.case.pk)
            if item.kind == QueueKind.REFERRED
            else decision_url(item.case.pk),
        }
        for item in items
    ]
    access_record(
        request=request,
        action=Action.SEARCH,
        event="om_queue.viewed",
        object_type="cases.case",
        purpose=Purpose.OM_DECISION,
        details={"rows": len(items), **shown_ids(item.case for item in items)},
    )
    return render(request, "workplace/om/queue.html", {"rows": rows, "kinds": QueueKind})
