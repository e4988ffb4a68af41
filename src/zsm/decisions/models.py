"""The OM's disposal decision on a ZSM case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zsm.decisions.constants import Disposal, ServedHow, SummonsType
from zsm.decisions.dismissal_grounds import ground_label


class Decision(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="decisions")
    disposal = models.CharField(_("disposal"), max_length=30, choices=Disposal.choices)
    # The OM's sepotgrond; its wording comes from `dismissal_grounds` (the annex in force, or a retired code).
    dismissal_code = models.CharField(_("dismissal code"), max_length=2, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    probation_period_months = models.PositiveSmallIntegerField(_("probation period (months)"), null=True, blank=True)
    fine_amount = models.DecimalField(_("fine (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True)
    community_service_hours = models.PositiveSmallIntegerField(_("community service (hours)"), null=True, blank=True)
    driving_ban_months = models.PositiveSmallIntegerField(_("driving ban (months)"), null=True, blank=True)
    compensation_amount = models.DecimalField(
        _("compensation to the victim (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    behavioural_instruction = models.TextField(_("behavioural instruction"), blank=True)
    # A short behavioural intervention from the werkplaats catalogue, made a condition of the disposal.
    intervention = models.ForeignKey(
        "workplace.Intervention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intervention as condition"),
    )
    instruction_period_months = models.PositiveSmallIntegerField(
        _("instruction period (months)"), null=True, blank=True
    )
    # Art. 257c Sv: when the OM heard (or will hear, at an OM session) the suspect before the strafbeschikking.
    om_hearing_at = models.DateTimeField(_("suspect heard by the OM at"), null=True, blank=True)
    summons_type = models.CharField(_("summons"), max_length=20, choices=SummonsType.choices, blank=True)
    halt_hours = models.PositiveSmallIntegerField(_("Halt hours"), null=True, blank=True)
    halt_with_consent = models.BooleanField(_("Halt with the officer's express consent"), default=False)
    probation_involved = models.BooleanField(_("probation involved"), default=False)
    appointment_at = models.DateTimeField(_("appointment at"), null=True, blank=True)
    appointment_place = models.CharField(_("appointment place"), max_length=200, blank=True)
    appointment_with = models.CharField(_("appointment with"), max_length=200, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))
    # A strafbeschikking's objection term (art. 257e Sv) runs from when the suspect got it, not from the decision.
    served_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    served_how = models.CharField(_("handed over how"), max_length=20, choices=ServedHow.choices, blank=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.case}: {self.get_disposal_display()}"

    def get_dismissal_code_display(self) -> str:
        return ground_label(self.dismissal_code)
