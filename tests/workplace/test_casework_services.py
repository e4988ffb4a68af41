"""Casework writes: help inventory, assessment and review, advice and answer, help plan, monitoring,
conversations, time, special notes, hand-over. Who may, what is refused (leaving nothing behind),
what is recorded in the audit log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from tests.workplace.flow import om_decides
from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.workplace import services
from zsm.workplace.constants import (
    ActionStatus,
    ActivityKind,
    AdviceResponse,
    Approach,
    AssessmentStatus,
    CheckOutcome,
    HandoverKind,
    HelpWorking,
    LifeArea,
    NoteCategory,
    ProblemLevel,
    RiskLevel,
    WerkplaatsStatus,
)
from zsm.workplace.models import (
    Advice,
    Assessment,
    Contact,
    Conversation,
    HelpAction,
    HelpInvolvement,
    Intervention,
    MonitoringCheck,
    SpecialCategoryNote,
    TimeEntry,
    WerkplaatsCase,
)
from zsm.workplace.services import (
    AdviceInput,
    AssessmentInput,
    HelpInput,
    advice_give,
    advice_respond,
    assessment_record,
    assessment_review,
    conversation_record,
    help_action_plan,
    help_action_status_set,
    help_involvement_record,
    help_involvement_update,
    monitoring_check_plan,
    monitoring_check_record,
    special_note_record,
    time_entry_record,
    werkplaats_case_transition,
)

from .conftest import AMS, NOW

pytestmark = pytest.mark.django_db

TODAY = NOW.date()
ZERO = dict.fromkeys(LifeArea.values, 0)
SNAPSHOT_MODELS = (
    WerkplaatsCase,
    HelpInvolvement,
    Assessment,
    Advice,
    HelpAction,
    MonitoringCheck,
    Conversation,
    TimeEntry,
    SpecialCategoryNote,
    Contact,
    AuditEvent,
)


@contextmanager
def at(moment: datetime = NOW) -> Iterator[None]:
    with time_machine.travel(moment, tick=False):
        yield


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every casework row and every audit event, to prove a refusal leaves the database as it was."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS}


def events(name: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event=name).order_by("pk"))


JUDGEMENT = "Schulden en huisvesting; geen acuut risico."


def judged(
    scores: dict[str, Any] | None = None, judgement: str = JUDGEMENT, minutes: int = 45, **kwargs: Any
) -> AssessmentInput:
    scores = ZERO if scores is None else scores
    return AssessmentInput(scores=scores, professional_judgement=judgement, minutes=minutes, **kwargs)


def assess(user: User, wc: WerkplaatsCase, *, moment: datetime = NOW, **kwargs: Any) -> Assessment:
    with at(moment):
        return assessment_record(user=user, werkplaats_case_id=wc.pk, data=judged(**kwargs))


def review(user: User, assessment: Assessment, *, confirm: bool = True, note: str = "") -> Assessment:
    with at():
        return assessment_review(user=user, assessment_id=assessment.pk, confirm=confirm, note=note)


def advice_data(**kwargs: Any) -> AdviceInput:
    values: dict[str, Any] = {
        "disposal": "conditional_dismissal",
        "rationale": "Schuldhulp loopt; een voorwaardelijk sepot geeft ruimte.",
        "minutes": 30,
    }
    return AdviceInput(**(values | kwargs))


def advise(world: dict[str, User], wc: WerkplaatsCase, **kwargs: Any) -> Advice:
    """Assessment by the worker, confirmed by a colleague, then the advice."""
    review(world["werkplaats2"], assess(world["werkplaats"], wc))
    with at():
        return advice_give(user=world["werkplaats"], werkplaats_case_id=wc.pk, data=advice_data(**kwargs))


def respond(user: User, advice: Advice, **kwargs: Any) -> Advice:
    kwargs.setdefault("expected_version", advice.version)
    with at():
        return advice_respond(user=user, advice_id=advice.pk, **kwargs)


def state(wc: WerkplaatsCase) -> str:
    wc.refresh_from_db()
    return wc.status


# --- every write: who may, and nothing is left behind on a refusal ----------------------------


def prepare(world: dict[str, User], wc: WerkplaatsCase) -> dict[str, int]:
    """One item of each kind on the case, by its worker, so the writes that take an item have one."""
    worker = world["werkplaats"]
    with at():
        involvement = help_involvement_record(
            user=worker, werkplaats_case_id=wc.pk, data=HelpInput("Wijkteam", HelpWorking.PARTLY)
        )
        action = help_action_plan(user=worker, werkplaats_case_id=wc.pk, description="Schuldhulp", owner="Wijkteam")
        check = monitoring_check_plan(user=worker, werkplaats_case_id=wc.pk, subject="Loopt het?", due_on=TODAY)
    assessment = assess(worker, wc, moment=NOW - timedelta(hours=1))
    review(world["werkplaats2"], assessment)
    return {"involvement": involvement.pk, "action": action.pk, "check": check.pk}


Write = Callable[[User, WerkplaatsCase, dict[str, int]], Any]

CASE_WRITES: dict[str, tuple[Write, str]] = {
    "help_involvement_record": (
        lambda u, wc, ids: help_involvement_record(
            user=u, werkplaats_case_id=wc.pk, data=HelpInput("GGZ", HelpWorking.YES, has_lead=True)
        ),
        "help_involvement.recorded",
    ),
    "assessment_record": (
        lambda u, wc, ids: assessment_record(user=u, werkplaats_case_id=wc.pk, data=judged()),
        "assessment.recorded",
    ),
    "advice_give": (
        lambda u, wc, ids: advice_give(user=u, werkplaats_case_id=wc.pk, data=advice_data()),
        "advice.given",
    ),
    "help_action_plan": (
        lambda u, wc, ids: help_action_plan(user=u, werkplaats_case_id=wc.pk, description="Bewind", owner="Gemeente"),
        "help_action.planned",
    ),
    "monitoring_check_plan": (
        lambda u, wc, ids: monitoring_check_plan(user=u, werkplaats_case_id=wc.pk, subject="Bewind?", due_on=TODAY),
        "monitoring_check.planned",
    ),
    "conversation_record": (
        lambda u, wc, ids: conversation_record(
            user=u, werkplaats_case_id=wc.pk, held_on=TODAY, goals="Kennismaken", minutes=50
        ),
        "conversation.recorded",
    ),
    "time_entry_record": (
        lambda u, wc, ids: time_entry_record(
            user=u, werkplaats_case_id=wc.pk, kind=ActivityKind.REPORTING, minutes=30, spent_on=TODAY
        ),
        "time_entry.recorded",
    ),
    "special_note_record": (
        lambda u, wc, ids: special_note_record(
            user=u, werkplaats_case_id=wc.pk, category=NoteCategory.HEALTH, text="Diabetes"
        ),
        "special_note.recorded",
    ),
}
ITEM_WRITES: dict[str, tuple[Write, str]] = {
    "help_involvement_update": (
        lambda u, wc, ids: help_involvement_update(
            user=u,
            involvement_id=ids["involvement"],
            data=HelpInput("Wijkteam", HelpWorking.NO, has_lead=True),
            expected_version=1,
        ),
        "help_involvement.updated",
    ),
    "help_action_status_set": (
        lambda u, wc, ids: help_action_status_set(user=u, action_id=ids["action"], status=ActionStatus.DONE),
        "help_action.status_changed",
    ),
    "monitoring_check_record": (
        lambda u, wc, ids: monitoring_check_record(
            user=u, check_id=ids["check"], outcome=CheckOutcome.RUNNING, minutes=10
        ),
        "monitoring_check.recorded",
    ),
}
WRITES = CASE_WRITES | ITEM_WRITES
OUTSIDERS = ["officier", "slachtofferhulp", "reclassering", "raad", "politie", "werkplaats2"]


def user_named(world: dict[str, User], elsewhere: dict[str, Any], username: str) -> User:
    return elsewhere[username] if username.endswith("-noord") else world[username]


@pytest.mark.parametrize("username", ["werkplaats", "coordinator"])
@pytest.mark.parametrize("name", sorted(WRITES))
def test_the_worker_and_the_coordinator_write_with_an_audit_event(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], name: str, username: str
) -> None:
    wc = assigned()
    ids = prepare(world, wc)
    write, event_name = WRITES[name]
    before = len(events(event_name))
    with at():
        obj = write(world[username], wc, ids)
    new = events(event_name)[before:]
    assert len(new) == 1
    [event] = new
    assert event.actor == world[username]
    assert event.object_type == obj._meta.label_lower
    assert event.object_id == str(obj.pk)
    assert event.person_id == wc.case.suspect_id
    assert event.details["werkplaats_case"] == wc.pk
    assert event.kind == "business"


@pytest.mark.parametrize("username", [*OUTSIDERS, "coordinator-noord", "werkplaats-noord"])
@pytest.mark.parametrize("name", sorted(WRITES))
def test_anyone_else_is_refused_and_nothing_changes(
    world: dict[str, User],
    assigned: Callable[..., WerkplaatsCase],
    elsewhere: dict[str, Any],
    name: str,
    username: str,
) -> None:
    wc = assigned()
    ids = prepare(world, wc)
    before = snapshot()
    with at(), pytest.raises(ApplicationError) as caught:
        WRITES[name][0](user_named(world, elsewhere, username), wc, ids)
    assert not isinstance(caught.value, ConflictError)
    assert snapshot() == before


@pytest.mark.parametrize("final", [WerkplaatsStatus.CLOSED, WerkplaatsStatus.HANDED_OVER, WerkplaatsStatus.WITHDRAWN])
@pytest.mark.parametrize("name", sorted(WRITES))
def test_no_writes_on_a_finished_case(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], name: str, final: str
) -> None:
    wc = assigned()
    ids = prepare(world, wc)
    WerkplaatsCase.objects.filter(pk=wc.pk).update(status=final)
    before = snapshot()
    with at(), pytest.raises(ConflictError):
        WRITES[name][0](world["werkplaats"], wc, ids)
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(CASE_WRITES))
def test_no_casework_on_a_merely_proposed_case(
    world: dict[str, User], propose: Callable[..., WerkplaatsCase], name: str
) -> None:
    wc = propose()
    before = snapshot()
    with at(), pytest.raises(ConflictError):
        CASE_WRITES[name][0](world["coordinator"], wc, {})
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(WRITES))
def test_the_audit_event_is_part_of_the_write(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the audit event cannot be written, the casework is not written either."""
    wc = assigned()
    ids = prepare(world, wc)
    before = snapshot()

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "business_event_record", broken)
    with at(), pytest.raises(RuntimeError):
        WRITES[name][0](world["werkplaats"], wc, ids)
    assert snapshot() == before


