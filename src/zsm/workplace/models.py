"""The werkplaats: selection criteria per location, werkplaats cases and their contact log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zsm.workplace.constants import ContactChannel, ContactOutcome, ContactRole, Signal, WerkplaatsStatus


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
