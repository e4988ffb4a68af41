"""The werkplaats: selection criteria per location, werkplaats cases and their contact log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zsm.common.fields import EncryptedTextField
from zsm.common.validators import PC4_VALIDATORS
from zsm.decisions.constants import Disposal
from zsm.workplace import assessment as assessment_rules
from zsm.workplace.constants import (
    ActionStatus,
    ActivityKind,
    AdviceResponse,
    Approach,
    AssessmentStatus,
    CheckOutcome,
    ContactChannel,
    ContactOutcome,
    ContactRole,
    HandoverKind,
    HelpWorking,
    NoteCategory,
    ProblemLevel,
    RiskLevel,
    Signal,
    WerkplaatsStatus,
)


class SelectionCriterion(models.Model):
    """A signal a location's werkplaats selects cases on (the shared criteria of PRIMER §3)."""

    location = models.ForeignKey("accounts.Location", on_delete=models.CASCADE, related_name="selection_criteria")
    signal = models.CharField(_("signal"), max_length=30, choices=Signal.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["location", "signal"]
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")
        constraints = [
            models.UniqueConstraint(fields=["location", "signal"], name="selection_criterion_one_per_signal")
        ]

    def __str__(self) -> str:
        return f"{self.location} – {self.get_signal_display()}"


class TeamArea(models.Model):
    """A postcode range (four-digit areas, inclusive) a werkplaats team covers (area-based work, seed 004)."""

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("name"), max_length=100)
    postcode_from = models.PositiveSmallIntegerField(_("postcode from"), validators=PC4_VALIDATORS)
    postcode_to = models.PositiveSmallIntegerField(_("postcode to"), validators=PC4_VALIDATORS)

    class Meta:
        ordering = ["postcode_from", "postcode_to"]
        verbose_name = _("team area")
        verbose_name_plural = _("team areas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(postcode_from__lte=models.F("postcode_to")), name="team_area_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.postcode_from}–{self.postcode_to})"