def test_a_failed_audit_leaves_an_assigned_case_assigned(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], monkeypatch: pytest.MonkeyPatch
) -> None:
    wc = assigned()
    monkeypatch.setattr(services, "business_event_record", lambda **kwargs: 1 / 0)
    with at(), pytest.raises(ZeroDivisionError):
        help_involvement_record(user=world["werkplaats"], werkplaats_case_id=wc.pk, data=HelpInput("GGZ", "yes"))
    assert state(wc) == WerkplaatsStatus.ASSIGNED
    assert not HelpInvolvement.objects.exists()


@pytest.mark.parametrize(
    "name", ["help_involvement_record", "assessment_record", "help_action_plan", "conversation_record"]
)
def test_the_first_casework_starts_an_assigned_case(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], name: str
) -> None:
    wc = assigned()
    version = wc.version
    with at():
        CASE_WRITES[name][0](world["werkplaats"], wc, {})
    wc.refresh_from_db()
    assert wc.status == WerkplaatsStatus.IN_PROGRESS
    assert wc.version == version + 1


def test_writing_time_does_not_start_the_case(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    wc = assigned()
    with at():
        CASE_WRITES["time_entry_record"][0](world["werkplaats"], wc, {})
    assert state(wc) == WerkplaatsStatus.ASSIGNED


# --- help already there: one lead ------------------------------------------------------------


def test_only_one_help_involvement_has_the_lead(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    worker = world["werkplaats"]
    with at():
        first = help_involvement_record(
            user=worker, werkplaats_case_id=wc.pk, data=HelpInput(" Wijkteam ", HelpWorking.YES, has_lead=True)
        )
        second = help_involvement_record(
            user=worker, werkplaats_case_id=wc.pk, data=HelpInput("GGZ", HelpWorking.PARTLY, has_lead=True)
        )
        first.refresh_from_db()
        assert first.agency == "Wijkteam"
        assert (first.has_lead, second.has_lead) == (False, True)
        help_involvement_update(
            user=worker,
            involvement_id=first.pk,
            data=HelpInput("Wijkteam", HelpWorking.YES, has_lead=True),
            expected_version=first.version,
        )
        second.refresh_from_db()
        first.refresh_from_db()
        assert (first.has_lead, second.has_lead) == (True, False)
        help_involvement_update(
            user=worker,
            involvement_id=first.pk,
            data=HelpInput("Wijkteam", HelpWorking.NO, has_lead=False),
            expected_version=first.version,
        )
    assert not HelpInvolvement.objects.filter(werkplaats_case=wc, has_lead=True).exists()


def test_the_lead_of_another_case_is_untouched(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    mine, other = assigned(), assigned()
    with at():
        theirs = help_involvement_record(
            user=world["werkplaats"], werkplaats_case_id=other.pk, data=HelpInput("GGZ", "yes", has_lead=True)
        )
        help_involvement_record(
            user=world["werkplaats"], werkplaats_case_id=mine.pk, data=HelpInput("Wijkteam", "yes", has_lead=True)
        )
    theirs.refresh_from_db()
    assert theirs.has_lead


@pytest.mark.parametrize(
    ("data", "field"), [(HelpInput("  ", HelpWorking.YES), "agency"), (HelpInput("GGZ", "sometimes"), "working")]
)
def test_help_needs_an_agency_and_a_known_working(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], data: HelpInput, field: str
) -> None:
    wc = assigned()
    with at(), pytest.raises(ApplicationError) as caught:
        help_involvement_record(user=world["werkplaats"], werkplaats_case_id=wc.pk, data=data)
    assert list(caught.value.field_errors) == [field]
    assert not HelpInvolvement.objects.exists()
    assert state(wc) == WerkplaatsStatus.ASSIGNED


# --- assessment and review -------------------------------------------------------------------


def test_an_assessment_derives_the_levels_and_waits_for_review(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    scores = ZERO | {LifeArea.OFFENCE_HISTORY: 2, LifeArea.ATTITUDE: 1, LifeArea.HOUSING: 2, LifeArea.DRUGS: 2}
    assessment = assess(
        world["werkplaats"], wc, scores=scores, notes={LifeArea.DRUGS: " Cocaïne, dagelijks ", LifeArea.HOUSING: " "},
        protective_factors=" Steunende zus ",
    )  # fmt: skip
    assessment.refresh_from_db()
    assert (assessment.risk_level, assessment.problem_level, assessment.approach) == (
        RiskLevel.LOW,
        ProblemLevel.MANY,
        Approach.VOLUNTARY_CARE,
    )
    assert assessment.status == AssessmentStatus.AWAITING_REVIEW
    assert assessment.scores == scores
    assert assessment.area_notes == '{"drugs": "Cocaïne, dagelijks"}'
    assert assessment.protective_factors == "Steunende zus"
    [event] = events("assessment.recorded")
    assert event.details["risk_level"] == RiskLevel.LOW
    assert "Cocaïne" not in str(event.details)


@pytest.mark.parametrize("judgement", ["", "   \n "])
def test_an_assessment_without_professional_judgement_is_refused(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], judgement: str
) -> None:
    wc = assigned()
    before = snapshot()
    with pytest.raises(ApplicationError) as caught:
        assess(world["werkplaats"], wc, judgement=judgement)
    assert list(caught.value.field_errors) == ["professional_judgement"]
    assert snapshot() == before


@pytest.mark.parametrize("bad", [3, -1, True, "2", None])
def test_an_invalid_score_is_refused_on_that_area(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], bad: Any
) -> None:
    wc = assigned()
    scores = ZERO | {LifeArea.ALCOHOL: bad}
    with pytest.raises(ApplicationError) as caught:
        assess(world["werkplaats"], wc, scores=scores)
    assert list(caught.value.field_errors) == ["score_alcohol"]
    assert not Assessment.objects.exists()


def test_a_missing_area_and_an_unknown_note_area_are_refused(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    scores = {area: 0 for area in LifeArea.values if area != LifeArea.FRIENDS}
    with pytest.raises(ApplicationError) as caught:
        assess(world["werkplaats"], wc, scores=scores, notes={"gambling": "Gokt"})
    assert set(caught.value.field_errors) == {"score_friends", "notes"}
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(("minutes", "ok"), [(0, False), (1, True), (720, True), (721, False), (-5, False)])
def test_assessment_minutes_edges(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], minutes: int, ok: bool
) -> None:
    wc = assigned()
    if ok:
        assert assess(world["werkplaats"], wc, minutes=minutes).minutes == minutes
        return
    with pytest.raises(ApplicationError) as caught:
        assess(world["werkplaats"], wc, minutes=minutes)
    assert list(caught.value.field_errors) == ["minutes"]
    assert not Assessment.objects.exists()


def test_a_colleague_confirms(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    wc = assigned()
    assessment = review(world["werkplaats2"], assess(world["werkplaats"], wc))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.CONFIRMED
    assert assessment.reviewed_by == world["werkplaats2"]
    assert assessment.reviewed_at == NOW
    [event] = events("assessment.reviewed")
    assert event.details["status"] == AssessmentStatus.CONFIRMED
    assert event.actor == world["werkplaats2"]


def test_the_coordinator_may_review_the_worker_s_assessment(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    assessment = review(world["coordinator"], assess(world["werkplaats"], assigned()))
    assert assessment.status == AssessmentStatus.CONFIRMED


def test_no_one_confirms_their_own_assessment(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    wc = assigned()
    assessment = assess(world["werkplaats"], wc)
    before = snapshot()
    with pytest.raises(ApplicationError) as caught:
        review(world["werkplaats"], assessment)
    assert list(caught.value.field_errors) == ["confirm"]
    assert snapshot() == before


@pytest.mark.parametrize(
    "username", ["officier", "slachtofferhulp", "reclassering", "raad", "coordinator-noord", "werkplaats-noord"]
)
def test_only_werkplaats_colleagues_at_the_location_review(
    world: dict[str, User],
    assigned: Callable[..., WerkplaatsCase],
    elsewhere: dict[str, Any],
    username: str,
) -> None:
    assessment = assess(world["werkplaats"], assigned())
    before = snapshot()
    with pytest.raises(ApplicationError):
        review(user_named(world, elsewhere, username), assessment)
    assert snapshot() == before


@pytest.mark.parametrize("note", ["", "  "])
def test_a_challenge_needs_a_note(world: dict[str, User], assigned: Callable[..., WerkplaatsCase], note: str) -> None:
    assessment = assess(world["werkplaats"], assigned())
    before = snapshot()
    with pytest.raises(ApplicationError) as caught:
        review(world["werkplaats2"], assessment, confirm=False, note=note)
    assert list(caught.value.field_errors) == ["note"]
    assert snapshot() == before


def test_a_challenge_with_a_note(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    assessment = review(
        world["werkplaats2"], assess(world["werkplaats"], assigned()), confirm=False, note=" Huisvesting is 2. "
    )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.CHALLENGED
    assert assessment.review_note == "Huisvesting is 2."


def test_an_assessment_is_reviewed_once(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    assessment = review(world["werkplaats2"], assess(world["werkplaats"], assigned()))
    with pytest.raises(ConflictError):
        review(world["coordinator"], assessment, confirm=False, note="Toch niet.")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.CONFIRMED
    assert assessment.reviewed_by == world["werkplaats2"]


def test_a_newer_assessment_supersedes(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    wc = assigned()
    old = assess(world["werkplaats"], wc, moment=NOW - timedelta(hours=2))
    new = assess(world["werkplaats"], wc, moment=NOW - timedelta(hours=1))
    with pytest.raises(ConflictError):
        review(world["werkplaats2"], old)
    old.refresh_from_db()
    assert old.status == AssessmentStatus.AWAITING_REVIEW
    assert review(world["werkplaats2"], new).status == AssessmentStatus.CONFIRMED


def test_a_newer_unconfirmed_assessment_blocks_the_advice(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    review(world["werkplaats2"], assess(world["werkplaats"], wc, moment=NOW - timedelta(hours=2)))
    assess(world["werkplaats"], wc, moment=NOW - timedelta(hours=1))
    with at(), pytest.raises(ConflictError):
        advice_give(user=world["werkplaats"], werkplaats_case_id=wc.pk, data=advice_data())
    assert not Advice.objects.exists()


def test_a_newer_assessment_in_the_same_instant_supersedes(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    old = assess(world["werkplaats"], wc)
    assess(world["werkplaats"], wc)
    with pytest.raises(ConflictError):
        review(world["werkplaats2"], old)


@pytest.mark.parametrize("final", [WerkplaatsStatus.CLOSED, WerkplaatsStatus.WITHDRAWN])
def test_no_review_on_a_finished_case(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], final: str
) -> None:
    wc = assigned()
    assessment = assess(world["werkplaats"], wc)
    WerkplaatsCase.objects.filter(pk=wc.pk).update(status=final)
    before = snapshot()
    with pytest.raises(ConflictError):
        review(world["werkplaats2"], assessment)
    assert snapshot() == before


# --- advice ------------------------------------------------------------------------------------


def test_advice_on_a_confirmed_assessment_awaits_the_om(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    intervention = Intervention.objects.create(name="BORG kort", sessions=4)
    advice = advise(world, wc, intervention_id=intervention.pk, shared_details=" Verslaafd ")
    wc.refresh_from_db()
    assert wc.status == WerkplaatsStatus.ADVICE_GIVEN
    assert advice.intervention == intervention
    assert advice.shared_details == "Verslaafd"
    assert advice.response == ""
    [event] = events("advice.given")
    assert event.details["disposal"] == "conditional_dismissal"


@pytest.mark.parametrize("review_as", [None, "challenged"])
def test_advice_needs_a_confirmed_assessment(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], review_as: str | None
) -> None:
    wc = assigned()
    assessment = assess(world["werkplaats"], wc)
    if review_as:
        review(world["werkplaats2"], assessment, confirm=False, note="Onvolledig.")
    before = snapshot()
    with at(), pytest.raises(ConflictError):
        advice_give(user=world["werkplaats"], werkplaats_case_id=wc.pk, data=advice_data())
    assert snapshot() == before


def test_advice_without_any_assessment_is_refused(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    with at(), pytest.raises(ConflictError):
        advice_give(user=world["werkplaats"], werkplaats_case_id=wc.pk, data=advice_data())
    assert state(wc) == WerkplaatsStatus.ASSIGNED


def test_one_advice_per_case(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    wc = assigned()
    advise(world, wc)
    before = snapshot()
    with at(), pytest.raises(ConflictError):
        advice_give(user=world["werkplaats"], werkplaats_case_id=wc.pk, data=advice_data(disposal="summons"))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"disposal": "prison"}, "disposal"),
        ({"disposal": ""}, "disposal"),
        ({"rationale": "   "}, "rationale"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 721}, "minutes"),
        ({"intervention_id": 999_999}, "intervention"),
    ],
)
def test_advice_validation(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], changes: dict[str, Any], field: str
) -> None:
    wc = assigned()
    review(world["werkplaats2"], assess(world["werkplaats"], wc))
    before = snapshot()
    with at(), pytest.raises(ApplicationError) as caught:
        advice_give(user=world["werkplaats"], werkplaats_case_id=wc.pk, data=advice_data(**changes))
    assert list(caught.value.field_errors) == [field]
    assert snapshot() == before


def test_an_inactive_intervention_cannot_be_advised(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    review(world["werkplaats2"], assess(world["werkplaats"], wc))
    retired = Intervention.objects.create(name="Oud programma", active=False)
    with at(), pytest.raises(ApplicationError) as caught:
        advice_give(user=world["werkplaats"], werkplaats_case_id=wc.pk, data=advice_data(intervention_id=retired.pk))
    assert "intervention" in caught.value.field_errors


# --- the OM answers: its decision is the answer -----------------------------------------------------


def decide(world: dict[str, User], advice: Advice, **decision: Any) -> None:
    """The OM records the disposal on the ZSM case (by default: the advised conditional dismissal)."""
    with at():
        om_decides(world, advice.werkplaats_case, **decision)


def test_the_decision_the_om_records_is_the_answer(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    advice = advise(world, assigned(), conditions="Meewerken aan schuldhulp.")
    with pytest.raises(ConflictError):  # nothing to explain before there is a decision
        respond(world["officier"], advice, usefulness=4)
    decide(world, advice)
    advice.refresh_from_db()
    assert advice.response == AdviceResponse.ADOPTED
    assert advice.responded_by == world["officier"]
    [answered] = events("advice.answered")
    assert answered.details["response"] == AdviceResponse.ADOPTED
    explained = respond(world["officier"], advice, usefulness=4)
    assert (explained.response, explained.usefulness) == (AdviceResponse.ADOPTED, 4)
    assert explained.version == advice.version + 1
    [event] = events("advice.explained")
    assert event.details == {
        "werkplaats_case": advice.werkplaats_case_id,
        "response": AdviceResponse.ADOPTED,
        "usefulness": 4,
    }


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ({}, AdviceResponse.ADOPTED),
        ({"conditions": "Meewerken aan schuldhulp en huisvesting."}, AdviceResponse.ADOPTED),  # reworded
        ({"conditions": "", "probation_involved": False, "appointment_at": None}, AdviceResponse.PARTLY),
        (
            {"disposal": "strafbeschikking", "fine_amount": Decimal(150), "conditions": "", "probation_involved": False,
             "probation_period_months": None, "appointment_at": None},
            AdviceResponse.NOT_ADOPTED,
        ),
    ],
)  # fmt: skip
def test_the_answer_follows_from_the_decision(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], decision: dict[str, Any], expected: str
) -> None:
    advice = advise(world, assigned(), conditions="Meewerken aan schuldhulp.")
    decide(world, advice, **decision)
    advice.refresh_from_db()
    assert advice.response == expected


def test_a_referral_to_the_werkplaats_is_no_answer(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    advice = advise(world, assigned())
    decide(world, advice, disposal="refer_to_werkplaats", conditions="", probation_period_months=None)
    advice.refresh_from_db()
    assert advice.response == ""
    decide(world, advice)  # the final decision after the referral answers it
    advice.refresh_from_db()
    assert advice.response == AdviceResponse.ADOPTED
    advice.werkplaats_case.case.refresh_from_db()
    assert advice.werkplaats_case.case.status == "decided"


@pytest.mark.parametrize(
    "username",
    ["werkplaats", "coordinator", "reclassering", "slachtofferhulp", "politie", "raad", "officier-noord"],
)
def test_only_the_om_decider_at_the_location_answers(
    world: dict[str, User],
    assigned: Callable[..., WerkplaatsCase],
    officier_elsewhere: User,
    username: str,
) -> None:
    advice = advise(world, assigned())
    decide(world, advice)
    advice.refresh_from_db()
    user = officier_elsewhere if username == "officier-noord" else world[username]
    before = snapshot()
    with pytest.raises(ApplicationError) as caught:
        respond(user, advice)
    assert not isinstance(caught.value, ConflictError)
    assert snapshot() == before


def test_not_fully_adopted_needs_a_reason(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    advice = advise(world, assigned(), conditions="Meewerken aan schuldhulp.")
    decide(world, advice, conditions="", probation_involved=False, appointment_at=None)
    advice.refresh_from_db()
    assert advice.response == AdviceResponse.PARTLY
    before = snapshot()
    with pytest.raises(ApplicationError) as caught:
        respond(world["officier"], advice, reason="  ")
    assert list(caught.value.field_errors) == ["reason"]
    assert snapshot() == before
    answered = respond(world["officier"], advice, reason=" Eerdere sepots. ")
    assert answered.response_reason == "Eerdere sepots."


def test_a_declared_answer_that_contradicts_the_decision_is_refused(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    advice = advise(world, assigned())
    decide(world, advice, disposal="strafbeschikking", fine_amount=Decimal(150), conditions="",
           probation_involved=False, probation_period_months=None, appointment_at=None)  # fmt: skip
    advice.refresh_from_db()
    before = snapshot()
    with pytest.raises(ApplicationError) as caught:
        respond(world["officier"], advice, response=AdviceResponse.ADOPTED, reason="Toch wel.")
    assert list(caught.value.field_errors) == ["response"]
    assert snapshot() == before
    assert advice.response == AdviceResponse.NOT_ADOPTED


@pytest.mark.parametrize(
    ("usefulness", "ok"), [(None, True), (0, False), (1, True), (5, True), (6, False), (-1, False)]
)
def test_usefulness_is_one_to_five(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], usefulness: int | None, ok: bool
) -> None:
    advice = advise(world, assigned())
    decide(world, advice)
    advice.refresh_from_db()
    if ok:
        assert respond(world["officier"], advice, usefulness=usefulness).usefulness == usefulness
        return
    before = snapshot()
    with pytest.raises(ApplicationError) as caught:
        respond(world["officier"], advice, usefulness=usefulness)
    assert list(caught.value.field_errors) == ["usefulness"]
    assert snapshot() == before


def test_a_stale_answer_is_a_conflict(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    advice = advise(world, assigned())
    decide(world, advice)
    advice.refresh_from_db()
    stale = advice.version
    respond(world["officier"], advice, usefulness=5, expected_version=stale)
    before = snapshot()
    with pytest.raises(ConflictError):
        respond(world["officier"], advice, usefulness=1, expected_version=stale)
    assert snapshot() == before
    advice.refresh_from_db()
    assert advice.usefulness == 5


# --- help plan and monitoring ----------------------------------------------------------------------


def test_help_action_plan_and_status(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    wc = assigned()
    with at():
        action = help_action_plan(
            user=world["werkplaats"], werkplaats_case_id=wc.pk, description=" Bewind ", owner=" Gemeente ", due_on=TODAY
        )
        assert (action.description, action.owner, action.status) == ("Bewind", "Gemeente", ActionStatus.PLANNED)
        with pytest.raises(ApplicationError) as caught:
            help_action_status_set(user=world["werkplaats"], action_id=action.pk, status="finished")
        assert "status" in caught.value.field_errors
        help_action_status_set(user=world["werkplaats"], action_id=action.pk, status=ActionStatus.DROPPED)
    action.refresh_from_db()
    assert action.status == ActionStatus.DROPPED


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"description": " ", "owner": "X"}, ["description"]),
        ({"description": "X", "owner": ""}, ["owner"]),
        ({"description": "X", "owner": "Y", "due_on": TODAY - timedelta(days=1)}, ["due_on"]),
    ],
)
def test_help_action_validation(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], kwargs: dict[str, Any], fields: list[str]
) -> None:
    wc = assigned()
    with at(), pytest.raises(ApplicationError) as caught:
        help_action_plan(user=world["werkplaats"], werkplaats_case_id=wc.pk, **kwargs)
    assert list(caught.value.field_errors) == fields
    assert not HelpAction.objects.exists()


def test_planning_a_check_after_the_advice_starts_monitoring(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    advice = advise(world, wc)
    with at():  # the OM has not decided yet: the check is planned, monitoring waits for the decision
        monitoring_check_plan(user=world["werkplaats"], werkplaats_case_id=wc.pk, subject="Al gebeld?", due_on=TODAY)
    assert state(wc) == WerkplaatsStatus.ADVICE_GIVEN
    decide(world, advice)
    version = WerkplaatsCase.objects.get(pk=wc.pk).version
    with at():
        monitoring_check_plan(
            user=world["werkplaats"], werkplaats_case_id=wc.pk, subject="Schuldhulp gestart?", due_on=TODAY
        )
    wc.refresh_from_db()
    assert wc.status == WerkplaatsStatus.MONITORING
    assert wc.version == version + 1
    with at():  # a second check keeps it in monitoring
        monitoring_check_plan(
            user=world["werkplaats"], werkplaats_case_id=wc.pk, subject="Nog steeds?", due_on=TODAY + timedelta(7)
        )
    assert state(wc) == WerkplaatsStatus.MONITORING


def test_a_check_before_the_advice_does_not_start_monitoring(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    assess(world["werkplaats"], wc)
    with at():
        monitoring_check_plan(user=world["werkplaats"], werkplaats_case_id=wc.pk, subject="GGZ?", due_on=TODAY)
    assert state(wc) == WerkplaatsStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("subject", "due_on", "fields"),
    [(" ", TODAY, ["subject"]), ("GGZ?", None, ["due_on"]), ("GGZ?", TODAY - timedelta(days=1), ["due_on"])],
)
def test_check_plan_validation(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], subject: str, due_on: date | None,
    fields: list[str],
) -> None:  # fmt: skip
    wc = assigned()
    with at(), pytest.raises(ApplicationError) as caught:
        monitoring_check_plan(user=world["werkplaats"], werkplaats_case_id=wc.pk, subject=subject, due_on=due_on)
    assert list(caught.value.field_errors) == fields
    assert not MonitoringCheck.objects.exists()


def _planned_check(world: dict[str, User], wc: WerkplaatsCase) -> MonitoringCheck:
    with at():
        return monitoring_check_plan(user=world["werkplaats"], werkplaats_case_id=wc.pk, subject="GGZ?", due_on=TODAY)


@pytest.mark.parametrize("outcome", [CheckOutcome.NOT_RUNNING_CHASED, CheckOutcome.NOT_RUNNING_ESCALATED])
def test_help_not_running_needs_a_note(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], outcome: str
) -> None:
    check = _planned_check(world, assigned())
    before = snapshot()
    with at(), pytest.raises(ApplicationError) as caught:
        monitoring_check_record(user=world["werkplaats"], check_id=check.pk, outcome=outcome, minutes=10, note=" ")
    assert list(caught.value.field_errors) == ["outcome_note"]
    assert snapshot() == before
    with at():
        done = monitoring_check_record(
            user=world["werkplaats"], check_id=check.pk, outcome=outcome, minutes=10, note=" Wijkteam gebeld "
        )
    assert done.outcome_note == "Wijkteam gebeld"


@pytest.mark.parametrize("outcome", [CheckOutcome.RUNNING, CheckOutcome.ENDED])
def test_help_running_or_ended_needs_no_note(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], outcome: str
) -> None:
    check = _planned_check(world, assigned())
    with at():
        done = monitoring_check_record(user=world["werkplaats"], check_id=check.pk, outcome=outcome, minutes=5)
    done.refresh_from_db()
    assert (done.outcome, done.minutes, done.checked_by) == (outcome, 5, world["werkplaats"])


