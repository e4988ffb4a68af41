"""The social map (institutions, their services, areas and contact persons) and referrals to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zsm.common.validators import PC4_VALIDATORS
from zsm.socialmap.constants import InstitutionKind, LegalBasis, Need, ReferralActor, ReferralStatus


class Institution(models.Model):
    """An agency on the social map. `verified_on` says when someone last confirmed the entry is right."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=InstitutionKind.choices)
    municipality = models.CharField(_("municipality"), max_length=100, db_index=True)
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    verified_on = models.DateField(_("last verified on"), null=True, blank=True, db_index=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [models.UniqueConstraint(fields=["name", "municipality"], name="institution_unique_name")]

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    """A postcode range (four-digit areas, inclusive) an institution serves; 1000–9999 is the whole country."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="areas")
    municipality = models.CharField(_("municipality"), max_length=100, blank=True, db_index=True)
    postcode_from = models.PositiveSmallIntegerField(_("postcode from"), validators=PC4_VALIDATORS)
    postcode_to = models.PositiveSmallIntegerField(_("postcode to"), validators=PC4_VALIDATORS)

    class Meta:
        ordering = ["postcode_from", "postcode_to"]
        verbose_name = _("area served")
        verbose_name_plural = _("areas served")
        indexes = [models.Index(fields=["postcode_from", "postcode_to"], name="service_area_range")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(postcode_from__lte=models.F("postcode_to")), name="service_area_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.postcode_from}–{self.postcode_to}"

    @property
    def width(self) -> int:
        return self.postcode_to - self.postcode_from + 1


class Service(models.Model):
    """What an institution offers for one need (a debt-help intake, a FACT team, a training)."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="services")
    need = models.CharField(_("need"), max_length=30, choices=Need.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["need", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    """Someone at the institution; the referral contact receives the acknowledgement links."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="contact_persons")
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    receives_referrals = models.BooleanField(_("receives referrals"), default=False)

    class Meta:
        ordering = ["-receives_referrals", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class Referral(models.Model):
    """A werkplaats worker asks an institution to help a client. Status changes go through `workflow`."""

    werkplaats_case = models.ForeignKey("workplace.WerkplaatsCase", on_delete=models.PROTECT, related_name="referrals")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="referrals")
    service = models.ForeignKey(Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals")
    contact_person = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    need = models.CharField(_("need"), max_length=30, choices=Need.choices)
    question = models.TextField(_("what we ask"))
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices, blank=True)
    consent_note = models.CharField(_("how consent was given"), max_length=300, blank=True)
    share_offence = models.BooleanField(_("share the offence details"), default=False)
    worker_phone = models.CharField(_("worker's phone number"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    intake_on = models.DateField(_("intake on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    # The day the worker last chased the institution; the next chase falls due a period later.
    chased_on = models.DateField(_("chased on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["institution", "status", "sent_at"], name="referral_institution_status")]

    def __str__(self) -> str:
        return f"{self.institution} ({self.get_status_display()})"


class ReferralTransition(models.Model):
    """One status change of a referral: when, from what to what, and who did it."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ReferralStatus.choices)
    occurred_at = models.DateTimeField(_("at"))
    actor_kind = models.CharField(_("by"), max_length=20, choices=ReferralActor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The name as it was then: a user's display name, or the institution's name for a link answer.
    actor_name = models.CharField(_("name"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("referral status change")
        verbose_name_plural = _("referral status changes")

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"


class ReferralLink(models.Model):
    """The single-use, expiring acknowledgement link of a sent referral. Only the token's SHA-256 is kept."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    recipient_email = models.EmailField(_("sent to"))
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    # A link stops working when the referral is withdrawn or sent again with a fresh link.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("acknowledgement link")
        verbose_name_plural = _("acknowledgement links")

    def __str__(self) -> str:
        return f"link {self.pk} for referral {self.referral_id}"
