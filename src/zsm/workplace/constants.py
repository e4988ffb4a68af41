"""Werkplaats statuses, selection signals, contact vocabularies and the time buckets."""

from __future__ import annotations

from datetime import time

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

# What the contact form starts with, so a call is logged with few keys (issue 13): a call (most contacts
# are, PRIMER §2) of the usual 10 minutes; a call back that again goes unanswered takes about 2.
CONTACT_MINUTES_DEFAULT = 10
UNREACHED_CALL_MINUTES_DEFAULT = 2

# Time per case, as the seeds count it (PRIMER §2: about half 0–3 h, a third 3–6 h, a sixth > 6 h).
# Edges: 0–3 h is up to and including 180 minutes; 3–6 h is 181 up to and including 360 minutes;
# > 6 h is 361 minutes or more. A case of exactly 3 hours belongs to 0–3 h.
LOW_BUCKET_MAX_MINUTES = 180
MIDDLE_BUCKET_MAX_MINUTES = 360


# --- Help already there (PRIMER §2: "who has the lead — regie?") -----------------------------


class HelpWorking(models.TextChoices):
    YES = "yes", _("Works")
    PARTLY = "partly", _("Works partly")
    NO = "no", _("Does not work")
    UNKNOWN = "unknown", _("Unknown yet")


# --- RISc light (PRIMER §2): decision support, not a validated instrument --------------------


class LifeArea(models.TextChoices):
    """The RISc life areas, each scored 0 (no problem) – 2 (serious problem)."""

    OFFENCE_HISTORY = "offence_history", _("Offence history")
    HOUSING = "housing", _("Housing")
    EDUCATION_WORK = "education_work", _("Education and work")
    INCOME_DEBTS = "income_debts", _("Income and debts")
    RELATIONSHIPS = "relationships", _("Relationship with partner and family")
    FRIENDS = "friends", _("Friends and acquaintances")
    DRUGS = "drugs", _("Drugs")
    ALCOHOL = "alcohol", _("Alcohol")
    EMOTIONAL_WELLBEING = "emotional_wellbeing", _("Emotional wellbeing")
    THINKING_BEHAVIOUR = "thinking_behaviour", _("Thinking and behaviour")
    ATTITUDE = "attitude", _("Attitude")


MAX_AREA_SCORE = 2
# Areas that say most about the risk of reoffending (criminal history, criminal thinking and
# attitude, antisocial company: the "big four" of risk–need–responsivity besides personality).
RISK_AREAS = frozenset({LifeArea.OFFENCE_HISTORY, LifeArea.FRIENDS, LifeArea.THINKING_BEHAVIOUR, LifeArea.ATTITUDE})
# Areas whose notes are special-category data (health, addiction, psychiatry): probation only.
SPECIAL_CATEGORY_AREAS = frozenset({LifeArea.DRUGS, LifeArea.ALCOHOL, LifeArea.EMOTIONAL_WELLBEING})
# The matrix has two axes with two values each (seed 001 §6.3: "hoog risico" / "laag risico",
# "veel" / "weinig problematiek"). High risk: the four risk areas sum to at least this (of 8): at least
# half the maximum. A team setting for decision support, not law.
RISK_HIGH_MIN = 4
# Problem level: "many" when at least this many of the other areas score 2, or twice this many score ≥ 1.
MANY_PROBLEMS_SERIOUS_AREAS = 2


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low risk")
    HIGH = "high", _("High risk")


class ProblemLevel(models.TextChoices):
    FEW = "few", _("Few problems")
    MANY = "many", _("Many problems")


class Approach(models.TextChoices):
    """The report's decision matrix (seed 001 §6.3): one combined advice per cell of risk × problems."""

    RISK_AND_CARE = "risk_and_care", _("Risk-management plan and a care and guidance plan")
    RISK_MANAGEMENT = "risk_management", _("Risk-management plan")
    VOLUNTARY_CARE = "voluntary_care", _("No heavy legal frame: guidance and care in a voluntary frame")
    NOTHING = "nothing", _("Do nothing")