def test_a_check_is_recorded_once(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    check = _planned_check(world, assigned())
    with at():
        monitoring_check_record(user=world["werkplaats"], check_id=check.pk, outcome=CheckOutcome.RUNNING, minutes=5)
        before = snapshot()
        with pytest.raises(ConflictError):
            monitoring_check_record(user=world["werkplaats"], check_id=check.pk, outcome=CheckOutcome.ENDED, minutes=5)
    assert snapshot() == before


@pytest.mark.parametrize(("outcome", "minutes", "field"), [("fine", 5, "outcome"), ("running", 0, "minutes")])
def test_check_record_validation(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], outcome: str, minutes: int, field: str
) -> None:
    check = _planned_check(world, assigned())
    with at(), pytest.raises(ApplicationError) as caught:
        monitoring_check_record(user=world["werkplaats"], check_id=check.pk, outcome=outcome, minutes=minutes)
    assert list(caught.value.field_errors) == [field]
    check.refresh_from_db()
    assert check.outcome == ""


# --- the short trajectory -----------------------------------------------------------------------


def test_at_most_five_conversations(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    wc = assigned()
    with at():
        for _ in range(5):
            conversation_record(user=world["werkplaats"], werkplaats_case_id=wc.pk, held_on=TODAY, goals="Doel",
                                minutes=45)  # fmt: skip
        before = snapshot()
        with pytest.raises(ConflictError):
            conversation_record(user=world["werkplaats"], werkplaats_case_id=wc.pk, held_on=TODAY, goals="Zes",
                                minutes=45)  # fmt: skip
    assert snapshot() == before
    assert list(Conversation.objects.filter(werkplaats_case=wc).values_list("number", flat=True)) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("held_on", "goals", "minutes", "field"),
    [
        (None, "Doel", 45, "held_on"),
        (TODAY + timedelta(days=1), "Doel", 45, "held_on"),
        (TODAY, "  ", 45, "goals"),
        (TODAY, "Doel", 0, "minutes"),
        (TODAY, "Doel", 721, "minutes"),
    ],
)
def test_conversation_validation(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], held_on: date | None, goals: str, minutes: int,
    field: str,
) -> None:  # fmt: skip
    wc = assigned()
    with at(), pytest.raises(ApplicationError) as caught:
        conversation_record(
            user=world["werkplaats"], werkplaats_case_id=wc.pk, held_on=held_on, goals=goals, minutes=minutes
        )
    assert list(caught.value.field_errors) == [field]
    assert not Conversation.objects.exists()


