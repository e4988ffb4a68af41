"""What the audit log records: kinds of event and the processing activities (purposes)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    ACCESS = "access", _("Access to personal data")
    BUSINESS = "business", _("Business event")
    SECURITY = "security", _("Security event")


class Action(models.TextChoices):
    VIEW = "view", _("viewed")
    SEARCH = "search", _("found in a search")
    EXPORT = "export", _("exported")
    PRINT = "print", _("printed")
    DISCLOSE = "disclose", _("disclosed")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    LOGIN = "login", _("logged in")
    LOGOUT = "logout", _("logged out")


class Purpose(models.TextChoices):
    """Processing activities (verwerkingsactiviteiten) in the sense of the Logboek Dataverwerkingen."""

    ZSM_ASSESSMENT = "zsm_beoordeling", _("Joint ZSM assessment of a case")
    OM_DECISION = "om_afdoening", _("OM disposal decision")
    PROBATION_SCREENING = "reclasseringsscreening", _("Probation screening")
    WERKPLAATS_CASEWORK = "werkplaats", _("Werkplaats casework")
    HANDOVER = "overdracht_reclassering", _("Hand-over to regular probation")
    REFERRAL = "verwijzing", _("Referral to a care or support institution")
    VICTIM_SUPPORT = "slachtofferhulp", _("Victim support")
    CHILD_PROTECTION = "kinderbescherming", _("Child protection")
    SAFETY_HOUSE = "veiligheidshuis", _("Safety-house case conference")
    ADMINISTRATION = "beheer", _("Functional administration")
    PRIVACY_SUPERVISION = "privacytoezicht", _("Privacy supervision")
    SUBJECT_ACCESS = "inzageverzoek", _("Subject access request")
    ACCOUNT_SECURITY = "accountbeveiliging", _("Account security")


class SubjectAccessStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class SubjectAccessStep(models.TextChoices):
    """What the export task is doing now, shown on the status page."""

    WAITING = "waiting", _("Waiting for the task worker")
    PERSON = "person", _("Collecting the personal record")
    CASES = "cases", _("Collecting ZSM cases")
    DECISIONS = "decisions", _("Collecting OM decisions")
    CASEWORK = "casework", _("Collecting werkplaats casework")
    REFERRALS = "referrals", _("Collecting referrals")
    EVENTS = "events", _("Collecting access events")
    DOCUMENT = "document", _("Making the PDF")
    FINISHED = "finished", _("Finished")


class RetentionClass(models.TextChoices):
    """Data classes with their own retention term (settings.ZSM_RETENTION_DAYS), in purge order."""

    REFERRAL_LINKS = "referral_links", _("Referral links")
    SPECIAL_CATEGORY_NOTES = "special_category_notes", _("Special-category notes")
    WERKPLAATS_CASEWORK = "werkplaats_casework", _("Werkplaats casework and referrals")
    POLICE_DATA = "police_data", _("Police-sourced data (victims, screenings, identities)")
    OM_DECISIONS = "om_decisions", _("OM decisions and the cases they close")
    SUBJECT_ACCESS_EXPORTS = "subject_access_exports", _("Subject-access exports")
    AUDIT_EVENTS = "audit_events", _("Audit events")


class PurgeStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
