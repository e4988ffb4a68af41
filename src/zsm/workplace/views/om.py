"""The advice as the OM meets it: read it, answer adopted / partly / not adopted, rate its usefulness.

The OM never sees the casework behind the advice (contacts, assessment, notes): only the advice and
what the worker chose to share in it (DESIGN §4). The werkplaats team and probation read the same page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zsm.audit.constants import Purpose
from zsm.audit.services import access_record
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.workplace.forms_om import AdviceResponseForm
from zsm.workplace.selectors import advice_for, werkplaats_case_for_advice
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
            if form.is_valid():
                try:
                    advice_respond(
                        user=request.user,
                        advice_id=the_advice.pk,
                        response=form.cleaned_data["response"],
                        reason=form.cleaned_data["reason"],
                        usefulness=form.cleaned_data["usefulness"],
                        expected_version=form.cleaned_data["version"],
                        request_id=getattr(request, "request_id", ""),
                    )
                except ConflictError as error:
                    form.add_error(None, error.message)
                    status = 409
                except ApplicationError as error:
                    for field, texts in error.field_errors.items():
                        for text in texts:
                            form.add_error(field if field in form.fields else None, text)
                    if not error.field_errors:
                        form.add_error(None, error.message)
                    status = 400
                else:
                    messages.success(request, _("Your answer to the advice is recorded."))
                    return redirect(reverse("cases:case_detail", kwargs={"case_id": werkplaats_case.case_id}))
            else:
                status = 400
        else:
            form = AdviceResponseForm(
                initial={
                    "version": the_advice.version,
                    "response": the_advice.response or None,
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
        {"werkplaats_case": werkplaats_case, "advice": the_advice, "form": form},
        status=status,
    )