# --- time ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("minutes", "ok"), [(0, False), (1, True), (720, True), (721, False), (-1, False)])
def test_time_entry_minutes_edges(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], minutes: int, ok: bool
) -> None:
    wc = assigned()
    with at():
        if ok:
            entry = time_entry_record(user=world["werkplaats"], werkplaats_case_id=wc.pk, kind=ActivityKind.TRAVEL,
                                      minutes=minutes, spent_on=TODAY)  # fmt: skip
            assert entry.minutes == minutes
            return
        with pytest.raises(ApplicationError) as caught:
            time_entry_record(user=world["werkplaats"], werkplaats_case_id=wc.pk, kind=ActivityKind.TRAVEL,
                              minutes=minutes, spent_on=TODAY)  # fmt: skip
    assert list(caught.value.field_errors) == ["minutes"]
    assert not TimeEntry.objects.exists()


@pytest.mark.parametrize(
    ("kind", "spent_on", "field"),
    [
        (ActivityKind.TRAVEL, TODAY + timedelta(days=1), "spent_on"),
        (ActivityKind.TRAVEL, None, "spent_on"),
        ("coffee", TODAY, "kind"),
    ],
)
def test_time_cannot_be_in_the_future(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], kind: str, spent_on: date | None, field: str
) -> None:
    wc = assigned()
    with at(), pytest.raises(ApplicationError) as caught:
        time_entry_record(user=world["werkplaats"], werkplaats_case_id=wc.pk, kind=kind, minutes=30, spent_on=spent_on)
    assert list(caught.value.field_errors) == [field]
    assert not TimeEntry.objects.exists()


