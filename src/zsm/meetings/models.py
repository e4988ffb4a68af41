"""The signal register: gaps and bumps in local services found from case level, and what is done about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zsm.meetings.constants import SignalScope, SignalStatus


class Signal(models.Model):
    """A signal about an area, a municipality or an organisation, with the cases that show it."""

    location = models.ForeignKey("accounts.Location", on_delete=models.PROTECT, related_name="signals")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what goes wrong"))
    scope = models.CharField(_("about"), max_length=20, choices=SignalScope.choices)
    # What the signal is about: an area or municipality by name, or an institution on the social map.
    subject = models.CharField(_("area, municipality or organisation"), max_length=200, blank=True)
    institution = models.ForeignKey(
        "socialmap.Institution", on_delete=models.PROTECT, null=True, blank=True, related_name="signals"
    )
    cases = models.ManyToManyField("workplace.WerkplaatsCase", blank=True, related_name="raised_signals")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_signals", verbose_name=_("owner")
    )
    action = models.TextField(_("where we raise it and who does it"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SignalStatus.choices, default=SignalStatus.OPEN)
    resolution = models.TextField(_("what became of it"), blank=True)
    from_candidate = models.BooleanField(_("raised from a candidate"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), db_index=True)
    raised_at = models.DateTimeField(_("raised at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self) -> str:
        return self.title
