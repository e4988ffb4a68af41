"""Retention: the dry run lists what is due and changes nothing; the purge removes exactly that, and logs it.

Terms are measured on a moved clock: a client's ZSM case is decided and their werkplaats case closed
today, and the purge runs years later.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from tests.audit.test_subject_access import client_with_casework
from tests.decisions import conditional_dismissal
from zsm.accounts.models import User
from zsm.audit.constants import PurgeStatus, RetentionClass
from zsm.audit.models import AppendOnlyError, AuditEvent, AuditEventPerson, PurgeRun, SubjectAccessRequest
from zsm.audit.purge import audit_events_purge, purge_apply_request, purge_run_execute, purge_scheduled
from zsm.audit.retention import item_label
from zsm.audit.subject_access import subject_access_build_run, subject_access_request
from zsm.cases.constants import CaseStatus
from zsm.cases.models import Case, Screening, Victim
from zsm.common.clock import now
from zsm.common.exceptions import ApplicationError
from zsm.decisions.models import Decision
from zsm.decisions.services import decision_record
from zsm.persons.models import Person, Supervision
from zsm.socialmap.models import Referral, ReferralLink
from zsm.workplace.constants import WerkplaatsStatus
from zsm.workplace.models import SpecialCategoryNote, WerkplaatsCase
from zsm.workplace.services import werkplaats_case_transition

Capture = Callable[..., Any]
YEAR = timedelta(days=365)


def decided_and_closed(world: dict[str, User], *, given: str, surname: str, bsn: str, marker: str) -> Case:
    """A client whose ZSM case the OM decided and whose werkplaats case the worker closed, today."""
    case = client_with_casework(world, given=given, surname=surname, bsn=bsn, marker=marker)
    decision_record(user=world["officier"], case_id=case.pk, data=conditional_dismissal())
    werkplaats_case = WerkplaatsCase.objects.get(case=case)
    werkplaats_case_transition(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        target=WerkplaatsStatus.CLOSED,
        expected_version=werkplaats_case.version,
        outcome="Hulp loopt, dossier afgesloten",
    )
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def client_case(world: dict[str, User]) -> Case:
    return decided_and_closed(world, given="Anouk", surname="Brouwersma", bsn="111222333", marker="een")


def later(delta: timedelta) -> time_machine.travel:
    return time_machine.travel(now() + delta, tick=False)


def run_at(delta: timedelta, *, apply: bool) -> list[PurgeRun]:
    with later(delta):
        return purge_scheduled(apply=apply)


def listed(run: PurgeRun, data_class: RetentionClass) -> list[str]:
    return [item_label(item["kind"], item["id"]) for item in run.report[data_class.value]["items"]]


def table_counts() -> dict[str, int]:
    models = (Case, Victim, Screening, Decision, Person, WerkplaatsCase, SpecialCategoryNote, Referral, ReferralLink)
    return {model.__name__: model.objects.count() for model in models}


# --- The dry run ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dry_run_lists_what_is_due_and_changes_nothing(client_case: Case) -> None:
    before = table_counts()
    person = Person.objects.get(pk=client_case.suspect_id)

    [dry_run] = run_at(5 * YEAR + timedelta(days=2), apply=False)

    assert dry_run.status == PurgeStatus.DONE
    assert dry_run.dry_run
    werkplaats_case = WerkplaatsCase.objects.get(case=client_case)
    assert listed(dry_run, RetentionClass.WERKPLAATS_CASEWORK) == [f"WP-{client_case.pk}"]
    assert len(listed(dry_run, RetentionClass.SPECIAL_CATEGORY_NOTES)) == 1
    assert len(listed(dry_run, RetentionClass.REFERRAL_LINKS)) == 1
    # The case is past the police term, and with its casework going its person is pseudonymised too.
    assert listed(dry_run, RetentionClass.POLICE_DATA) == [f"ZSM-{client_case.pk}", item_label("person", person.pk)]
    assert dry_run.report[RetentionClass.OM_DECISIONS.value]["count"] == 0
    assert table_counts() == before
    assert Person.objects.get(pk=person.pk).bsn == "111222333"
    assert WerkplaatsCase.objects.filter(pk=werkplaats_case.pk).exists()
    # The report names records by reference only.
    assert "Brouwersma" not in str(dry_run.report)
    assert "111222333" not in str(dry_run.report)


@pytest.mark.django_db
@override_settings(
    ZSM_RETENTION_DAYS={
        "referral_links": 30,
        "special_category_notes": 10,
        "werkplaats_casework": 20,
        "police_data": 40,
        "om_decisions": 50,
        "subject_access_exports": 5,
        "audit_events": 365,
    }
)
@pytest.mark.parametrize(
    ("days", "due"),
    [
        (9, set()),
        (10, {RetentionClass.SPECIAL_CATEGORY_NOTES}),
        (20, {RetentionClass.SPECIAL_CATEGORY_NOTES, RetentionClass.WERKPLAATS_CASEWORK}),
        (
            40,
            {RetentionClass.SPECIAL_CATEGORY_NOTES, RetentionClass.WERKPLAATS_CASEWORK, RetentionClass.POLICE_DATA},
        ),
        (
            50,
            {
                RetentionClass.SPECIAL_CATEGORY_NOTES,
                RetentionClass.WERKPLAATS_CASEWORK,
                RetentionClass.REFERRAL_LINKS,
                RetentionClass.POLICE_DATA,
                RetentionClass.OM_DECISIONS,
            },
        ),
    ],
)
def test_each_term_starts_counting_when_its_records_stopped_being_used(
    client_case: Case, days: int, due: set[RetentionClass]
) -> None:
    """Configured terms, at their edges: a minute before the term nothing is due, a minute after it is."""
    edge = timedelta(days=days)
    [just_before] = run_at(edge - timedelta(minutes=1), apply=False)
    [just_after] = run_at(edge + timedelta(minutes=1), apply=False)
    due_after = {RetentionClass(key) for key, entry in just_after.report.items() if entry["count"]}
    assert due_after == due
    newly_due = {
        RetentionClass(key)
        for key, entry in just_after.report.items()
        if entry["count"] and not just_before.report[key]["count"]
    }
    # The link expired after 14 days, so its 30-day term ends on day 44, between these edges.
    assert newly_due <= due
    assert newly_due or not due


# --- The purge ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_purge_applies_its_dry_run_and_logs_it(client_case: Case, world: dict[str, User]) -> None:
    person_id = client_case.suspect_id
    other = decided_and_closed(world, given="Bram", surname="Kortekaas", bsn="123456782", marker="twee")
    # The other client was decided two years later: not yet due.
    with later(2 * YEAR):
        Case.objects.filter(pk=other.pk).update(decided_at=now())
        WerkplaatsCase.objects.filter(case=other).update(closed_at=now())

    dry_run, purge = run_at(5 * YEAR + timedelta(days=2), apply=True)

    assert purge.status == PurgeStatus.DONE
    assert purge.dry_run_of == dry_run
    assert purge.report[RetentionClass.POLICE_DATA.value]["count"] == 2  # the case and its person
    case = Case.objects.get(pk=client_case.pk)
    assert case.pseudonymised_at is not None
    assert case.police_registration_number == ""
    assert len(case.incident_postcode) <= 4
    assert not Victim.objects.filter(case=case).exists()
    assert set(Screening.objects.filter(case=case).values_list("summary", "advice")) <= {("", "")}
    assert Decision.objects.filter(case=case).exists()  # the OM's decision has its own, longer term
    person = Person.objects.get(pk=person_id)
    assert (person.bsn, person.given_names, person.surname, person.street) == ("", "", "", "")
    assert person.date_of_birth == date(1990, 1, 1)
    assert person.postcode == "3511"
    assert person.full_name == gettext("Pseudonymised person %(number)s") % {"number": person_id}
    assert not WerkplaatsCase.objects.filter(case=case).exists()
    assert not Referral.objects.filter(werkplaats_case__case=case).exists()
    # The other client is untouched.
    assert Person.objects.get(pk=other.suspect_id).bsn == "123456782"
    assert WerkplaatsCase.objects.filter(case=other).exists()
    # The purge log: one business event per class that removed something, with counts, no content.
    events = AuditEvent.objects.filter(event="retention.purged", object_id=str(purge.pk))
    assert {event.details["class"] for event in events} == {
        RetentionClass.REFERRAL_LINKS.value,
        RetentionClass.SPECIAL_CATEGORY_NOTES.value,
        RetentionClass.WERKPLAATS_CASEWORK.value,
        RetentionClass.POLICE_DATA.value,
    }


@pytest.mark.django_db
def test_a_purge_removes_nothing_its_dry_run_did_not_list(client_case: Case, world: dict[str, User]) -> None:
    other = decided_and_closed(world, given="Bram", surname="Kortekaas", bsn="123456782", marker="twee")
    with later(timedelta(days=3)):
        Case.objects.filter(pk=other.pk).update(decided_at=now())
    with later(5 * YEAR + timedelta(days=1)):
        dry_run = purge_scheduled(apply=False)[0]
    assert f"ZSM-{other.pk}" not in listed(dry_run, RetentionClass.POLICE_DATA)

    # Applied a week later, when the other case is due too: still only what the dry run listed.
    with later(5 * YEAR + timedelta(days=8)):
        purge = purge_apply_request(user=verified(world["privacy"]), dry_run_pk=dry_run.pk, enqueue=False)
        purge_run_execute(purge.pk)
    assert Case.objects.get(pk=client_case.pk).pseudonymised_at is not None
    assert Case.objects.get(pk=other.pk).pseudonymised_at is None


@pytest.mark.django_db
def test_after_the_om_term_the_case_and_the_person_are_gone(client_case: Case, world: dict[str, User]) -> None:
    person_id = client_case.suspect_id
    sar = subject_access_request(user=verified(world["privacy"]), person_id=person_id)
    subject_access_build_run(sar.pk)

    run_at(10 * YEAR + timedelta(days=3), apply=True)

    assert not Case.objects.filter(pk=client_case.pk).exists()
    assert not Decision.objects.filter(case_id=client_case.pk).exists()
    assert not Person.objects.filter(pk=person_id).exists()
    # The request stays as the record that it was answered; its export (the person's data) is gone.
    sar.refresh_from_db()
    assert (sar.person_id, sar.document, sar.pdf) == (None, None, None)
    assert sar.export_removed_at is not None


@pytest.mark.django_db
def test_a_person_with_a_recent_case_keeps_their_name(client_case: Case, world: dict[str, User]) -> None:
    with later(4 * YEAR):
        recent = decided_and_closed(world, given="Anouk", surname="Brouwersma", bsn="111222333", marker="weer")
    assert recent.suspect_id == client_case.suspect_id

    run_at(5 * YEAR + timedelta(days=2), apply=True)

    assert Case.objects.get(pk=client_case.pk).pseudonymised_at is not None
    assert Case.objects.get(pk=recent.pk).pseudonymised_at is None
    assert Person.objects.get(pk=client_case.suspect_id).bsn == "111222333"


@pytest.mark.django_db
@pytest.mark.parametrize(("ended_on", "kept"), [(None, True), (date(2030, 6, 1), True), (date(2020, 6, 1), False)])
def test_a_supervision_keeps_the_person_until_it_ended_before_the_term(
    client_case: Case, world: dict[str, User], ended_on: date | None, kept: bool
) -> None:
    """Running, or ended within the police term (5 years back from 2031): kept. Ended long before: not."""
    Supervision.objects.create(
        person_id=client_case.suspect_id,
        started_on=date(2019, 1, 1),
        ended_on=ended_on,
        organisation=world["reclassering"].memberships.first().organisation,
        supervisor=world["reclassering"],
    )
    run_at(5 * YEAR + timedelta(days=2), apply=True)
    assert (Person.objects.get(pk=client_case.suspect_id).pseudonymised_at is None) is kept


@pytest.mark.django_db
def test_a_person_arrested_again_after_the_dry_run_keeps_their_name(client_case: Case, world: dict[str, User]) -> None:
    with later(5 * YEAR + timedelta(days=2)):
        [dry_run] = purge_scheduled(apply=False)
        assert item_label("person", client_case.suspect_id) in listed(dry_run, RetentionClass.POLICE_DATA)
        again = decided_and_closed(world, given="Anouk", surname="Brouwersma", bsn="111222333", marker="opnieuw")
        Case.objects.filter(pk=again.pk).update(status=CaseStatus.REGISTERED, decided_at=None)
        purge = purge_apply_request(user=verified(world["privacy"]), dry_run_pk=dry_run.pk, enqueue=False)
        purge_run_execute(purge.pk)
    assert again.suspect_id == client_case.suspect_id
    assert Case.objects.get(pk=client_case.pk).pseudonymised_at is not None
    assert Person.objects.get(pk=client_case.suspect_id).bsn == "111222333"


@pytest.mark.django_db
def test_records_past_the_term_that_are_still_open_are_reported(client_case: Case, world: dict[str, User]) -> None:
    stuck = decided_and_closed(world, given="Bram", surname="Kortekaas", bsn="123456782", marker="open")
    Case.objects.filter(pk=stuck.pk).update(status=CaseStatus.REFERRED_TO_WERKPLAATS, decided_at=None)
    WerkplaatsCase.objects.filter(case=stuck).update(closed_at=None, status=WerkplaatsStatus.ASSIGNED)

    [dry_run] = run_at(5 * YEAR + timedelta(days=2), apply=False)

    def held(data_class: RetentionClass) -> list[str]:
        return [item_label(item["kind"], item["id"]) for item in dry_run.report[data_class.value]["held"]]

    assert held(RetentionClass.POLICE_DATA) == [f"ZSM-{stuck.pk}"]
    assert held(RetentionClass.WERKPLAATS_CASEWORK) == [f"WP-{stuck.pk}"]
    assert f"ZSM-{stuck.pk}" not in listed(dry_run, RetentionClass.POLICE_DATA)


@pytest.mark.django_db
def test_a_pseudonymised_birthday_is_shown_as_its_year(
    client_case: Case, world: dict[str, User], login_as: Callable[..., Client], as_user: Callable[[str], Any]
) -> None:
    run_at(5 * YEAR + timedelta(days=2), apply=True)
    page = login_as("officier").get(reverse("cases:case_detail", kwargs={"case_id": client_case.pk}))
    assert page.status_code == 200
    content = page.content.decode()
    assert "01-01-1990" not in content
    assert "1990" in content
    assert "Brouwersma" not in content
    suspect = as_user("officier").get(f"/api/v1/cases/{client_case.pk}").json()["suspect"]
    assert suspect["pseudonymisedAt"] is not None
    assert (suspect["surname"], suspect["bsn"]) == ("", "")


@pytest.mark.django_db
def test_a_dry_run_is_applied_once(client_case: Case, world: dict[str, User]) -> None:
    officer = verified(world["privacy"])
    [dry_run] = run_at(5 * YEAR, apply=False)
    purge_apply_request(user=officer, dry_run_pk=dry_run.pk, enqueue=False)
    with pytest.raises(ApplicationError) as refused:
        purge_apply_request(user=officer, dry_run_pk=dry_run.pk, enqueue=False)
    assert refused.value.message == gettext("This dry run has already been applied. Start a new dry run.")
    assert PurgeRun.objects.filter(dry_run=False).count() == 1


@pytest.mark.django_db
def test_old_subject_access_exports_lose_their_content(
    client_case: Case, world: dict[str, User], login_as: Callable[..., Client]
) -> None:
    sar = subject_access_request(user=verified(world["privacy"]), person_id=client_case.suspect_id)
    subject_access_build_run(sar.pk)
    run_at(timedelta(days=89), apply=True)
    assert SubjectAccessRequest.objects.get(pk=sar.pk).document is not None
    run_at(timedelta(days=91), apply=True)
    sar.refresh_from_db()
    assert (sar.document, sar.pdf) == (None, None)
    assert sar.export_removed_at is not None
    # Its page says so, and the downloads are gone rather than empty (and logged as if handed out).
    client = login_as("privacy")
    page = client.get(reverse("audit:subject_access_detail", kwargs={"request_pk": sar.pk})).content.decode()
    assert reverse("audit:subject_access_json", kwargs={"request_pk": sar.pk}) not in page
    assert client.get(reverse("audit:subject_access_json", kwargs={"request_pk": sar.pk})).status_code == 404
    assert not AuditEvent.objects.filter(event="subject_access.downloaded").exists()


# --- Audit events: the one path out ------------------------------------------------------------


def old_event(age: timedelta, person_id: int = 7) -> AuditEvent:
    event = AuditEvent.objects.create(
        occurred_at=now() - age, kind="access", action="view", event="case.viewed", purpose="zsm_beoordeling"
    )
    AuditEventPerson.objects.create(event=event, person_id=person_id)
    return event


@pytest.mark.django_db(transaction=True)
def test_audit_events_past_their_term_are_purged_with_their_person_index(world: dict[str, User]) -> None:
    ancient, recent = old_event(12 * YEAR), old_event(10 * YEAR)

    dry_run, purge = purge_scheduled(apply=True)

    assert dry_run.report[RetentionClass.AUDIT_EVENTS.value]["count"] == 1
    assert purge.report[RetentionClass.AUDIT_EVENTS.value]["count"] == 1
    assert not AuditEvent.objects.filter(pk=ancient.pk).exists()
    assert not AuditEventPerson.objects.filter(event_id=ancient.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    assert AuditEvent.objects.filter(event="retention.purged", details__count=1).exists()


@pytest.mark.django_db
def test_the_application_cannot_delete_or_change_audit_events_by_itself() -> None:
    event = old_event(12 * YEAR)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        event.delete()


postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the trigger lives in PostgreSQL")


def raw(sql: str, params: list[object]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@postgres_only
@pytest.mark.django_db
def test_the_database_refuses_a_delete_outside_the_purge_path() -> None:
    event = old_event(12 * YEAR)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@postgres_only
@pytest.mark.django_db
def test_the_database_refuses_to_purge_events_younger_than_a_year() -> None:
    young = old_event(timedelta(days=100))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        audit_events_purge(before=now())  # a cutoff of today: the trigger's floor refuses
    assert AuditEvent.objects.filter(pk=young.pk).exists()


@postgres_only
@pytest.mark.django_db
def test_an_update_of_an_audit_row_fails_even_on_the_purge_path() -> None:
    event = old_event(12 * YEAR)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('zsm.audit_purge_before', %s, true)", [(now() - 2 * YEAR).isoformat()])
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute("UPDATE audit_auditevent SET event = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).event == "case.viewed"


# --- The privacy officer's pages and the scheduled command -----------------------------------------


def verified(user: User) -> User:
    user.is_verified = lambda: True  # type: ignore[attr-defined]  # as django-otp marks a verified session
    return user


@pytest.mark.django_db
def test_the_privacy_officer_runs_a_dry_run_and_applies_it(
    client_case: Case, login_as: Callable[..., Client], django_capture_on_commit_callbacks: Capture
) -> None:
    client = login_as("privacy")
    page = client.get(reverse("audit:retention"))
    assert page.status_code == 200
    assert str(RetentionClass.POLICE_DATA.label) in page.content.decode()
    assert "1825" in page.content.decode()

    with later(5 * YEAR + timedelta(days=2)):
        client = login_as("privacy")  # five years on, the earlier session has long expired
        with django_capture_on_commit_callbacks(execute=True):
            started = client.post(reverse("audit:retention"))
        dry_run = PurgeRun.objects.get(dry_run=True)
        assert started["Location"] == reverse("audit:purge_run", kwargs={"run_pk": dry_run.pk})
        report = client.get(started["Location"]).content.decode()
        assert f"ZSM-{client_case.pk}" in report
        assert "Brouwersma" not in report
        assert Case.objects.get(pk=client_case.pk).pseudonymised_at is None

        with django_capture_on_commit_callbacks(execute=True):
            applied = client.post(reverse("audit:purge_apply", kwargs={"run_pk": dry_run.pk}))
    purge = PurgeRun.objects.get(dry_run=False)
    assert applied["Location"] == reverse("audit:purge_run", kwargs={"run_pk": purge.pk})
    assert purge.status == PurgeStatus.DONE
    assert purge.started_by is not None
    assert Case.objects.get(pk=client_case.pk).pseudonymised_at is not None
    assert AuditEvent.objects.filter(event="purge_run.viewed", object_id=str(dry_run.pk)).exists()


@pytest.mark.django_db
def test_the_status_fragment_asks_for_a_reload_when_the_run_is_done(login_as: Callable[..., Client]) -> None:
    client = login_as("privacy")
    run = PurgeRun.objects.create(requested_at=now(), as_of=now(), dry_run=True)
    url = reverse("audit:purge_run_status", kwargs={"run_pk": run.pk})
    waiting = client.get(url)
    assert 'hx-trigger="every 2s"' in waiting.content.decode()
    assert "HX-Refresh" not in waiting
    purge_run_execute(run.pk)
    assert client.get(url)["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_the_daily_command_reports_and_purges(client_case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    with later(5 * YEAR + timedelta(days=2)):
        call_command("purge", "--dry-run")
    assert Case.objects.get(pk=client_case.pk).pseudonymised_at is None
    out, err = capsys.readouterr()
    assert "proefdraai" in out
    assert "100% klaar" in err
    with later(5 * YEAR + timedelta(days=2)):
        call_command("purge")
    assert Case.objects.get(pk=client_case.pk).pseudonymised_at is not None
    assert "verwijdering" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_retention_pages_do_not_grow_with_the_log(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    client = login_as("privacy")

    def queries(path: str) -> int:
        client.get(path)  # warm the session
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured.captured_queries)

    def runs(count: int) -> PurgeRun:
        for _ in range(count):
            run = PurgeRun.objects.create(started_by=world["privacy"], requested_at=now(), as_of=now(), dry_run=True)
            purge_run_execute(run.pk)
        return run

    runs(2)
    few = queries(reverse("audit:retention"))
    runs(30)
    assert queries(reverse("audit:retention")) == few <= 12
    run = runs(1)
    report = {"count": 400, "items": [{"kind": "case", "id": pk, "since": "2020-01-01"} for pk in range(400)]}
    PurgeRun.objects.filter(pk=run.pk).update(report={RetentionClass.POLICE_DATA.value: report})
    assert queries(reverse("audit:purge_run", kwargs={"run_pk": run.pk})) <= 12


@pytest.mark.django_db
def test_applying_a_dry_run_again_from_a_stale_tab_says_why_and_changes_nothing(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    client = login_as("privacy")
    [dry_run] = purge_scheduled(apply=False)
    url = reverse("audit:purge_apply", kwargs={"run_pk": dry_run.pk})
    client.post(url)
    again = client.post(url, follow=True)
    assert again.redirect_chain[-1][0] == reverse("audit:purge_run", kwargs={"run_pk": dry_run.pk})
    assert gettext("This dry run has already been applied. Start a new dry run.") in again.content.decode()
    assert PurgeRun.objects.filter(dry_run=False).count() == 1
    # A run that is not a dry run cannot be applied at all.
    purge = PurgeRun.objects.get(dry_run=False)
    assert client.post(reverse("audit:purge_apply", kwargs={"run_pk": purge.pk})).status_code == 404