def test_today_is_the_amsterdam_day(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    """At 00:30 in Amsterdam it is still yesterday in UTC; the Amsterdam date is not the future."""
    wc = assigned()
    just_after_midnight = datetime(2026, 1, 15, 0, 30, tzinfo=AMS)
    with at(just_after_midnight):
        entry = time_entry_record(user=world["werkplaats"], werkplaats_case_id=wc.pk, kind=ActivityKind.REPORTING,
                                  minutes=20, spent_on=date(2026, 1, 15))  # fmt: skip
        with pytest.raises(ApplicationError):
            time_entry_record(user=world["werkplaats"], werkplaats_case_id=wc.pk, kind=ActivityKind.REPORTING,
                              minutes=20, spent_on=date(2026, 1, 16))  # fmt: skip
    assert entry.spent_on == date(2026, 1, 15)


# --- special-category notes --------------------------------------------------------------------


def test_a_special_note_is_recorded_without_its_content_in_the_audit(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    with at():
        note = special_note_record(
            user=world["werkplaats"], werkplaats_case_id=wc.pk, category=NoteCategory.PSYCHIATRY,
            text=" Psychose in 2024 ",
        )  # fmt: skip
    note.refresh_from_db()
    assert note.text == "Psychose in 2024"
    [event] = events("special_note.recorded")
    assert event.details == {"werkplaats_case": wc.pk, "category": NoteCategory.PSYCHIATRY}


@pytest.mark.parametrize(
    ("category", "text", "field"), [("gambling", "X", "category"), (NoteCategory.HEALTH, " ", "text")]
)
def test_special_note_validation(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], category: str, text: str, field: str
) -> None:
    wc = assigned()
    with at(), pytest.raises(ApplicationError) as caught:
        special_note_record(user=world["werkplaats"], werkplaats_case_id=wc.pk, category=category, text=text)
    assert list(caught.value.field_errors) == [field]
    assert not SpecialCategoryNote.objects.exists()


# --- hand-over --------------------------------------------------------------------------------


def _hand_over(user: User, wc: WerkplaatsCase, **kwargs: Any) -> WerkplaatsCase:
    wc.refresh_from_db()
    with at():
        return werkplaats_case_transition(
            user=user, werkplaats_case_id=wc.pk, target=WerkplaatsStatus.HANDED_OVER,
            expected_version=wc.version, outcome="Naar reguliere reclassering.", **kwargs,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({}, {"handover_kind", "handover_question"}),
        ({"handover_kind": HandoverKind.ADVICE}, {"handover_question"}),
        ({"handover_kind": HandoverKind.ADVICE, "handover_question": "   "}, {"handover_question"}),
        ({"handover_question": "Is toezicht nodig?"}, {"handover_kind"}),
        ({"handover_kind": "treatment", "handover_question": "Is toezicht nodig?"}, {"handover_kind"}),
    ],
)
def test_a_hand_over_needs_kind_and_question(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], kwargs: dict[str, str], fields: set[str]
) -> None:
    wc = assigned()
    before = snapshot()
    with pytest.raises(ApplicationError) as caught:
        _hand_over(world["werkplaats"], wc, **kwargs)
    assert set(caught.value.field_errors) == fields
    assert snapshot() == before


