"""The werkplaats case page and its casework forms, the colleague's review, and the hand-over summary.

Thin views: the reader gate (werkplaats team and probation at the user's location, else 403), a selector
(404 when the case is not visible), a form, exactly one service, a redirect. Recording is for who works
on the case (`workplace.change_case`); readers see no forms. Every page showing the case writes an
access event with the werkplaats casework as its purpose.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zsm.audit.constants import Action, Purpose
from zsm.audit.services import access_record
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.common.middleware import request_id_of
from zsm.decisions.constants import Disposal
from zsm.workplace import selectors, services, workflow
from zsm.workplace.constants import (
    FINAL_STATUSES,
    MAX_CONVERSATIONS,
    SPECIAL_CATEGORY_AREAS,
    UNREACHED_OUTCOMES,
    LifeArea,
    Signal,
    WerkplaatsStatus,
)
from zsm.workplace.forms import (
    AdviceForm,
    AssessmentForm,
    CaseworkForm,
    CheckPlanForm,
    CheckRecordForm,
    CloseForm,
    ContactForm,
    ConversationForm,
    HandoverForm,
    HelpActionForm,
    HelpActionStatusForm,
    HelpEditForm,
    HelpForm,
    ReviewForm,
    SpecialNoteForm,
    TimeEntryForm,
)
from zsm.workplace.models import Assessment, WerkplaatsCase
from zsm.workplace.pdf import summary_pdf
from zsm.workplace.rules import sees_casework_here

# The forms on the case page, each with its own prefix (several share field names such as "minutes").
PAGE_FORMS: dict[str, type[CaseworkForm]] = {
    "contact": ContactForm,
    "help": HelpForm,
    "action": HelpActionForm,
    "check": CheckPlanForm,
    "conversation": ConversationForm,
    "time": TimeEntryForm,
    "note": SpecialNoteForm,
    "close": CloseForm,
    "handover": HandoverForm,
}


def _reader_gate(request: HttpRequest) -> None:
    """Casework is for the werkplaats team and probation: everyone else is refused, whatever the case."""
    if not sees_casework_here(request.user):
        raise PermissionDenied


def _case(request: HttpRequest, werkplaats_case_id: int) -> WerkplaatsCase:
    _reader_gate(request)
    return selectors.werkplaats_case_get(user=request.user, werkplaats_case_id=werkplaats_case_id)


def _worker_case(request: HttpRequest, werkplaats_case_id: int) -> WerkplaatsCase:
    werkplaats_case = _case(request, werkplaats_case_id)
    if not request.user.has_perm("workplace.change_case", werkplaats_case):
        raise PermissionDenied
    return werkplaats_case


def _case_url(werkplaats_case: WerkplaatsCase, anchor: str = "") -> str:
    url = reverse("workplace:case", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    return f"{url}#{anchor}" if anchor else url


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}"


def _record_access(
    request: HttpRequest,
    werkplaats_case: WerkplaatsCase,
    event: str,
    *,
    purpose: str = Purpose.WERKPLAATS_CASEWORK,
    **extra: Any,
) -> None:
    access_record(
        request=request,
        event=event,
        obj=werkplaats_case,
        person_id=werkplaats_case.case.suspect_id,
        purpose=purpose,
        **extra,
    )


# --- What the case page and the summary show ---------------------------------------------------------


def _assessment_areas(assessment: Assessment, *, special: bool) -> list[dict[str, Any]]:
    """Each life area with its score and note; notes on health and addiction only for who may read them."""
    try:
        notes = json.loads(assessment.area_notes) if assessment.area_notes else {}
    except ValueError:
        notes = {}
    return [
        {
            "label": area.label,
            "score": assessment.scores.get(area.value),
            "note": notes.get(area.value, "") if special or area not in SPECIAL_CATEGORY_AREAS else "",
            "withheld": bool(notes.get(area.value)) and not special and area in SPECIAL_CATEGORY_AREAS,
        }
        for area in LifeArea
    ]


def _casework(request: HttpRequest, werkplaats_case: WerkplaatsCase) -> dict[str, Any]:
    """Everything gathered on the case, as the user may see it: for the case page and the summary."""
    user = request.user
    special = user.has_perm("workplace.view_special_category", werkplaats_case)
    helps = list(selectors.help_involvement_list(user=user, werkplaats_case=werkplaats_case))
    assessments = list(selectors.assessment_list(user=user, werkplaats_case=werkplaats_case))
    for assessment in assessments:  # the review rule reads the case's location: it is at hand
        assessment.werkplaats_case = werkplaats_case
    latest = assessments[0] if assessments else None
    advice = selectors.advice_for(user=user, werkplaats_case=werkplaats_case)
    checks = list(selectors.monitoring_check_list(user=user, werkplaats_case=werkplaats_case))
    # next_step reads what `my_cases` annotates; the page has it at hand already.
    werkplaats_case.latest_assessment_status = latest.status if latest else None  # type: ignore[attr-defined]
    werkplaats_case.advice_response = advice.response if advice else ""  # type: ignore[attr-defined]
    werkplaats_case.next_check_on = min((c.due_on for c in checks if not c.outcome), default=None)  # type: ignore[attr-defined]
    by_activity = selectors.case_minutes_by_activity(werkplaats_case)
    total = sum(item.minutes for item in by_activity)  # the same numbers: no second query for the total
    conversations = list(selectors.conversation_list(user=user, werkplaats_case=werkplaats_case))
    return {
        "wc": werkplaats_case,
        "case": werkplaats_case.case,
        "suspect": werkplaats_case.case.suspect,
        "offences": list(werkplaats_case.case.offences.all()),
        "signals": [Signal(s).label for s in werkplaats_case.signals if s in Signal.values],
        "next_step": selectors.next_step(werkplaats_case),
        "minutes_by_activity": [(capfirst(item.label), item.minutes, _duration(item.minutes)) for item in by_activity],
        "total_minutes": total,
        "total_duration": _duration(total),
        "contacts": list(selectors.contact_list(user=user, werkplaats_case=werkplaats_case)),
        "helps": helps,
        "lead": next((h for h in helps if h.has_lead), None),
        "latest_assessment": latest,
        "latest_areas": _assessment_areas(latest, special=special) if latest else [],
        "earlier_assessments": assessments[1:],
        "advice": advice,
        "advice_disposal": dict(Disposal.choices).get(advice.disposal, advice.disposal) if advice else "",
        "actions": list(selectors.help_action_list(user=user, werkplaats_case=werkplaats_case)),
        "checks": checks,
        "conversations": conversations,
        "conversation_count": len(conversations),
        "max_conversations": MAX_CONVERSATIONS,
        "time_entries": list(selectors.time_entry_list(user=user, werkplaats_case=werkplaats_case)),
        "may_see_special": special,
        "special_notes": list(selectors.special_note_list(user=user, werkplaats_case=werkplaats_case))
        if special
        else [],
    }


def _case_page(
    request: HttpRequest,
    werkplaats_case: WerkplaatsCase,
    *,
    bound: dict[str, CaseworkForm] | None = None,
    bound_check: tuple[int, CheckRecordForm] | None = None,
    status: int = 200,
    contact_conflict: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render the case page (a view of the case, logged); `bound` keeps a refused form with its errors."""
    context = _casework(request, werkplaats_case)
    user = request.user
    open_case = werkplaats_case.status not in FINAL_STATUSES and werkplaats_case.status != WerkplaatsStatus.PROPOSED
    can_change = open_case and user.has_perm("workplace.change_case", werkplaats_case)
    forms: dict[str, CaseworkForm] = {}
    if can_change:
        initial = {"version": werkplaats_case.version}
        # The contact form also knows the newest contact on the page: a colleague's call since is a conflict.
        contact_initial = {**initial, "seen": _newest_contact_id(context["contacts"])}
        for key, form_class in PAGE_FORMS.items():
            forms[key] = (bound or {}).get(key) or form_class(
                prefix=key, initial=contact_initial if key == "contact" else initial
            )
        if request.GET.get("next_call") and "contact" not in (bound or {}):
            forms["contact"].fields["role"].widget.attrs["autofocus"] = True
    checks = [
        (
            check,
            bound_check[1]
            if bound_check and bound_check[0] == check.pk
            else CheckRecordForm(prefix=f"check-{check.pk}")
            if can_change and not check.outcome
            else None,
        )
        for check in context["checks"]
    ]
    latest = context["latest_assessment"]
    context.update(
        {
            "can_change": can_change,
            "forms": forms,
            "check_rows": checks,
            "action_statuses": HelpActionStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
            "can_review": latest is not None and user.has_perm("workplace.review_assessment", latest),
            "can_close": can_change and workflow.can_move(werkplaats_case.status, WerkplaatsStatus.CLOSED),
            "can_hand_over": can_change and workflow.can_move(werkplaats_case.status, WerkplaatsStatus.HANDED_OVER),
            "unreached": UNREACHED_OUTCOMES,
            "contact_conflict": contact_conflict,
        }
    )
    _record_access(request, werkplaats_case, "werkplaats_case.viewed")
    return render(request, "workplace/casework/case.html", context, status=status)


