"""The ZSM case: a fresh arrest that the partners at a location handle together."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zsm.cases.constants import (
    CRIMINAL_RESPONSIBILITY_AGE,
    CaseStatus,
    HaltDesignation,
    Known,
    OffenceKind,
    Partner,
    ScreeningState,
)
from zsm.cases.notices import NoticeText, notice_render


class Case(models.Model):
    location = models.ForeignKey("accounts.Location", on_delete=models.PROTECT, related_name="cases")
    suspect = models.ForeignKey("persons.Person", on_delete=models.PROTECT, related_name="cases")
    police_registration_number = models.CharField(_("police registration number"), max_length=40)
    parketnummer = models.CharField(_("parketnummer"), max_length=12, blank=True)
    offence_date = models.DateField(_("date of the offence"))
    arrested_at = models.DateTimeField(_("arrested at"))
    holding_ordered_at = models.DateTimeField(_("holding ordered at"))
    # Empty for a child under 12 (art. 486 Sv): outside criminal law there is no criminal clock.
    holding_deadline = models.DateTimeField(_("holding ends at"), null=True, blank=True, db_index=True)
    # Art. 56b Sv: once, by at most six hours, to establish identity (offences without pre-trial detention).
    identity_extended = models.BooleanField(_("extended to establish identity"), default=False)
    examining_judge_deadline = models.DateTimeField(_("before the examining judge by"), null=True, blank=True)
    # Inverzekeringstelling: ordered after the holding period, only for pre-trial-detention offences.
    custody_started_at = models.DateTimeField(_("custody started at"), null=True, blank=True)
    custody_extended = models.BooleanField(_("custody extended"), default=False)
    # While in custody, the clock that counts: the custody end or the examining judge, whichever is first.
    custody_deadline = models.DateTimeField(_("custody ends at"), null=True, blank=True)
    incident_municipality = models.CharField(_("municipality of the incident"), max_length=100, blank=True)
    incident_postcode = models.CharField(_("postcode of the incident"), max_length=7, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    # Facts fixed at intake, stored so the board and the access rules need no extra queries.
    is_minor = models.BooleanField(_("minor"), default=False, db_index=True)
    suspect_age = models.PositiveSmallIntegerField(_("age at the offence"))
    domestic_violence = models.BooleanField(_("domestic violence"), default=False)
    known_probation_client = models.BooleanField(_("known probation client"), default=False)
    under_supervision = models.BooleanField(_("under supervision"), default=False)
    werkplaats_candidate = models.BooleanField(_("werkplaats candidate"), default=False)
    pretrial_detention_allowed = models.BooleanField(_("pre-trial detention allowed"), default=False)
    # A child under 12: the police mark concerns about its safety at home and record the report to
    # Veilig Thuis (the Raad hears of every such case at intake).
    child_safety_concern = models.BooleanField(_("concerns about the child's safety"), default=False)
    veilig_thuis_reported_at = models.DateTimeField(_("reported to Veilig Thuis at"), null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered at"), db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Set by the retention purge when the police-sourced data (victims, screenings' notes, police
    # registration number, exact incident postcode) is gone; the decision stays for its own term.
    pseudonymised_at = models.DateTimeField(_("pseudonymised at"), null=True, blank=True)
    # Optimistic concurrency: every change raises it; a write based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["holding_deadline"]
        verbose_name = _("ZSM case")
        verbose_name_plural = _("ZSM cases")
        indexes = [models.Index(fields=["location", "status"], name="case_location_status")]

    def __str__(self) -> str:
        return f"ZSM-{self.pk}"

    @property
    def reference(self) -> str:
        return f"ZSM-{self.pk}"

    @property
    def current_deadline(self) -> datetime | None:
        """The deadline the table works against now: custody once ordered, else the holding period
        (None for a child under 12: no criminal clock)."""
        return self.custody_deadline or self.holding_deadline

    @property
    def under_twelve(self) -> bool:
        """Art. 486 Sv: younger than 12 on the day of the offence, so outside criminal law."""
        return self.suspect_age < CRIMINAL_RESPONSIBILITY_AGE


class CaseOffence(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="offences")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("code"), max_length=30)
    description = models.CharField(_("description"), max_length=200)
    pretrial_detention_allowed = models.BooleanField(_("pre-trial detention allowed"))
    max_penalty_years = models.DecimalField(_("maximum penalty (years)"), max_digits=4, decimal_places=2)
    # Fixed at intake from the catalogue (or as the police stated them for an offence it does not list).
    kind = models.CharField(_("kind"), max_length=12, choices=OffenceKind.choices, default=OffenceKind.MISDRIJF)
    halt = models.CharField(_("Halt"), max_length=12, choices=HaltDesignation.choices, blank=True, default="")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("offence")
        verbose_name_plural = _("offences")

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class Victim(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="victims")
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    # Set by the police: only then may Slachtofferhulp see the contact details (DESIGN §4).
    refer_to_victim_support = models.BooleanField(_("refer to Slachtofferhulp"), default=False)

    class Meta:
        verbose_name = _("victim")
        verbose_name_plural = _("victims")

    def __str__(self) -> str:
        return self.name


class Screening(models.Model):
    """One partner's contribution to a case: what its own systems say and what it advises."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="screenings")
    partner = models.CharField(_("partner"), max_length=20, choices=Partner.choices)
    state = models.CharField(_("state"), max_length=20, choices=ScreeningState.choices, default=ScreeningState.OPEN)
    known = models.CharField(_("known in own systems"), max_length=12, choices=Known.choices, default=Known.UNKNOWN)
    status_note = models.CharField(_("status"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    advice = models.TextField(_("advice"), blank=True)
    proposed_conditions = models.TextField(_("proposed conditions"), blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "partner"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        constraints = [models.UniqueConstraint(fields=["case", "partner"], name="screening_one_per_partner")]

    def __str__(self) -> str:
        return f"{self.case} – {self.get_partner_display()}"


class Notification(models.Model):
    """The in-app inbox: e.g. "your client was arrested" for a probation supervisor."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # Which message it is and the values it names; rendered in the reader's language (`cases.notices`).
    message_key = models.CharField(_("message"), max_length=60, blank=True, default="")
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # Rows from before message keys kept their text, shown as written; new rows leave these empty.
    subject = models.CharField(_("subject"), max_length=200, blank=True, default="")
    body = models.TextField(_("message"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.message.subject

    @property
    def message(self) -> NoticeText:
        """Subject and body in the active language (the reader's, or the e-mail's)."""
        return notice_render(message_key=self.message_key, params=self.params, subject=self.subject, body=self.body)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
