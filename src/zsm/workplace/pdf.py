"""The hand-over summary of a werkplaats case as a PDF (reportlab, with DejaVu Sans embedded).

DejaVu Sans (npm `dejavu-fonts-ttf`) covers the names these cases carry — Turkish ş and ğ, Polish ł,
Romanian ț, Cyrillic — where Helvetica stops at Western European letters.
Without the font files (no `npm ci`), Helvetica stands in. The caller passes what the user may see
(the view's casework context); this module only lays it out and never reads the database.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from zsm.common.pdf import pdf_fonts


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = pdf_fonts()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("zsm-title", parent=base["Title"], fontName=bold, fontSize=16, alignment=0),
        "h2": ParagraphStyle("zsm-h2", parent=base["Heading2"], fontName=bold, fontSize=12, spaceBefore=10),
        "body": ParagraphStyle("zsm-body", parent=base["BodyText"], fontName=regular, fontSize=10, leading=13),
        "small": ParagraphStyle("zsm-small", parent=base["BodyText"], fontName=regular, fontSize=8, leading=10),
    }


def _text(value: Any) -> str:
    """Escape for reportlab's mini-markup and keep line breaks."""
    return escape(str(value if value is not None else "")).replace("\n", "<br/>")


def _date(value: Any, fmt: str = "d-m-Y") -> str:
    return formats.date_format(value, fmt) if value else "–"


def summary_pdf(data: dict[str, Any]) -> bytes:
    """Everything gathered on the case, in the order the next organisation reads it."""
    styles = _styles()
    story: list[Any] = []

    def heading(text: str) -> None:
        story.append(Paragraph(_text(text), styles["h2"]))

    def line(text: str, label: str = "") -> None:
        prefix = f"<b>{_text(label)}:</b> " if label else ""
        story.append(Paragraph(prefix + _text(text), styles["body"]))

    wc, case, suspect = data["wc"], data["case"], data["suspect"]
    story.append(Paragraph(_text(_("Werkplaats summary %(number)s") % {"number": wc}), styles["title"]))
    story.append(Paragraph(_text(_("Decision support, not a validated instrument.")), styles["small"]))
    story.append(Spacer(1, 0.3 * cm))

    heading(_("Person"))
    line(suspect.full_name, _("Name"))
    line(suspect.birth_shown(), _("Date of birth"))
    heading(_("Case"))
    line(case.reference, _("ZSM case"))
    line("; ".join(f"{o.code} {o.description}" for o in data["offences"]) or "–", _("Offences"))
    line(", ".join(str(s) for s in data["signals"]) or "–", _("Signals"))
    line(wc.get_status_display(), _("Status"))
    line(wc.worker.display_name if wc.worker else "–", _("Werkplaats worker"))

    heading(_("Contacts"))
    for contact in data["contacts"]:
        line(
            f"{_date(contact.logged_at, 'd-m-Y H:i')} · {contact.get_role_display()} · {contact.name}"
            f"{' (' + contact.organisation + ')' if contact.organisation else ''} · {contact.get_channel_display()}"
            f" · {contact.get_outcome_display()} · {contact.minutes} min"
            + (f"\n{contact.summary}" if contact.summary else "")
        )
    if not data["contacts"]:
        line(_("No contacts yet."))

    heading(_("Help already there"))
    for help_ in data["helps"]:
        lead = f" · {_('has the lead')}" if help_.has_lead else ""
        line(f"{help_.agency}: {help_.help or '–'} · {help_.get_working_display()}{lead}")
    if data["lead"] is None:
        line(_("Nobody has the lead."))

    heading(_("Assessment (RISc light)"))
    assessment = data["latest_assessment"]
    if assessment is None:
        line(_("No assessment yet."))
    else:
        line(assessment.get_risk_level_display(), _("Risk level"))
        line(assessment.get_problem_level_display(), _("Problem level"))
        line(assessment.get_approach_display(), _("Recommended approach"))
        line(assessment.get_status_display(), _("Review"))
        for area in data["latest_areas"]:
            line(f"{area['score']}" + (f" – {area['note']}" if area["note"] else ""), area["label"])
        if assessment.protective_factors:
            line(assessment.protective_factors, _("Protective factors"))
        line(assessment.professional_judgement, _("Professional judgement"))

    heading(_("Advice to the OM"))
    advice = data["advice"]
    if advice is None:
        line(_("No advice given yet."))
    else:
        line(data["advice_disposal"], _("Recommended disposal"))
        if advice.intervention:
            line(advice.intervention.name, _("Intervention"))
        if advice.conditions:
            line(advice.conditions, _("Conditions"))
        line(advice.rationale, _("Rationale"))
        if advice.shared_details:
            line(advice.shared_details, _("Shared with the OM"))
        if advice.response:
            answer = advice.get_response_display() + (f" – {advice.response_reason}" if advice.response_reason else "")
            line(answer, _("OM's answer"))
        else:
            line(_("Not answered yet."), _("OM's answer"))

    heading(_("Help plan"))
    for action in data["actions"]:
        line(f"{action.description} · {action.owner} · {_date(action.due_on)} · {action.get_status_display()}")
    if not data["actions"]:
        line(_("No actions planned."))

    heading(_("Monitoring checks"))
    for check in data["checks"]:
        found = check.get_outcome_display() if check.outcome else _("planned")
        line(f"{_date(check.due_on)} · {check.subject} · {check.agency or '–'} · {found}")
    if not data["checks"]:
        line(_("No checks planned."))

    heading(
        _("Short trajectory (%(count)s of %(max)s conversations)")
        % {
            "count": data["conversation_count"],
            "max": data["max_conversations"],
        }
    )
    for conversation in data["conversations"]:
        line(f"{conversation.number}. {_date(conversation.held_on)} · {conversation.goals}")

    if data["may_see_special"] and data["special_notes"]:
        heading(_("Health, addiction and psychiatry (probation only)"))
        for note in data["special_notes"]:
            line(note.text, note.get_category_display())

    heading(_("Time spent"))
    line(f"{data['total_minutes']} min ({data['total_duration']} h)", _("Total"))
    for label, minutes, _duration in data["minutes_by_activity"]:
        line(f"{minutes} min", label)

    heading(_("Hand-over"))
    line(wc.get_handover_kind_display() or "–", _("Handed over for"))
    line(wc.handover_question or "–", _("Advice question"))
    line(wc.outcome or "–", _("Outcome"))

    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=str(_("Werkplaats summary %(number)s") % {"number": wc}),
        author="ZSM Werkplaats",
    )
    document.build(story)
    return buffer.getvalue()