def test_a_hand_over_stores_kind_and_question(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    wc = assigned()
    with pytest.raises(ConflictError):  # not while the OM still decides
        _hand_over(world["werkplaats"], wc, handover_kind=HandoverKind.SUPERVISION, handover_question="Toezicht?")
    with at():
        om_decides(world, wc)
    wc = _hand_over(
        world["werkplaats"], wc, handover_kind=HandoverKind.SUPERVISION,
        handover_question="  Is toezicht nodig bij het gezin?  ",
    )  # fmt: skip
    wc.refresh_from_db()
    assert wc.status == WerkplaatsStatus.HANDED_OVER
    assert wc.handover_kind == HandoverKind.SUPERVISION
    assert wc.handover_question == "Is toezicht nodig bij het gezin?"
    assert wc.closed_at == NOW


def test_closing_keeps_the_hand_over_fields_empty(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    decide(world, advise(world, wc))
    wc.refresh_from_db()
    with at():
        werkplaats_case_transition(
            user=world["werkplaats"], werkplaats_case_id=wc.pk, target=WerkplaatsStatus.CLOSED,
            expected_version=wc.version, outcome="OM volgt advies.", handover_kind=HandoverKind.ADVICE,
            handover_question="Genegeerd?",
        )  # fmt: skip
    wc.refresh_from_db()
    assert wc.status == WerkplaatsStatus.CLOSED
    assert (wc.handover_kind, wc.handover_question) == ("", "")


def test_a_help_change_on_a_stale_version_is_refused_and_keeps_the_newer_change(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    with at():
        help_entry = help_involvement_record(
            user=world["werkplaats"], werkplaats_case_id=wc.pk, data=HelpInput("Wijkteam", HelpWorking.UNKNOWN)
        )
        help_involvement_update(
            user=world["coordinator"],
            involvement_id=help_entry.pk,
            data=HelpInput("Wijkteam", HelpWorking.YES, note="Loopt goed."),
            expected_version=1,
        )
        with pytest.raises(ConflictError):
            help_involvement_update(
                user=world["werkplaats"],
                involvement_id=help_entry.pk,
                data=HelpInput("Wijkteam", HelpWorking.NO),
                expected_version=1,
            )
    help_entry.refresh_from_db()
    assert (help_entry.working, help_entry.note, help_entry.version) == (HelpWorking.YES, "Loopt goed.", 2)