@login_required
@require_GET
def case(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    return _case_page(request, _case(request, werkplaats_case_id))


def _write_from_page(
    request: HttpRequest,
    werkplaats_case: WerkplaatsCase,
    key: str,
    write: Callable[[Any], object],
    success: str,
    anchor: str,
) -> HttpResponse:
    """Validate one of the case page's forms and run its one service. A refusal keeps what was typed:
    field errors on the fields (400), a conflict as a message above the form (409)."""
    form = PAGE_FORMS[key](request.POST, prefix=key)
    status = 400
    if form.is_valid():
        try:
            write(form)
        except ConflictError as error:
            # Show the case as it is now; the typed input stays, carrying the current version, so saving
            # again after checking is a deliberate choice.
            werkplaats_case = selectors.werkplaats_case_get(user=request.user, werkplaats_case_id=werkplaats_case.pk)
            if "version" in form.fields:
                data = request.POST.copy()
                data[f"{key}-version"] = str(werkplaats_case.version)
                form = PAGE_FORMS[key](data, prefix=key)
                form.is_valid()
            form.add_error(None, error.message)
            status = 409
        except ApplicationError as error:
            form.add_service_errors(error.field_errors, error.message)
        else:
            messages.success(request, success)
            return redirect(_case_url(werkplaats_case, anchor))
    return _case_page(request, werkplaats_case, bound={key: form}, status=status)


# --- Contacts: the keyboard flow of a round of calls ----------------------------------------------------


def _newest_contact_id(contacts: list[Any]) -> int:
    """The `seen` marker of a contact form: the newest contact on the page (0: none yet)."""
    return max((contact.pk for contact in contacts), default=0)


@dataclass
class _ContactTry:
    """What a posted contact form came to: the contact (stored), or the form back with its errors and,
    after a conflict, what changed on the case meanwhile."""

    form: ContactForm
    contact: Any = None
    status: int = 400
    conflict: dict[str, Any] | None = None


def _contact_submit(request: HttpRequest, werkplaats_case: WerkplaatsCase) -> _ContactTry:
    """Validate the posted contact form (every field error in one round) and run `contact_log`. A conflict keeps
    what was typed, with the current version and newest contact, so logging it again is a deliberate choice."""
    form = ContactForm(request.POST, prefix="contact")
    if not form.is_valid():
        return _ContactTry(form=form)
    try:
        contact = services.contact_log(
            user=request.user,
            werkplaats_case_id=werkplaats_case.pk,
            data=form.to_input(),
            expected_version=form.cleaned_data.get("version"),
            seen_contact_id=form.cleaned_data.get("seen"),
            request_id=request_id_of(request),
        )
    except ConflictError as error:
        now_case = selectors.werkplaats_case_get(user=request.user, werkplaats_case_id=werkplaats_case.pk)
        contacts = list(selectors.contact_list(user=request.user, werkplaats_case=now_case))
        data = request.POST.copy()
        data["contact-version"] = str(now_case.version)
        data["contact-seen"] = str(_newest_contact_id(contacts))
        kept = ContactForm(data, prefix="contact")
        kept.is_valid()
        kept.add_error(None, error.message)
        conflict = {
            "status": now_case.get_status_display(),
            "worker": now_case.worker.display_name if now_case.worker else "",
            "contacts": selectors.contacts_by_others_since(
                user=request.user, werkplaats_case=now_case, after_id=form.cleaned_data.get("seen")
            ),
        }
        return _ContactTry(form=kept, status=409, conflict=conflict)
    except ApplicationError as error:
        form.add_service_errors(error.field_errors, error.message)
        return _ContactTry(form=form)
    return _ContactTry(form=form, contact=contact, status=200)


def _not_reached_note(contact: Any) -> str:
    if contact.outcome in UNREACHED_OUTCOMES and contact.follow_up_on:
        return _("Not reached: comes back on %(day)s.") % {"day": _day(contact.follow_up_on)}
    return ""


def _contacts_partial(
    request: HttpRequest,
    werkplaats_case: WerkplaatsCase,
    form: ContactForm | None = None,
    *,
    logged: Any = None,
    conflict: dict[str, Any] | None = None,
) -> HttpResponse:
    """The contacts section for htmx: the list and the form (a fresh, focused one when `form` is None)."""
    contacts = list(selectors.contact_list(user=request.user, werkplaats_case=werkplaats_case))
    if form is None:
        form = ContactForm(
            prefix="contact", initial={"version": werkplaats_case.version, "seen": _newest_contact_id(contacts)}
        )
        form.fields["role"].widget.attrs["autofocus"] = True
    _record_access(request, werkplaats_case, "werkplaats_case.contacts_viewed")
    context = {
        "wc": werkplaats_case,
        "contacts": contacts,
        "can_change": True,
        "forms": {"contact": form},
        "logged": logged,
        "contact_conflict": conflict,
        "unreached": UNREACHED_OUTCOMES,
    }
    return render(request, "workplace/casework/_contacts.html", context)


@login_required
@require_POST
def contact_log(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = _worker_case(request, werkplaats_case_id)
    done = _contact_submit(request, werkplaats_case)
    if not request.headers.get("HX-Request"):
        if done.contact is None:
            return _case_page(
                request,
                werkplaats_case,
                bound={"contact": done.form},
                status=done.status,
                contact_conflict=done.conflict,
            )
        messages.success(request, _("The contact is logged."))
        if note := _not_reached_note(done.contact):
            messages.info(request, note)
        return redirect(_case_url(werkplaats_case) + "?next_call=1#contact-form")  # a fresh, focused form
    # htmx: swap the contacts section (htmx swaps only 2xx answers: a refusal is a 200 with the typed form).
    if done.contact is None:
        return _contacts_partial(request, werkplaats_case, done.form, conflict=done.conflict)
    # The first contact moves the case on (a new version): the fresh form carries the case as it is now.
    now_case = selectors.werkplaats_case_get(user=request.user, werkplaats_case_id=werkplaats_case.pk)
    return _contacts_partial(request, now_case, logged=done.contact)


@login_required
@require_http_methods(["GET", "POST"])
def contact_again(request: HttpRequest, werkplaats_case_id: int, contact_id: int) -> HttpResponse:
    """Call back the person of an earlier contact: the form filled in from that attempt, the focus on its
    outcome. Logged, back to the day's call list for the next one; refused, the typed form with its errors
    (400) or with what a colleague changed meanwhile (409)."""
    werkplaats_case = _worker_case(request, werkplaats_case_id)
    earlier = selectors.contact_get(user=request.user, werkplaats_case=werkplaats_case, contact_id=contact_id)
    closed = werkplaats_case.status in FINAL_STATUSES or werkplaats_case.status == WerkplaatsStatus.PROPOSED
    if request.method == "GET" and closed:  # a stale link; a call typed meanwhile gets the conflict below
        messages.info(request, _("Nothing more can be recorded on this werkplaats case."))
        return redirect(_case_url(werkplaats_case))
    status = 200
    conflict = None
    if request.method == "POST":
        done = _contact_submit(request, werkplaats_case)
        if done.contact is not None:
            messages.success(request, _("The call with %(name)s is logged.") % {"name": done.contact.name})
            if note := _not_reached_note(done.contact):
                messages.info(request, note)
            return redirect(reverse("workplace:day") + "#calls-heading")
        form, status, conflict = done.form, done.status, done.conflict
    else:
        seen = selectors.contact_newest_id(user=request.user, werkplaats_case=werkplaats_case)
        form = ContactForm.again(earlier, version=werkplaats_case.version, seen=seen)
    history = list(
        selectors.contact_history(
            user=request.user, werkplaats_case=werkplaats_case, role=earlier.role, name=earlier.name
        )[:5]
    )
    _record_access(request, werkplaats_case, "werkplaats_case.contact_again_viewed")
    context = {
        "wc": werkplaats_case,
        "case": werkplaats_case.case,
        "earlier": earlier,
        "history": history,
        "form": form,
        "contact_conflict": conflict,
        "unreached": UNREACHED_OUTCOMES,
    }
    return render(request, "workplace/casework/contact_again.html", context, status=status)


def _day(day: Any) -> str:
    return formats.date_format(day, "l j F Y")


# --- Help already there ----------------------------------------------------------------------------------


@login_required
@require_POST
def help_add(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = _worker_case(request, werkplaats_case_id)
    return _write_from_page(
        request,
        werkplaats_case,
        "help",
        lambda form: services.help_involvement_record(
            user=request.user,
            werkplaats_case_id=werkplaats_case.pk,
            data=form.to_input(),
            request_id=request_id_of(request),
        ),
        _("The help is recorded."),
        "help",
    )


@login_required
@require_http_methods(["GET", "POST"])
def help_edit(request: HttpRequest, werkplaats_case_id: int, involvement_id: int) -> HttpResponse:
    werkplaats_case = _worker_case(request, werkplaats_case_id)
    involvement = (
        selectors.help_involvement_list(user=request.user, werkplaats_case=werkplaats_case)
        .filter(pk=involvement_id)
        .first()
    )
    if involvement is None:
        raise Http404
    initial = {
        "agency": involvement.agency,
        "help": involvement.help,
        "working": involvement.working,
        "has_lead": involvement.has_lead,
        "note": involvement.note,
        "version": involvement.version,
    }
    form = HelpEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.help_involvement_update(
                    user=request.user,
                    involvement_id=involvement.pk,
                    data=form.to_input(),
                    expected_version=form.cleaned_data["version"],
                    request_id=request_id_of(request),
                )
            except ConflictError as error:
                # Keep what was typed; the version moves on, so saving again is a deliberate choice.
                involvement.refresh_from_db()
                data = request.POST.copy()
                data["version"] = str(involvement.version)
                form = HelpEditForm(data, initial=initial)
                form.is_valid()
                form.add_error(None, error.message)
                status = 409
            except ApplicationError as error:
                form.add_service_errors(error.field_errors, error.message)
            else:
                messages.success(request, _("The help is changed."))
                return redirect(_case_url(werkplaats_case, "help"))
    _record_access(request, werkplaats_case, "help_involvement.viewed")
    context = {"wc": werkplaats_case, "form": form, "involvement": involvement}
    return render(request, "workplace/casework/help_form.html", context, status=status)


# --- RISc light and the colleague's review ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = _worker_case(request, werkplaats_case_id)
    form = AssessmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            done = form.submit(
                lambda: services.assessment_record(
                    user=request.user,
                    werkplaats_case_id=werkplaats_case.pk,
                    data=form.to_input(),
                    request_id=request_id_of(request),
                )
            )
            if done.stored:
                messages.success(request, _("The assessment is recorded; a colleague reviews it now."))
                return redirect(_case_url(werkplaats_case, "assessment"))
            status = done.status
    _record_access(request, werkplaats_case, "werkplaats_case.assessment_form_viewed")
    context = {"wc": werkplaats_case, "case": werkplaats_case.case, "form": form}
    return render(request, "workplace/casework/assessment_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_review(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """A colleague confirms or challenges; the author is told plainly that someone else must (403)."""
    _reader_gate(request)
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    werkplaats_case = selectors.werkplaats_case_get(user=request.user, werkplaats_case_id=assessment.werkplaats_case_id)
    own = assessment.recorded_by_id == request.user.pk
    can_review = request.user.has_perm("workplace.review_assessment", assessment)
    form = ReviewForm(request.POST or None) if can_review else None
    status = 200
    refusal = ""
    if request.method == "POST":
        if not can_review:
            if not own:
                raise PermissionDenied
            refusal = _("You cannot review your own assessment: a colleague confirms or challenges it.")
            status = 403
        elif form is not None:
            status = 400
            if form.is_valid():
                done = form.submit(
                    lambda: services.assessment_review(
                        user=request.user,
                        assessment_id=assessment.pk,
                        confirm=form.cleaned_data["decision"] == "confirm",
                        note=form.string("note"),
                        request_id=request_id_of(request),
                    )
                )
                if done.stored:
                    messages.success(request, _("Your review is recorded."))
                    return redirect(_case_url(werkplaats_case, "assessment"))
                status = done.status
    access_record(
        request=request,
        event="assessment.viewed",
        obj=assessment,
        person_id=werkplaats_case.case.suspect_id,
        purpose=Purpose.WERKPLAATS_CASEWORK,
    )
    context = {
        "wc": werkplaats_case,
        "case": werkplaats_case.case,
        "assessment": assessment,
        "areas": _assessment_areas(
            assessment, special=request.user.has_perm("workplace.view_special_category", werkplaats_case)
        ),
        "form": form,
        "own": own,
        "refusal": refusal,
    }
    return render(request, "workplace/casework/assessment_review.html", context, status=status)


# --- Advice to the OM -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def advice_give(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = _worker_case(request, werkplaats_case_id)
    if request.method == "GET" and selectors.advice_for(user=request.user, werkplaats_case=werkplaats_case):
        messages.info(request, _("This case already has advice for the OM."))
        return redirect(_case_url(werkplaats_case, "advice"))
    form = AdviceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            done = form.submit(
                lambda: services.advice_give(
                    user=request.user,
                    werkplaats_case_id=werkplaats_case.pk,
                    data=form.to_input(),
                    request_id=request_id_of(request),
                )
            )
            if done.stored:
                messages.success(request, _("The advice is given to the OM."))
                return redirect(_case_url(werkplaats_case, "advice"))
            status = done.status
    latest = selectors.assessment_list(user=request.user, werkplaats_case=werkplaats_case).first()
    _record_access(request, werkplaats_case, "werkplaats_case.advice_form_viewed")
    context = {"wc": werkplaats_case, "case": werkplaats_case.case, "form": form, "latest_assessment": latest}
    return render(request, "workplace/casework/advice_form.html", context, status=status)


# --- Help plan, monitoring, short trajectory, time, special-category notes ---------------------------------


@login_required
@require_POST
def help_action_plan(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = _worker_case(request, werkplaats_case_id)
    return _write_from_page(
        request,
        werkplaats_case,
        "action",
        lambda form: services.help_action_plan(
            user=request.user,
            werkplaats_case_id=werkplaats_case.pk,
            description=form.string("description"),
            owner=form.string("owner"),
            due_on=form.cleaned_data.get("due_on"),
            request_id=request_id_of(request),
        ),
        _("The action is added to the help plan."),
        "help-plan",
    )


@login_required
@require_POST
def help_action_status(request: HttpRequest, werkplaats_case_id: int, action_id: int) -> HttpResponse:
    werkplaats_case = _worker_case(request, werkplaats_case_id)
    if not selectors.help_action_list(user=request.user, werkplaats_case=werkplaats_case).filter(pk=action_id).exists():
        raise Http404
    form = HelpActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect(_case_url(werkplaats_case, "help-plan"))
    try:
        services.help_action_status_set(
            user=request.user,
            action_id=action_id,
            status=form.cleaned_data["status"],
            request_id=request_id_of(request),
        )
    except ApplicationError as error:
        for text in [t for texts in error.field_errors.values() for t in texts] or [error.message]:
            messages.error(request, text)
    else:
        messages.success(request, _("The action's status is changed."))
    return redirect(_case_url(werkplaats_case, "help-plan"))


@login_required
@require_POST
def check_plan(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = _worker_case(request, werkplaats_case_id)
    return _write_from_page(
        request,
        werkplaats_case,
        "check",
        lambda form: services.monitoring_check_plan(
            user=request.user,
            werkplaats_case_id=werkplaats_case.pk,
            subject=form.string("subject"),
            due_on=form.cleaned_data.get("due_on"),
            agency=form.string("agency"),
            request_id=request_id_of(request),
        ),
        _("The check is planned."),
        "monitoring",
    )


@login_required
@require_POST
def check_record(request: HttpRequest, werkplaats_case_id: int, check_id: int) -> HttpResponse:
    werkplaats_case = _worker_case(request, werkplaats_case_id)
    if (
        not selectors.monitoring_check_list(user=request.user, werkplaats_case=werkplaats_case)
        .filter(pk=check_id)
        .exists()
    ):
        raise Http404
    form = CheckRecordForm(request.POST, prefix=f"check-{check_id}")
    status = 400
    if form.is_valid():
        done = form.submit(
            lambda: services.monitoring_check_record(
                user=request.user,
                check_id=check_id,
                outcome=form.cleaned_data["outcome"],
                minutes=form.cleaned_data["minutes"],
                note=form.string("outcome_note"),
                request_id=request_id_of(request),
            )
        )
        if done.stored:
            messages.success(request, _("The check is recorded."))
            return redirect(_case_url(werkplaats_case, "monitoring"))
        status = done.status
    return _case_page(request, werkplaats_case, bound_check=(check_id, form), status=status)


@login_required
@require_POST
def conversation_record(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = _worker_case(request, werkplaats_case_id)
    return _write_from_page(
        request,
        werkplaats_case,
        "conversation",
        lambda form: services.conversation_record(
            user=request.user,
            werkplaats_case_id=werkplaats_case.pk,
            held_on=form.cleaned_data.get("held_on"),
            goals=form.string("goals"),
            minutes=form.cleaned_data["minutes"],
            notes=form.string("notes"),
            request_id=request_id_of(request),
        ),
        _("The conversation is recorded."),
        "trajectory",
    )


@login_required
@require_POST
def time_entry_record(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = _worker_case(request, werkplaats_case_id)
    return _write_from_page(
        request,
        werkplaats_case,
        "time",
        lambda form: services.time_entry_record(
            user=request.user,
            werkplaats_case_id=werkplaats_case.pk,
            kind=form.cleaned_data["kind"],
            minutes=form.cleaned_data["minutes"],
            spent_on=form.cleaned_data.get("spent_on"),
            description=form.string("description"),
            request_id=request_id_of(request),
        ),
        _("The time is recorded."),
        "time",
    )


@login_required
@require_POST
def special_note_record(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = _worker_case(request, werkplaats_case_id)
    if not request.user.has_perm("workplace.view_special_category", werkplaats_case):
        raise PermissionDenied
    return _write_from_page(
        request,
        werkplaats_case,
        "note",
        lambda form: services.special_note_record(
            user=request.user,
            werkplaats_case_id=werkplaats_case.pk,
            category=form.cleaned_data["category"],
            text=form.string("text"),
            request_id=request_id_of(request),
        ),
        _("The note is recorded."),
        "special-notes",
    )


# --- Closing and handing over -------------------------------------------------------------------------------


def _finish(request: HttpRequest, werkplaats_case_id: int, key: str, target: str, success: str) -> HttpResponse:
    """Close or hand over: one transition with the outcome (and, for a hand-over, what for and the question)."""
    werkplaats_case = _worker_case(request, werkplaats_case_id)

    def write(form: Any) -> object:
        return services.werkplaats_case_transition(
            user=request.user,
            werkplaats_case_id=werkplaats_case.pk,
            target=target,
            expected_version=form.cleaned_data["version"],
            outcome=form.string("outcome"),
            handover_kind=form.cleaned_data.get("handover_kind", ""),
            handover_question=form.string("handover_question"),
            request_id=request_id_of(request),
        )

    return _write_from_page(request, werkplaats_case, key, write, success, "")


@login_required
@require_POST
def case_close(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    return _finish(request, werkplaats_case_id, "close", WerkplaatsStatus.CLOSED, _("The werkplaats case is closed."))


@login_required
@require_POST
def case_hand_over(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    return _finish(
        request,
        werkplaats_case_id,
        "handover",
        WerkplaatsStatus.HANDED_OVER,
        _("The werkplaats case is handed over to regular probation; print the summary for the hand-over."),
    )


# --- The summary for the hand-over: printable page and PDF ---------------------------------------------------


@login_required
@require_GET
def summary(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = _case(request, werkplaats_case_id)
    context = _casework(request, werkplaats_case)
    _record_access(
        request, werkplaats_case, "werkplaats_case.summary_viewed", action=Action.PRINT, purpose=Purpose.HANDOVER
    )
    return render(request, "workplace/casework/summary.html", context)


@login_required
@require_GET
def summary_download(request: HttpRequest, werkplaats_case_id: int) -> HttpResponse:
    werkplaats_case = _case(request, werkplaats_case_id)
    context = _casework(request, werkplaats_case)
    content = summary_pdf(context)
    _record_access(
        request, werkplaats_case, "werkplaats_case.summary_exported", action=Action.EXPORT, purpose=Purpose.HANDOVER
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="samenvatting-{werkplaats_case}.pdf"'
    return response
