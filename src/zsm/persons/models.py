"""Persons (suspects, and later clients) and probation supervision."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from zsm.common.validators import validate_bsn
from zsm.persons.names import first_initial, surname_key


class Person(models.Model):
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    given_names = models.CharField(_("given names"), max_length=200)
    surname_prefix = models.CharField(_("surname prefix"), max_length=30, blank=True)
    surname = models.CharField(_("surname"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), db_index=True)
    street = models.CharField(_("street and house number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    # Folded forms of the name, kept for matching at intake (see persons/names.py).
    surname_key = models.CharField(max_length=200, editable=False, db_index=True)
    initial = models.CharField(max_length=1, editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the retention purge once every case is past the police-data term: name, BSN and
    # address are gone; the row stays as the pseudonym the remaining OM decisions point at.
    pseudonymised_at = models.DateTimeField(_("pseudonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [models.UniqueConstraint(fields=["bsn"], condition=~Q(bsn=""), name="person_unique_bsn")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.surname_key = surname_key(self.surname, self.surname_prefix)
        self.initial = first_initial(self.given_names)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def full_name(self) -> str:
        if self.pseudonymised_at is not None:
            return str(_("Pseudonymised person %(number)s") % {"number": self.pk})
        return " ".join(part for part in (self.given_names, self.surname_prefix, self.surname) if part)

    @property
    def display_surname(self) -> str:
        if self.pseudonymised_at is not None:
            return self.full_name
        return " ".join(part for part in (self.surname_prefix, self.surname) if part)

    def birth_shown(self, fmt: str = "d-m-Y") -> str:
        """The date of birth as pages and PDFs show it: only the year once pseudonymised (1 January is no birthday)."""
        if self.pseudonymised_at is not None:
            return str(self.date_of_birth.year)
        return date_format(self.date_of_birth, fmt)

    def age_on(self, day: date) -> int:
        before_birthday = (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day)
        return day.year - self.date_of_birth.year - before_birthday


class Supervision(models.Model):
    """A probation organisation supervises this person (toezicht), with a named supervisor."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="supervisions")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions")
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation}"

    def is_active_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)