class WerkplaatsCase(models.Model):
    """A ZSM case the werkplaats works on: proposed at the table, assigned to one worker."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="werkplaats_case")
    # Signal values (see Signal); at least one, validated by the service.
    signals = models.JSONField(_("signals"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=WerkplaatsStatus.choices, default=WerkplaatsStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"), db_index=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="werkplaats_cases",
        verbose_name=_("werkplaats worker"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    handover_kind = models.CharField(_("handed over for"), max_length=20, choices=HandoverKind.choices, blank=True)
    handover_question = models.TextField(_("advice question"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every change raises it; a write based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("werkplaats case")
        verbose_name_plural = _("werkplaats cases")
        indexes = [models.Index(fields=["worker", "status"], name="werkplaats_worker_status")]

    def __str__(self) -> str:
        return f"WP-{self.case_id}"


class Contact(models.Model):
    """One attempt to gather context: a call, a home visit, an e-mail. Its minutes count as time."""

    werkplaats_case = models.ForeignKey(WerkplaatsCase, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(_("role"), max_length=30, choices=ContactRole.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=200)
    # The number the person was called on, kept for the call back (validated as a Dutch number by the service).
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ContactOutcome.choices)
    summary = models.TextField(_("summary"), blank=True)
    minutes = models.PositiveIntegerField(_("minutes"))
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True, db_index=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(_("logged at"), db_index=True)

    class Meta:
        ordering = ["-logged_at", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [models.CheckConstraint(condition=models.Q(minutes__gt=0), name="contact_minutes_positive")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"


class Intervention(models.Model):
    """A short behavioural intervention the werkplaats can propose as a condition (PRIMER §2, point 6)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    # An adapted, shorter version of an existing programme (e.g. BORG for a father and son).
    adapted_from = models.CharField(_("adapted from"), max_length=200, blank=True)
    sessions = models.PositiveSmallIntegerField(_("sessions"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return self.name


class _CaseworkItem(models.Model):
    """Something the worker did or recorded on a werkplaats case: who, when."""

    werkplaats_case = models.ForeignKey(WerkplaatsCase, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), db_index=True)

    class Meta:
        abstract = True


class HelpInvolvement(_CaseworkItem):
    """Help already there: an agency involved, whether its help works, and whether it has the lead."""

    werkplaats_case = models.ForeignKey(WerkplaatsCase, on_delete=models.CASCADE, related_name="help_involvements")
    agency = models.CharField(_("agency"), max_length=200)
    help = models.CharField(_("help"), max_length=300, blank=True)
    working = models.CharField(_("does the help work?"), max_length=10, choices=HelpWorking.choices)
    has_lead = models.BooleanField(_("has the lead (regie)"), default=False)
    note = models.TextField(_("note"), blank=True)
    # Worker and coordinator may both correct an entry: a change based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["agency", "pk"]
        verbose_name = _("help involvement")
        verbose_name_plural = _("help involvements")
        constraints = [
            # One agency has the lead, or none does: two leads is no lead.
            models.UniqueConstraint(
                fields=["werkplaats_case"], condition=models.Q(has_lead=True), name="help_one_lead_per_case"
            )
        ]

    def __str__(self) -> str:
        return self.agency


class Assessment(_CaseworkItem):
    """A "RISc light": life areas scored 0–2 with notes, derived levels, the judgement, a colleague's review."""

    werkplaats_case = models.ForeignKey(WerkplaatsCase, on_delete=models.CASCADE, related_name="assessments")
    scores = models.JSONField(_("scores"), default=dict)  # LifeArea value -> 0, 1 or 2
    # Area notes as JSON text, encrypted: several areas hold health and addiction details.
    area_notes = EncryptedTextField(_("notes per life area"), blank=True)
    protective_factors = EncryptedTextField(_("protective factors"), blank=True)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    problem_level = models.CharField(_("problem level"), max_length=10, choices=ProblemLevel.choices)
    approach = models.CharField(_("recommended approach"), max_length=30, choices=Approach.choices)
    professional_judgement = EncryptedTextField(_("professional judgement"))
    minutes = models.PositiveIntegerField(_("minutes"))
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.AWAITING_REVIEW
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [models.CheckConstraint(condition=models.Q(minutes__gt=0), name="assessment_minutes_positive")]

    def __str__(self) -> str:
        return f"{self.werkplaats_case} – {self.get_risk_level_display()}"

    @property
    def matrix(self) -> list[list[assessment_rules.MatrixCell]]:
        """The two-axis matrix with this assessment's cell marked (for the page and the summary)."""
        return assessment_rules.matrix(assessment_rules.Outcome(self.risk_level, self.problem_level, self.approach))


class Advice(_CaseworkItem):
    """The werkplaats' "format-free little report" to the OM, and the OM's answer to it."""

    werkplaats_case = models.OneToOneField(WerkplaatsCase, on_delete=models.CASCADE, related_name="advice")
    disposal = models.CharField(_("recommended disposal"), max_length=30)  # a decisions.Disposal value
    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("intervention")
    )
    conditions = models.TextField(_("conditions"), blank=True)
    rationale = models.TextField(_("rationale"))
    # What the worker chooses to share with the OM about health, addiction or psychiatry.
    shared_details = EncryptedTextField(_("shared with the OM"), blank=True)
    minutes = models.PositiveIntegerField(_("minutes"))
    response = models.CharField(_("OM's answer"), max_length=20, choices=AdviceResponse.choices, blank=True)
    response_reason = models.TextField(_("reason"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    usefulness = models.PositiveSmallIntegerField(_("usefulness (1–5)"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("advice")
        verbose_name_plural = _("advice")
        constraints = [
            models.CheckConstraint(condition=models.Q(minutes__gt=0), name="advice_minutes_positive"),
            models.CheckConstraint(
                condition=models.Q(usefulness__isnull=True) | models.Q(usefulness__gte=1, usefulness__lte=5),
                name="advice_usefulness_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.werkplaats_case} – {self.disposal}"

    @property
    def disposal_label(self) -> str:
        return str(Disposal(self.disposal).label) if self.disposal in Disposal.values else self.disposal


class HelpAction(_CaseworkItem):
    """A planned action of the help plan: what, by whom, by when."""

    werkplaats_case = models.ForeignKey(WerkplaatsCase, on_delete=models.CASCADE, related_name="help_actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("who does it"), max_length=200)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED)

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("help-plan action")
        verbose_name_plural = _("help-plan actions")

    def __str__(self) -> str:
        return self.description


class MonitoringCheck(_CaseworkItem):
    """Finger on the pulse: is the help running? If not, chase the agency. Its minutes count once done."""

    werkplaats_case = models.ForeignKey(WerkplaatsCase, on_delete=models.CASCADE, related_name="monitoring_checks")
    subject = models.CharField(_("what to check"), max_length=300)
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), db_index=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=CheckOutcome.choices, blank=True)
    outcome_note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"), default=0)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("monitoring check")
        verbose_name_plural = _("monitoring checks")

    def __str__(self) -> str:
        return f"{self.subject} ({self.due_on})"


class Conversation(_CaseworkItem):
    """One of at most five conversations of the short trajectory."""

    werkplaats_case = models.ForeignKey(WerkplaatsCase, on_delete=models.CASCADE, related_name="conversations")
    number = models.PositiveSmallIntegerField(_("number"))
    held_on = models.DateField(_("held on"))
    goals = models.TextField(_("goals"))
    notes = EncryptedTextField(_("notes"), blank=True)
    minutes = models.PositiveIntegerField(_("minutes"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(fields=["werkplaats_case", "number"], name="conversation_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1, number__lte=5), name="conversation_at_most_5"),
            models.CheckConstraint(condition=models.Q(minutes__gt=0), name="conversation_minutes_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.werkplaats_case} – {self.number}"


class TimeEntry(_CaseworkItem):
    """Time on a case that is not a contact, assessment, advice, check or conversation (case review, reports…)."""

    werkplaats_case = models.ForeignKey(WerkplaatsCase, on_delete=models.CASCADE, related_name="time_entries")
    kind = models.CharField(_("activity"), max_length=20, choices=ActivityKind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"))
    spent_on = models.DateField(_("date"))

    class Meta:
        ordering = ["-spent_on", "-pk"]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        constraints = [models.CheckConstraint(condition=models.Q(minutes__gt=0), name="time_entry_minutes_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.minutes} min"


class SpecialCategoryNote(_CaseworkItem):
    """A note about health, addiction or psychiatry: encrypted, and only probation ever reads it."""

    werkplaats_case = models.ForeignKey(WerkplaatsCase, on_delete=models.CASCADE, related_name="special_notes")
    category = models.CharField(_("category"), max_length=20, choices=NoteCategory.choices)
    text = EncryptedTextField(_("note"))

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("special-category note")
        verbose_name_plural = _("special-category notes")

    def __str__(self) -> str:
        return f"{self.werkplaats_case} – {self.get_category_display()}"
