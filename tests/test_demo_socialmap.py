"""`zsm demo`: the social map, referrals in every state, chase and escalation tasks, signals and team areas."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.meetings.constants import SignalScope, SignalStatus
from zsm.meetings.models import Signal
from zsm.meetings.selectors import signal_candidates
from zsm.socialmap.constants import FAILED_STATUSES, Need, ReferralActor, ReferralStatus
from zsm.socialmap.models import ContactPerson, Institution, Referral, ReferralTransition, Service
from zsm.socialmap.selectors import institution_search, institutions_to_verify, referrals_escalated, referrals_to_chase
from zsm.workplace.constants import FINAL_STATUSES
from zsm.workplace.models import TeamArea


def _user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.mark.django_db
def test_about_forty_institutions_cover_every_need(demo: str) -> None:
    assert "Sociale kaart geladen" in demo
    assert 38 <= Institution.objects.count() <= 45
    assert set(Service.objects.values_list("need", flat=True)) == set(Need.values)
    for institution in Institution.objects.prefetch_related("areas", "contact_persons"):
        assert institution.opening_hours
        assert institution.street_address
        assert institution.postcode
        assert institution.areas.exists()
        referral_contacts = [c for c in institution.contact_persons.all() if c.receives_referrals]
        assert referral_contacts
        assert all(c.email.endswith("example.org") for c in referral_contacts)
        assert institution.email.endswith(".example.org")
        assert institution.phone.startswith(("030-0000", "088-0000"))


@pytest.mark.django_db
def test_postcode_3521_finds_a_neighbourhood_and_a_citywide_debt_help(demo: str) -> None:
    hits = institution_search(user=_user("werkplaats"), text="schuldhulp", place="3521")
    debt_help = [h for h in hits if any(s.need == Need.DEBT_HELP for s in h.services)]
    assert len(debt_help) >= 2
    assert debt_help[0].fit == 1  # the neighbourhood team first: the narrowest area
    assert any(h.fit is not None and h.fit > 10 for h in debt_help)


@pytest.mark.django_db
def test_every_referral_status_is_there_made_by_the_services(demo: str) -> None:
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    for referral in Referral.objects.prefetch_related("transitions").select_related("werkplaats_case"):
        transitions = list(referral.transitions.all())
        assert transitions[0].to_status == ReferralStatus.DRAFT
        assert transitions[-1].to_status == referral.status
        assert [t.occurred_at for t in transitions] == sorted(t.occurred_at for t in transitions)
        assert referral.werkplaats_case.status not in FINAL_STATUSES
        if referral.status != ReferralStatus.DRAFT:
            assert referral.legal_basis
            assert referral.links.exists()
    # After the case was assigned (around the holidays the escalated referral may come first: see the demo).
    referrals = Referral.objects.select_related("werkplaats_case")
    early = [r for r in referrals if r.created_at < r.werkplaats_case.assigned_at]
    assert len(early) <= 1
    # Some answers came through the institution's link, and the link is used up.
    by_link = ReferralTransition.objects.filter(actor_kind=ReferralActor.INSTITUTION)
    assert by_link.exists()
    assert Referral.objects.filter(transitions__in=by_link, links__used_at__isnull=False).exists()
    assert (
        AuditEvent.objects.filter(event="referral_sent").count()
        == Referral.objects.exclude(status=ReferralStatus.DRAFT).count()
    )


@pytest.mark.django_db
def test_werkplaats_has_a_chase_task_and_the_coordinator_an_escalation(demo: str) -> None:
    chase = referrals_to_chase(user=_user("werkplaats"))
    assert chase
    assert all(r.werkplaats_case.worker == _user("werkplaats") for r in chase)
    escalated = referrals_escalated(user=_user("coordinator"))
    assert escalated
    assert referrals_escalated(user=_user("werkplaats")) == []


@pytest.mark.django_db
def test_an_institution_with_three_failed_referrals_is_a_signal_candidate(demo: str) -> None:
    candidates = signal_candidates(user=_user("coordinator"))
    assert candidates
    assert len(candidates[0].referrals) >= 3
    assert all(r.status in FAILED_STATUSES for r in candidates[0].referrals)


@pytest.mark.django_db
def test_signals_open_raised_and_resolved(demo: str) -> None:
    assert set(Signal.objects.values_list("status", flat=True)) == set(SignalStatus.values)
    assert Signal.objects.filter(scope=SignalScope.MUNICIPALITY).exists()
    organisation = Signal.objects.get(scope=SignalScope.ORGANISATION)
    assert organisation.institution is not None
    assert organisation.cases.exists()


@pytest.mark.django_db
def test_entries_to_verify(demo: str) -> None:
    due = list(institutions_to_verify(user=_user("coordinator")))
    assert 8 <= len(due) <= 12
    assert any(i.verified_on is None for i in due)


@pytest.mark.django_db
def test_the_werkplaats_team_has_areas(demo: str) -> None:
    areas = {a.name: (a.postcode_from, a.postcode_to) for a in TeamArea.objects.select_related("team")}
    assert areas == {"Utrecht-Noord": (3550, 3589), "Utrecht-Zuid": (3500, 3549)}


@pytest.mark.django_db
def test_a_second_run_changes_nothing(demo: str) -> None:
    counts = (Institution.objects.count(), Referral.objects.count(), Signal.objects.count(), TeamArea.objects.count())
    contacts = ContactPerson.objects.count()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "Sociale kaart al aanwezig" in out.getvalue()
    assert "Sociale kaart geladen" not in out.getvalue()
    assert (Institution.objects.count(), Referral.objects.count(), Signal.objects.count(),
            TeamArea.objects.count()) == counts  # fmt: skip
    assert ContactPerson.objects.count() == contacts