# Seed 001 §6.3, cell by cell: high risk → a risk-management plan; many problems → a care and guidance
# plan; both → both; low risk but problems → no heavy legal frame, guidance and care; low and few → nothing.
APPROACH_MATRIX: dict[tuple[str, str], str] = {
    (RiskLevel.HIGH, ProblemLevel.MANY): Approach.RISK_AND_CARE,
    (RiskLevel.HIGH, ProblemLevel.FEW): Approach.RISK_MANAGEMENT,
    (RiskLevel.LOW, ProblemLevel.MANY): Approach.VOLUNTARY_CARE,
    (RiskLevel.LOW, ProblemLevel.FEW): Approach.NOTHING,
}


class AssessmentStatus(models.TextChoices):
    AWAITING_REVIEW = "awaiting_review", _("Awaiting a colleague's review")
    CONFIRMED = "confirmed", _("Confirmed")
    CHALLENGED = "challenged", _("Challenged")


# --- Advice to the OM -------------------------------------------------------------------------


class AdviceResponse(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


USEFULNESS_MIN, USEFULNESS_MAX = 1, 5


# --- Help plan and monitoring -----------------------------------------------------------------


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class CheckOutcome(models.TextChoices):
    RUNNING = "running", _("Help is running")
    NOT_RUNNING_CHASED = "not_running_chased", _("Not running: agency chased")
    NOT_RUNNING_ESCALATED = "not_running_escalated", _("Not running: escalated")
    ENDED = "ended", _("Help has ended")


# --- Short trajectory (Utrecht's five-conversation model) --------------------------------------

MAX_CONVERSATIONS = 5


# --- Other time (every activity carries minutes) ----------------------------------------------


class ActivityKind(models.TextChoices):
    CASE_REVIEW = "case_review", _("Case review")
    REPORTING = "reporting", _("Writing and reporting")
    CONSULTATION = "consultation", _("Consultation with colleagues")
    CASE_CONFERENCE = "case_conference", _("Case conference")
    TRAVEL = "travel", _("Travel")
    OTHER = "other", _("Other")


# --- Special-category notes -------------------------------------------------------------------


class NoteCategory(models.TextChoices):
    HEALTH = "health", _("Health")
    ADDICTION = "addiction", _("Addiction")
    PSYCHIATRY = "psychiatry", _("Psychiatry")


# --- Hand-over to regular probation ------------------------------------------------------------


class HandoverKind(models.TextChoices):
    ADVICE = "advice", _("Regular probation: advice report")
    SUPERVISION = "supervision", _("Regular probation: supervision")


# What the werkplaats may recommend (decisions.Disposal values; the OM decides, the caps apply there).
ADVISABLE_DISPOSALS = frozenset({"policy_dismissal", "conditional_dismissal", "strafbeschikking", "summons", "halt"})


# --- The OM's queue -------------------------------------------------------------------------------------

# When the OM is to answer a werkplaats advice: by ADVICE_ANSWER_BY (Dutch time) on the ADVICE_ANSWER_WORKING_DAYS-th
# working day after the day it was given. A working agreement between the werkplaats and the OM, not a legal term
# (the law sets none; the holding and custody clocks still bind while the suspect is held). Applied in one place:
# `workplace.selectors.advice_answer_due`. See docs/glossary.md ("answer-by time").
ADVICE_ANSWER_WORKING_DAYS = 1
ADVICE_ANSWER_BY = time(17, 0)


class QueueKind(models.TextChoices):
    """What waits for the OM in a row of its queue."""

    ADVICE = "advice", _("Advice waiting for your answer")
    REFERRED = "referred", _("Referred to the werkplaats: its advice is still to come")
    READY = "ready", _("Ready for your decision")
