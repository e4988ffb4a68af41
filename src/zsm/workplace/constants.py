"""Werkplaats statuses, selection signals, contact vocabularies and the time buckets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Signal(models.TextChoices):
    """A sign of heavy underlying problems behind a legally light case (PRIMER §2, target group)."""

    UNPAYABLE_DEBTS = "unpayable_debts", _("Unpayable debts")
    ADDICTION = "addiction", _("Addiction")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Long-running domestic violence")
    PSYCHIATRIC_PROBLEMS = "psychiatric_problems", _("Psychiatric problems")
    HOMELESSNESS = "homelessness", _("Homelessness")
    INTELLECTUAL_DISABILITY = "intellectual_disability", _("Intellectual disability")
    CONFUSED_BEHAVIOUR = "confused_behaviour", _("Confused behaviour")
    VICTIM_SAFETY = "victim_safety", _("Victim's safety at stake")


class WerkplaatsStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    ADVICE_GIVEN = "advice_given", _("Advice given")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")
    HANDED_OVER = "handed_over", _("Handed over")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A worker's caseload: the cases assigned to them that are not finished.
WORKING_STATUSES = frozenset(
    {
        WerkplaatsStatus.ASSIGNED,
        WerkplaatsStatus.IN_PROGRESS,
        WerkplaatsStatus.ADVICE_GIVEN,
        WerkplaatsStatus.MONITORING,
    }
)
OPEN_STATUSES = frozenset({WerkplaatsStatus.PROPOSED, *WORKING_STATUSES})
FINAL_STATUSES = frozenset({WerkplaatsStatus.CLOSED, WerkplaatsStatus.HANDED_OVER, WerkplaatsStatus.WITHDRAWN})
# Ending a case this way needs an outcome text (what was achieved, to whom it went).
OUTCOME_REQUIRED = frozenset({WerkplaatsStatus.CLOSED, WerkplaatsStatus.HANDED_OVER})
# Cases whose time counts in the team's hours distribution: picked up, open or finished.
# A proposal never picked up (proposed, withdrawn) has no casework to count.
PICKED_UP_STATUSES = frozenset({*WORKING_STATUSES, WerkplaatsStatus.CLOSED, WerkplaatsStatus.HANDED_OVER})


class ContactRole(models.TextChoices):
    ARRESTING_OFFICER = "arresting_officer", _("Arresting officer")
    COMMUNITY_OFFICER = "community_officer", _("Community officer")
    FAMILY = "family", _("Family")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    GGZ = "ggz", _("Mental-health care (GGZ)")
    GP = "gp", _("GP")
    HOUSING_CORPORATION = "housing_corporation", _("Housing corporation")
    MUNICIPALITY = "municipality", _("Municipality")
    CLIENT = "client", _("Client")
    OTHER = "other", _("Other")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    HOME_VISIT = "home_visit", _("Home visit")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    NOT_REACHED = "not_reached", _("Not reached")
    MESSAGE_LEFT = "message_left", _("Message left")


# "Unreachable today → try again tomorrow" (PRIMER §2): these get a follow-up date.
UNREACHED_OUTCOMES = frozenset({ContactOutcome.NOT_REACHED, ContactOutcome.MESSAGE_LEFT})

# The longest single activity we accept: a working day. More is a typing error.
MAX_ACTIVITY_MINUTES = 12 * 60

# Time per case, as the seeds count it (PRIMER §2: about half 0–3 h, a third 3–6 h, a sixth > 6 h).
# Edges: 0–3 h is up to and including 180 minutes; 3–6 h is 181 up to and including 360 minutes;
# > 6 h is 361 minutes or more. A case of exactly 3 hours belongs to 0–3 h.
LOW_BUCKET_MAX_MINUTES = 180
MIDDLE_BUCKET_MAX_MINUTES = 360
