"""The subject-access export as a readable PDF (reportlab, DejaVu Sans embedded as in workplace/pdf.py).

It lays out the collected document (see subject_access.py) and nothing else: it never reads the
database, so the PDF can hold no more than the JSON.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zsm.common.pdf import pdf_fonts

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")

# Field labels (English msgids; Dutch via the .po files).
LABELS = {
    "name": gettext_lazy("Name"),
    "given_names": gettext_lazy("Given names"),
    "surname_prefix": gettext_lazy("Surname prefix"),
    "surname": gettext_lazy("Surname"),
    "bsn": gettext_lazy("BSN"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "street": gettext_lazy("Street and house number"),
    "postcode": gettext_lazy("Postcode"),
    "municipality": gettext_lazy("Municipality"),
    "registered_at": gettext_lazy("Registered at"),
    "organisation": gettext_lazy("Organisation"),
    "started_on": gettext_lazy("Started on"),
    "ended_on": gettext_lazy("Ended on"),
    "reference": gettext_lazy("ZSM case"),
    "location": gettext_lazy("Location"),
    "police_registration_number": gettext_lazy("Police registration number"),
    "parketnummer": gettext_lazy("Parketnummer"),
    "status": gettext_lazy("Status"),
    "offence_date": gettext_lazy("Date of the offence"),
    "arrested_at": gettext_lazy("Arrested at"),
    "holding_ordered_at": gettext_lazy("Holding ordered at"),
    "holding_deadline": gettext_lazy("Holding ends at"),
    "examining_judge_deadline": gettext_lazy("Before the examining judge by"),
    "custody_started_at": gettext_lazy("Custody started at"),
    "custody_extended": gettext_lazy("Custody extended"),
    "custody_deadline": gettext_lazy("Custody ends at"),
    "incident_municipality": gettext_lazy("Municipality of the incident"),
    "incident_postcode": gettext_lazy("Postcode of the incident"),
    "age_at_offence": gettext_lazy("Age at the offence"),
    "minor": gettext_lazy("Minor"),
    "domestic_violence": gettext_lazy("Domestic violence"),
    "known_probation_client": gettext_lazy("Known probation client"),
    "under_supervision": gettext_lazy("Under supervision"),
    "decided_at": gettext_lazy("Decided at"),
    "victim_count": gettext_lazy("Number of victims"),
    "partner": gettext_lazy("Partner"),
    "state": gettext_lazy("State"),
    "known": gettext_lazy("Known in own systems"),
    "status_note": gettext_lazy("Status note"),
    "summary": gettext_lazy("Summary"),
    "advice": gettext_lazy("Advice"),
    "proposed_conditions": gettext_lazy("Proposed conditions"),
    "updated_at": gettext_lazy("Updated at"),
    "disposal": gettext_lazy("Disposal"),
    "dismissal_code": gettext_lazy("Dismissal code"),
    "conditions": gettext_lazy("Conditions"),
    "probation_period_months": gettext_lazy("Probation period (months)"),
    "fine_amount": gettext_lazy("Fine (EUR)"),
    "community_service_hours": gettext_lazy("Community service (hours)"),
    "driving_ban_months": gettext_lazy("Driving ban (months)"),
    "compensation_amount": gettext_lazy("Compensation to the victim (EUR)"),
    "behavioural_instruction": gettext_lazy("Behavioural instruction"),
    "intervention": gettext_lazy("Intervention"),
    "instruction_period_months": gettext_lazy("Instruction period (months)"),
    "summons": gettext_lazy("Summons"),
    "halt_hours": gettext_lazy("Halt hours"),
    "probation_involved": gettext_lazy("Probation involved"),
    "appointment_at": gettext_lazy("Appointment at"),
    "appointment_place": gettext_lazy("Appointment place"),
    "appointment_with": gettext_lazy("Appointment with"),
    "rationale": gettext_lazy("Rationale"),
    "signals": gettext_lazy("Signals"),
    "proposed_at": gettext_lazy("Proposed at"),
    "assigned_at": gettext_lazy("Assigned at"),
    "closed_at": gettext_lazy("Closed at"),
    "outcome": gettext_lazy("Outcome"),
    "handover_kind": gettext_lazy("Handed over for"),
    "handover_question": gettext_lazy("Advice question"),
    "logged_at": gettext_lazy("Logged at"),
    "role": gettext_lazy("Role"),
    "channel": gettext_lazy("Channel"),
    "minutes": gettext_lazy("Minutes"),
    "agency": gettext_lazy("Agency"),
    "help": gettext_lazy("Help"),
    "working": gettext_lazy("Does the help work?"),
    "has_lead": gettext_lazy("Has the lead"),
    "note": gettext_lazy("Note"),
    "recorded_at": gettext_lazy("Recorded at"),
    "scores": gettext_lazy("Scores"),
    "notes": gettext_lazy("Notes"),
    "protective_factors": gettext_lazy("Protective factors"),
    "risk_level": gettext_lazy("Risk level"),
    "problem_level": gettext_lazy("Problem level"),
    "approach": gettext_lazy("Recommended approach"),
    "professional_judgement": gettext_lazy("Professional judgement"),
    "reviewed_at": gettext_lazy("Reviewed at"),
    "review_note": gettext_lazy("Review note"),
    "shared_details": gettext_lazy("Shared with the OM"),
    "response": gettext_lazy("OM's answer"),
    "response_reason": gettext_lazy("Reason"),
    "responded_at": gettext_lazy("Answered at"),
    "description": gettext_lazy("Description"),
    "owner": gettext_lazy("Who does it"),
    "due_on": gettext_lazy("Due on"),
    "subject": gettext_lazy("What to check"),
    "checked_at": gettext_lazy("Checked at"),
    "number": gettext_lazy("Number"),
    "held_on": gettext_lazy("Held on"),
    "goals": gettext_lazy("Goals"),
    "spent_on": gettext_lazy("Date"),
    "activity": gettext_lazy("Activity"),
    "category": gettext_lazy("Category"),
    "text": gettext_lazy("Note"),
    "institution": gettext_lazy("Institution"),
    "service": gettext_lazy("Service"),
    "need": gettext_lazy("Need"),
    "question": gettext_lazy("What we ask"),
    "legal_basis": gettext_lazy("Legal basis"),
    "consent_note": gettext_lazy("How consent was given"),
    "offence_details_shared": gettext_lazy("Offence details shared"),
    "created_at": gettext_lazy("Created at"),
    "sent_at": gettext_lazy("Sent at"),
    "acknowledged_at": gettext_lazy("Acknowledged at"),
    "intake_on": gettext_lazy("Intake on"),
    "decline_reason": gettext_lazy("Reason for declining"),
    "occurred_at": gettext_lazy("Time"),
    "from": gettext_lazy("From"),
    "to": gettext_lazy("To"),
    "by": gettext_lazy("By"),
    "user": gettext_lazy("User"),
    "kind": gettext_lazy("Kind"),
    "action": gettext_lazy("Action"),
    "event": gettext_lazy("Event"),
    "purpose": gettext_lazy("Purpose"),
}
# Keys that are ids for linking the JSON together, not content for a reader.
HIDDEN = {"id", "case_id", "werkplaats_case_id", "object_type", "object_id"}


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = pdf_fonts()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("sar-title", parent=base["Title"], fontName=bold, fontSize=16, alignment=0),
        "h2": ParagraphStyle("sar-h2", parent=base["Heading2"], fontName=bold, fontSize=13, spaceBefore=12),
        "h3": ParagraphStyle("sar-h3", parent=base["Heading3"], fontName=bold, fontSize=11, spaceBefore=8),
        "body": ParagraphStyle("sar-body", parent=base["BodyText"], fontName=regular, fontSize=9.5, leading=12),
        "cell": ParagraphStyle("sar-cell", parent=base["BodyText"], fontName=regular, fontSize=8, leading=10),
        "head": ParagraphStyle("sar-head", parent=base["BodyText"], fontName=bold, fontSize=8, leading=10),
    }


def _label(key: str) -> str:
    return str(LABELS.get(key, key.replace("_", " ").capitalize()))


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, str) and ISO_TIME.match(value):
        return formats.date_format(datetime.fromisoformat(value), "d-m-Y H:i")
    if isinstance(value, str) and ISO_DATE.match(value):
        return formats.date_format(date.fromisoformat(value), "d-m-Y")
    if isinstance(value, list):
        return ", ".join(_value(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(f"{key}: {_value(item)}" for key, item in value.items())
    return str(value)


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)


def _text(value: Any) -> str:
    return escape(str(value)).replace("\n", "<br/>")


class _Report:
    def __init__(self) -> None:
        self.styles = _styles()
        self.story: list[Any] = []

    def heading(self, text: str, level: str = "h2") -> None:
        self.story.append(Paragraph(_text(text), self.styles[level]))

    def line(self, text: str) -> None:
        self.story.append(Paragraph(_text(text), self.styles["body"]))

    def _table(self, rows: list[list[Any]], widths: list[float], header: bool) -> None:
        table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")))
        table.setStyle(TableStyle(style))
        self.story.append(table)
        self.story.append(Spacer(1, 0.2 * cm))

    def fields(self, record: dict[str, Any], skip: set[str] | frozenset[str] = frozenset()) -> None:
        """A record as a two-column table of label and value (nested lists are left to the caller)."""
        rows = [
            [Paragraph(_text(_label(key)), self.styles["head"]), Paragraph(_text(_value(value)), self.styles["cell"])]
            for key, value in record.items()
            if key not in HIDDEN and key not in skip and not _is_records(value)
        ]
        if rows:
            self._table(rows, [5 * cm, 12 * cm], header=False)

    def records(self, title: str, items: list[dict[str, Any]], empty: str) -> None:
        """A list of records as one table, a column per field."""
        self.heading(title, "h3")
        if not items:
            self.line(empty)
            return
        keys = [key for key in items[0] if key not in HIDDEN and not isinstance(items[0][key], list | dict)]
        if len(keys) > 6:  # too wide for a row: one small table per record
            for item in items:
                self.fields(item)
            return
        rows = [[Paragraph(_text(_label(key)), self.styles["head"]) for key in keys]]
        rows += [[Paragraph(_text(_value(item.get(key))), self.styles["cell"]) for key in keys] for item in items]
        self._table(rows, [17 * cm / len(keys)] * len(keys), header=True)


def _casework(report: _Report, werkplaats: dict[str, Any]) -> None:
    report.heading(_("Werkplaats casework"), "h3")
    report.fields(werkplaats, skip={"advice"})
    report.records(_("Contacts"), werkplaats["contacts"], _("No contacts."))
    report.records(_("Help already there"), werkplaats["help_involvements"], _("None recorded."))
    report.heading(_("Assessments"), "h3")
    for assessment in werkplaats["assessments"]:
        report.fields(assessment)
    if not werkplaats["assessments"]:
        report.line(_("No assessment."))
    report.heading(_("Advice to the OM"), "h3")
    if werkplaats["advice"]:
        report.fields(werkplaats["advice"])
    else:
        report.line(_("No advice given."))
    report.records(_("Help plan"), werkplaats["help_plan"], _("No actions planned."))
    report.records(_("Monitoring checks"), werkplaats["monitoring_checks"], _("No checks planned."))
    report.records(_("Conversations"), werkplaats["conversations"], _("No conversations."))
    report.records(_("Time spent"), werkplaats["time_entries"], _("No other time recorded."))
    report.records(
        _("Health, addiction and psychiatry"), werkplaats["special_category_notes"], _("No notes of this kind.")
    )
    report.heading(_("Referrals"), "h3")
    for referral in werkplaats.get("referrals", []):
        report.fields(referral)
        report.records(_("Status changes"), referral["transitions"], _("No status changes."))
    if not werkplaats.get("referrals"):
        report.line(_("No referrals."))


def subject_access_pdf(document: dict[str, Any]) -> bytes:
    """The whole document, section by section: the person, each case with its casework, the access events."""
    report = _Report()
    person = document["person"]
    title = _("Subject access export: %(name)s") % {"name": person["name"]}
    report.story.append(Paragraph(_text(title), report.styles["title"]))
    report.line(_("Made on %(moment)s.") % {"moment": _value(document.get("generated_at"))})
    report.line(
        _(
            "Everything this system holds about this person, and every time their data was viewed, "
            "exported or changed. Information about other people is left out."
        )
    )

    report.heading(_("Personal record"))
    report.fields(person)
    report.records(_("Supervisions"), person["supervisions"], _("No supervision."))

    report.heading(_("ZSM cases"))
    if not document["cases"]:
        report.line(_("No ZSM cases."))
    for case in document["cases"]:
        report.heading(case["reference"], "h3")
        report.fields(case, skip={"offences", "decisions", "screenings", "werkplaats"})
        report.records(_("Offences"), case["offences"], _("No offences."))
        report.heading(_("Screenings by the partners"), "h3")
        for screening in case["screenings"]:
            report.fields(screening)
        if not case["screenings"]:
            report.line(_("No screenings."))
        report.heading(_("OM decision"), "h3")
        for decision in case["decisions"]:
            report.fields(decision)
        if not case["decisions"]:
            report.line(_("No decision."))
        if case.get("werkplaats"):
            _casework(report, case["werkplaats"])

    report.heading(_("Access events"))
    columns = ("occurred_at", "user", "organisation", "role", "action", "purpose")
    events = [{key: event[key] for key in columns} for event in document["access_events"]]
    for original, event in zip(document["access_events"], events, strict=True):
        if original.get("shown_in_list"):  # a seventh column would not fit the page: told with the action
            event["action"] = _("%(action)s (shown in a list)") % {"action": event["action"]}
    report.records(_("Who viewed, exported or changed this person's data"), events, _("No events."))

    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=str(_("Subject access export")),
        author="ZSM Werkplaats",
    ).build(report.story)
    return buffer.getvalue()
