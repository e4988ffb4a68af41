"""Signals: what the werkplaats finds wrong in an area, a municipality or an organisation (PRIMER §3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignalScope(models.TextChoices):
    AREA = "area", _("Area")
    MUNICIPALITY = "municipality", _("Municipality")
    ORGANISATION = "organisation", _("Organisation")


class SignalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RAISED = "raised", _("Raised")
    RESOLVED = "resolved", _("Resolved")
