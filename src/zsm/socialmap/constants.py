"""The social map's vocabulary: kinds of institution, the needs they serve, referral states, legal bases."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionKind(models.TextChoices):
    MUNICIPALITY = "gemeente", _("Municipality or neighbourhood team")
    SOCIAL_WORK = "maatschappelijk_werk", _("Social work")
    DEBT_HELP = "schuldhulp", _("Debt help")
    ADDICTION_CARE = "verslavingszorg", _("Addiction care")
    MENTAL_HEALTH = "ggz", _("Mental-health care (GGZ)")
    HOUSING = "wonen", _("Housing")
    SHELTER = "opvang", _("Shelter")
    DOMESTIC_VIOLENCE = "huiselijk_geweld", _("Domestic violence")
    WORK_INCOME = "werk_inkomen", _("Work and income")
    TRAINING = "training", _("Training provider")
    VOLUNTEERS = "vrijwilligers", _("Volunteer organisation")
    OTHER = "overig", _("Other")


class Need(models.TextChoices):
    """What a client needs help with; an institution's services are listed by need."""

    DEBT_HELP = "schuldhulp", _("Debt help (schuldhulpverlening)")
    DEBT_BUDDY = "schuldhulpmaatje", _("Debt buddy (schuldhulpmaatje)")
    ADDICTION_CARE = "verslavingszorg", _("Addiction care")
    MENTAL_HEALTH = "ggz", _("Mental-health care (GGZ)")
    FACT_TEAM = "fact", _("FACT team")
    NEIGHBOURHOOD_TEAM = "wijkteam", _("Neighbourhood or social team (wijkteam)")
    SOCIAL_WORK = "maatschappelijk_werk", _("Social work")
    HOUSING = "wonen", _("Housing")
    SHELTER = "opvang", _("Shelter (maatschappelijke opvang)")
    INCOME = "inkomen", _("Income and benefits")
    WORK = "werk", _("Work and daytime activities")
    DOMESTIC_VIOLENCE = "huiselijk_geweld", _("Domestic violence (Veilig Thuis)")
    FAMILY_GROUP_CONFERENCE = "eigen_kracht", _("Family group conference (Eigen Kracht)")
    TRAINING = "training", _("Training or course")
    YOUTH_CARE = "jeugdhulp", _("Youth care")
    MENTORING = "maatje", _("Buddy or mentor")


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INTAKE_PLANNED = "intake_planned", _("Intake planned")
    STARTED = "started", _("Help started")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    NO_RESPONSE = "no_response", _("No response")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The referral is still on its way: the worker follows it up.
OPEN_REFERRAL_STATUSES = frozenset(
    {ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED, ReferralStatus.INTAKE_PLANNED, ReferralStatus.STARTED}
)
# The institution answered (a decline is an answer too, but not an acknowledgement).
ACKNOWLEDGED_STATUSES = frozenset(
    {ReferralStatus.ACKNOWLEDGED, ReferralStatus.INTAKE_PLANNED, ReferralStatus.STARTED, ReferralStatus.COMPLETED}
)
# A referral that did not land: these count towards an institution signal.
FAILED_STATUSES = frozenset({ReferralStatus.DECLINED, ReferralStatus.NO_RESPONSE})
FINAL_REFERRAL_STATUSES = frozenset(
    {ReferralStatus.COMPLETED, ReferralStatus.DECLINED, ReferralStatus.NO_RESPONSE, ReferralStatus.WITHDRAWN}
)


class LegalBasis(models.TextChoices):
    """The ground on which a referral shares a client's data with an institution (recorded before sending)."""

    CONSENT = "toestemming", _("The client's consent")
    WJSG_39F = "wjsg_39f", _("Legal task: Wjsg art. 39f (justice data for re-integration)")


# Offence details may reach an institution only on these grounds, and only when the worker chose to share them.
OFFENCE_SHARING_BASES = frozenset({LegalBasis.CONSENT, LegalBasis.WJSG_39F})


class ReferralActor(models.TextChoices):
    """Who moved a referral: a user of the system, or the institution through its acknowledgement link."""

    USER = "user", _("Worker")
    INSTITUTION = "institution", _("Institution (via link)")


# Failed referrals to one institution within this window raise a signal candidate (PRIMER §3).
SIGNAL_WINDOW_DAYS = 90
SIGNAL_FAILED_REFERRALS = 3
# Social-map entries not verified for this long are due for a check.
VERIFY_AFTER_DAYS = 183
