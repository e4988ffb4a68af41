"""Organisations, ZSM locations, teams, users and their memberships (who works where, as what)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zsm.accounts.constants import ROLE_ORGANISATION_KINDS, OrganisationKind, Role


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A ZSM location (region), such as Midden-Nederland in Utrecht."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    city = models.CharField(_("city"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ZSM location")
        verbose_name_plural = _("ZSM locations")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="teams")

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    phone = models.CharField(_("phone number"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user works at a ZSM location for an organisation, in one role."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["location__name", "organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "location", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.organisation} · {self.location}"

    def clean(self) -> None:
        allowed = ROLE_ORGANISATION_KINDS.get(self.role, frozenset())
        if self.organisation_id and self.organisation.kind not in allowed:
            raise ValidationError({"role": _("This role cannot be held in this kind of organisation.")})
        if self.team is not None and self.organisation_id and self.team.organisation_id != self.organisation_id:
            raise ValidationError({"team": _("The team belongs to another organisation.")})


class ApiToken(models.Model):
    """A system's API key. Only its SHA-256 is stored; the key itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, help_text=_("The first characters, to recognise a key."))
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class UserSession(models.Model):
    """The sessions a user has open, so they can all be ended at once (deactivation, reset)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="open_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("open session")
        verbose_name_plural = _("open sessions")

    def __str__(self) -> str:
        return f"{self.user} @ {self.created_at:%Y-%m-%d %H:%M}"
