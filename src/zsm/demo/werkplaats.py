"""Werkplaats casework for the demo: the location's candidate cases at every stage, modelled on the vignettes.

Everything here is fictional (PRIMER §6 inspires the profiles, never real people). The inflow
(`zsm.demo.inflow`) leaves werkplaats candidates: cases the table referred to the werkplaats and, for the
older ones, the OM's later conditional dismissal. This module turns each of them into a werkplaats case with
the casework a worker would have written, directly through the ORM (like the inflow's past days), with past
timestamps that follow each case's own timeline:

proposed at the table by probation (`reclassering`) → assigned by the coordinator to the werkplaats worker
with the lowest caseload at that moment → contacts and help already there → a RISc light, confirmed by the
other worker → advice to the OM → the OM's answer (the case's own later decision) → monitoring → closed or
handed over. Cases the OM has not decided yet are proposed, assigned, in progress, awaiting a colleague's
review or waiting for the OM.

Time per case follows the pilots (PRIMER §2): half 0–3 h, a third 3–6 h, a sixth over 6 h (at most 15 h),
mostly phone calls of 10–15 minutes. The data obeys the model constraints and the rules the services enforce
(one lead per case, at most five conversations, advice only after a confirmed assessment, never reviewed by
its author, the workflow's statuses). Seeded: the same casework every time for the same inflow.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction

from zsm.accounts.models import Location, User
from zsm.cases.constants import Partner
from zsm.cases.models import Case, Screening
from zsm.common.clock import AMSTERDAM, local, now
from zsm.decisions.constants import Disposal
from zsm.decisions.models import Decision
from zsm.demo.builders import LOCATION_CODE
from zsm.demo.inflow import FEMALE_NAMES, MALE_NAMES, SURNAMES, VIGNETTES
from zsm.workplace.adoption import Outcome, Recommendation, response_for
from zsm.workplace.assessment import derive
from zsm.workplace.constants import (
    LOW_BUCKET_MAX_MINUTES,
    MIDDLE_BUCKET_MAX_MINUTES,
    ActionStatus,
    ActivityKind,
    AdviceResponse,
    AssessmentStatus,
    CheckOutcome,
    ContactChannel,
    ContactOutcome,
    ContactRole,
    HandoverKind,
    HelpWorking,
    LifeArea,
    NoteCategory,
    Signal,
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

SEED = 2027
MAX_CASE_MINUTES = 15 * 60
WORK_START, WORK_END = time(8, 30), time(17, 30)
CASE_REVIEW_MINUTES = 15

# --- Profiles: what the worker finds, advises and organises --------------------------------------


@dataclass(frozen=True)
class Profile:
    signals: tuple[str, ...]
    roles: tuple[str, ...]  # whom the worker calls besides the arresting officer and the client
    help: tuple[tuple[str, str, str], ...]  # (agency, help, working) already there or started
    lead: int | None  # index into `help` of the agency with the lead; None: nobody has it
    advice: str
    conditions: str
    judgement: str
    scores: dict[str, int]  # the life areas that score above 0
    intervention: str = ""  # a name in the intervention catalogue
    note: tuple[str, str] | None = None  # (NoteCategory, text): special-category data
    handover: str = ""  # a HandoverKind: regular probation takes over after the werkplaats


S, L, R = Signal, LifeArea, ContactRole
W = HelpWorking

# One profile per vignette (same order as inflow.VIGNETTES).
VIGNETTE_PROFILES: tuple[Profile, ...] = (
    Profile(
        (S.HOMELESSNESS, S.UNPAYABLE_DEBTS), (R.SOCIAL_WORKER, R.MUNICIPALITY, R.FAMILY),
        (("Buurtteam", "Hulp bij inkomen en huisvesting", W.UNKNOWN), ("Gemeente, team Bijzondere Bijstand", "", W.NO)),
        None, VIGNETTES[0].advice, VIGNETTES[0].conditions,
        "Een blikje frisdrank uit honger; geen patroon van vermogensdelicten. Een boete vergroot alleen de nood. "
        "Zij wil hulp bij een uitkering en onderdak.",
        {L.HOUSING: 2, L.INCOME_DEBTS: 2, L.EDUCATION_WORK: 1, L.EMOTIONAL_WELLBEING: 1},
    ),
    Profile(
        (S.DOMESTIC_VIOLENCE, S.PSYCHIATRIC_PROBLEMS), (R.COMMUNITY_OFFICER, R.FAMILY, R.GGZ, R.OTHER),
        (("Veilig Thuis", "Melding en gezinsaanpak", W.PARTLY), ("GGZ-team moeder", "Behandeling moeder", W.PARTLY)),
        0, VIGNETTES[1].advice, VIGNETTES[1].conditions,
        "Geweld in een gespannen thuissituatie die al lang speelt; de zoon is zelf overbelast. Een taakstraf raakt "
        "de kern niet; een korte gezinsgerichte training wel.",
        {L.RELATIONSHIPS: 2, L.EMOTIONAL_WELLBEING: 1, L.THINKING_BEHAVIOUR: 1, L.EDUCATION_WORK: 1, L.ATTITUDE: 1},
        intervention="BORG, ingekort (vader–zoon)",
        note=(NoteCategory.PSYCHIATRY, "Moeder onder behandeling bij de GGZ; zoon zegt dat zij meer drinkt."),
    ),
    Profile(
        (S.HOMELESSNESS, S.CONFUSED_BEHAVIOUR), (R.SOCIAL_WORKER, R.GGZ, R.MUNICIPALITY),
        (("Maatschappelijke opvang", "Slaapplek (vervallen na het incident)", W.NO),
         ("GGZ-crisisdienst", "Beoordeling", W.UNKNOWN)),
        None, VIGNETTES[2].advice, VIGNETTES[2].conditions,
        "Verward en zonder onderdak; het incident komt voort uit onrust in de opvang. Zonder GGZ-beoordeling en een "
        "slaapplek is elk strafrechtelijk kader zinloos.",
        {L.HOUSING: 2, L.EMOTIONAL_WELLBEING: 2, L.INCOME_DEBTS: 1, L.THINKING_BEHAVIOUR: 1, L.OFFENCE_HISTORY: 1},
        note=(NoteCategory.PSYCHIATRY, "Verwarde indruk; eerdere opname niet bekend. GGZ-beoordeling aangevraagd."),
        handover=HandoverKind.ADVICE,
    ),
    Profile(
        (S.DOMESTIC_VIOLENCE, S.VICTIM_SAFETY), (R.FAMILY, R.GP, R.OTHER),
        (("Huisarts", "Begeleiding bij rouw", W.PARTLY),),
        None, VIGNETTES[3].advice, VIGNETTES[3].conditions,
        "Eenmalige uitbarsting rond een verlies; geen eerdere meldingen. Rouwverwerking en afspraken over de "
        "sieraden nemen de aanleiding weg.",
        {L.RELATIONSHIPS: 1, L.EMOTIONAL_WELLBEING: 1},
    ),
    Profile(
        (S.ADDICTION,), (R.FAMILY, R.GP, R.SOCIAL_WORKER),
        (("Huisarts", "Zorg voor de echtgenoot", W.YES), ("Thuiszorg", "Ondersteuning echtgenoot", W.YES)),
        None, VIGNETTES[4].advice, VIGNETTES[4].conditions,
        "Bijna dagelijks stelen om te drinken; de verslaving is de motor. Een korte verslavingstraining past beter "
        "dan een boete die het huishouden verder belast.",
        {L.ALCOHOL: 2, L.EMOTIONAL_WELLBEING: 1, L.OFFENCE_HISTORY: 1},
        intervention="Victas ‘stap voor stap’",
        note=(NoteCategory.ADDICTION, "Drinkt dagelijks; verzwijgt het voor haar man. Bereid tot een traject."),
    ),
    Profile(
        (S.UNPAYABLE_DEBTS,), (R.FAMILY, R.MUNICIPALITY, R.OTHER),
        (("Bewindvoerder", "Budgetbeheer", W.YES), ("Schuldhulpmaatje", "Maatje", W.UNKNOWN)),
        0, VIGNETTES[5].advice, VIGNETTES[5].conditions,
        "Schuld van € 10.000, goed geadministreerd; het feit kwam voort uit schaamte vlak voor de bruiloft. "
        "Een maatje en steun van de familie passen.",
        {L.INCOME_DEBTS: 2, L.RELATIONSHIPS: 1},
    ),
    Profile(
        (S.INTELLECTUAL_DISABILITY, S.DOMESTIC_VIOLENCE), (R.FAMILY, R.SOCIAL_WORKER, R.OTHER),
        (("LVB-zorgaanbieder", "Woonbegeleiding", W.YES), ("Veilig Thuis", "Melding", W.YES)),
        0, VIGNETTES[6].advice, VIGNETTES[6].conditions,
        "Alle hulp is er en loopt; extra interventies verstoren meer dan ze helpen. Eén heldere voorwaarde volstaat.",
        {L.RELATIONSHIPS: 1, L.THINKING_BEHAVIOUR: 1, L.EDUCATION_WORK: 1},
    ),
    Profile(
        (S.INTELLECTUAL_DISABILITY, S.ADDICTION), (R.FAMILY, R.SOCIAL_WORKER, R.GP, R.MUNICIPALITY),
        (("LVB-zorgaanbieder", "Aanmelding ambulante begeleiding (wachtlijst)", W.NO), ("Huisarts", "", W.PARTLY)),
        None, VIGNETTES[7].advice, VIGNETTES[7].conditions,
        "Licht verstandelijke beperking, softdrugs en zelfbeschadiging; regulier toezicht start te laat. De "
        "werkplaats overbrugt tot de LVB-zorg loopt.",
        {L.DRUGS: 2, L.EMOTIONAL_WELLBEING: 2, L.RELATIONSHIPS: 1, L.INCOME_DEBTS: 1, L.THINKING_BEHAVIOUR: 1},
        intervention="Training middelenbewustzijn",
        note=(NoteCategory.HEALTH, "Sporen van zelfbeschadiging; huisarts op de hoogte en betrokken."),
        handover=HandoverKind.SUPERVISION,
    ),
    Profile(
        (S.CONFUSED_BEHAVIOUR, S.PSYCHIATRIC_PROBLEMS), (R.COMMUNITY_OFFICER, R.GGZ, R.GP, R.HOUSING_CORPORATION),
        (("GGZ-team ouderen", "", W.NO), ("Ouderenzorg", "Thuiszorg", W.NO), ("Woningcorporatie", "", W.PARTLY)),
        None, VIGNETTES[8].advice, VIGNETTES[8].conditions,
        "Niemand heeft de regie; iedere partij wacht op de ander. Eerst een casusoverleg met een duidelijke "
        "regiehouder, dan pas een afdoening.",
        {L.EMOTIONAL_WELLBEING: 2, L.RELATIONSHIPS: 1, L.HOUSING: 1, L.THINKING_BEHAVIOUR: 2, L.ATTITUDE: 1},
        note=(NoteCategory.PSYCHIATRY, "Vermoeden van beginnende dementie; geen diagnose, GGZ ouderen ziet hem niet."),
    ),
    Profile(
        (S.DOMESTIC_VIOLENCE,), (R.FAMILY, R.OTHER, R.COMMUNITY_OFFICER),
        (("Veilig Thuis", "Melding", W.PARTLY),),
        0, VIGNETTES[9].advice, VIGNETTES[9].conditions,
        "Wederzijds partnergeweld; beide partners willen samen verder. Een BORG-variant voor het stel sluit aan.",
        {L.RELATIONSHIPS: 2, L.ALCOHOL: 1, L.ATTITUDE: 1},
        intervention="BORG, ingekort (partners)",
    ),
)  # fmt: skip

# Cases that came in without a vignette, keyed by the conditions the OM set (inflow.CONDITIONS).
GENERIC_PROFILES: dict[str, Profile] = {
    "Meewerken aan begeleiding door het wijkteam.": Profile(
        (S.HOMELESSNESS, S.UNPAYABLE_DEBTS), (R.SOCIAL_WORKER, R.FAMILY, R.HOUSING_CORPORATION),
        (("Buurtteam", "Begeleiding wonen en geld", W.PARTLY), ("Woningcorporatie", "Huurachterstand", W.UNKNOWN)),
        0, "Geen boete: de problemen met wonen en geld liggen onder het feit. Begeleiding door het wijkteam.",
        "Meewerken aan begeleiding door het wijkteam.",
        "Dreigende uithuiszetting en geen overzicht over geld; het feit past in die nood. Het wijkteam kent hem.",
        {L.HOUSING: 2, L.INCOME_DEBTS: 1, L.EDUCATION_WORK: 1},
    ),
    "Meewerken aan schuldhulpverlening.": Profile(
        (S.UNPAYABLE_DEBTS,), (R.MUNICIPALITY, R.FAMILY, R.SOCIAL_WORKER),
        (("Gemeente, schuldhulpverlening", "Aanmelding", W.UNKNOWN),),
        None, "Een boete vergroot een schuld die al onbetaalbaar is; schuldhulpverlening als voorwaarde.",
        "Meewerken aan schuldhulpverlening.",
        "Schulden van enkele duizenden euro's en geen overzicht; motivatie voor hulp is er.",
        {L.INCOME_DEBTS: 2, L.EMOTIONAL_WELLBEING: 1},
    ),
    "Deelname aan een korte training alcohol en geweld.": Profile(
        (S.ADDICTION,), (R.FAMILY, R.GP, R.COMMUNITY_OFFICER),
        (("Huisarts", "", W.UNKNOWN),),
        None, "Alcohol speelde bij het geweld; een korte training alcohol en geweld in plaats van een taakstraf.",
        "Deelname aan een korte training alcohol en geweld.",
        "Geweld onder invloed na een avond stappen; weekendgebruik, verder stabiel met werk en relatie.",
        {L.ALCOHOL: 2, L.FRIENDS: 1, L.ATTITUDE: 1},
        intervention="Korte training alcohol en geweld",
    ),
    "Deelname aan een middelenbewustzijnstraining.": Profile(
        (S.ADDICTION,), (R.FAMILY, R.SOCIAL_WORKER),
        (("Jongerenwerk", "Contact", W.PARTLY),),
        None, "Blowen bepaalt de dag; een middelenbewustzijnstraining en begeleiding door het jongerenwerk.",
        "Deelname aan een middelenbewustzijnstraining.",
        "Dagelijks blowen, gestopt met school; vrienden uit hetzelfde circuit. Staat open voor een training.",
        {L.DRUGS: 2, L.EDUCATION_WORK: 1, L.FRIENDS: 1},
        intervention="Training middelenbewustzijn",
        note=(NoteCategory.ADDICTION, "Dagelijks cannabisgebruik sinds twee jaar."),
    ),
    "Meewerken aan reclasseringstoezicht gedurende de proeftijd.": Profile(
        (S.PSYCHIATRIC_PROBLEMS, S.ADDICTION), (R.GGZ, R.FAMILY, R.GP),
        (("GGZ-instelling", "Ambulante behandeling (wachtlijst)", W.NO),),
        None, "Kort toezicht tijdens de proeftijd, zodat de behandeling op gang komt en blijft lopen.",
        "Meewerken aan reclasseringstoezicht gedurende de proeftijd.",
        "Psychische klachten en middelengebruik; de behandeling start pas over weken. Toezicht overbrugt.",
        {L.EMOTIONAL_WELLBEING: 2, L.DRUGS: 1, L.OFFENCE_HISTORY: 1, L.THINKING_BEHAVIOUR: 1},
        note=(NoteCategory.PSYCHIATRY, "Depressieve klachten; eerder behandeld, behandeling afgebroken."),
        handover=HandoverKind.SUPERVISION,
    ),
}  # fmt: skip
DEFAULT_PROFILE = GENERIC_PROFILES["Meewerken aan begeleiding door het wijkteam."]

ORGANISATION_OF: dict[str, str] = {
    R.ARRESTING_OFFICER: "Politie Midden-Nederland",
    R.COMMUNITY_OFFICER: "Politie Midden-Nederland, wijkteam",
    R.SOCIAL_WORKER: "Buurtteam",
    R.GGZ: "GGZ-instelling regio Utrecht",
    R.GP: "Huisartsenpraktijk",
    R.HOUSING_CORPORATION: "Woningcorporatie",
    R.MUNICIPALITY: "Gemeente",
    R.OTHER: "Veilig Thuis",
    R.FAMILY: "",
    R.CLIENT: "",
}
SUMMARIES: dict[str, str] = {
    R.ARRESTING_OFFICER: "Toelichting op de aanhouding en de situatie ter plaatse.",
    R.COMMUNITY_OFFICER: "Kent het adres; eerdere meldingen besproken.",
    R.SOCIAL_WORKER: "Wat er al loopt en wat er niet loopt; bereid om op te schalen.",
    R.GGZ: "Bekend of niet bekend; mogelijkheden voor een snelle beoordeling.",
    R.GP: "Zorgen gedeeld voor zover de huisarts mag; afgesproken wie wat doet.",
    R.HOUSING_CORPORATION: "Stand van de huur en de overlast; geen ontruiming zolang er hulp loopt.",
    R.MUNICIPALITY: "Inkomen, bijstand en schuldhulp nagevraagd.",
    R.OTHER: "Lopende melding en afspraken besproken.",
    R.FAMILY: "Beeld van thuis; familie wil helpen en meedenken.",
    R.CLIENT: "Gesprek over het feit, de situatie en wat hij of zij zelf wil.",
}
CONVERSATION_GOALS = (
    "Kennismaken, het traject uitleggen en afspraken maken.",
    "Wat ging er aan het feit vooraf; wat heeft hij of zij nodig?",
    "Plan maken: wonen, geld, dagbesteding en wie helpt.",
    "Netwerk betrekken en de overdracht naar de zorg voorbereiden.",
    "Afronden: wat is bereikt, wie neemt het over.",
)

# --- The plan per case ---------------------------------------------------------------------------------

PROPOSED, ASSIGNED, IN_PROGRESS, ASSESSED, ADVISED, ANSWERED = (
    "proposed", "assigned", "in_progress", "assessed", "advised", "answered",
)  # fmt: skip
LOW, MIDDLE, HIGH = "0-3", "3-6", ">6"


@dataclass
class _Plan:
    case: Case
    profile: Profile
    vignette: bool
    proposed_at: datetime
    decision: Decision | None  # the OM's later decision (conditional dismissal), if any
    stage: str = PROPOSED
    assigned_at: datetime | None = None
    ends_at: datetime | None = None  # closed or handed over
    final: str = ""  # WerkplaatsStatus.CLOSED or HANDED_OVER
    handover: str = ""  # HandoverKind when handed over
    worker: User | None = None
    bucket: str = LOW
    reviewed: bool = True  # a case-review time entry
    retry_call: bool = False  # an unreached contact to call back today
    check_due_today: bool = False
    row: WerkplaatsCase | None = None
    minutes: int = 0


@dataclass
class WerkplaatsResult:
    cases: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_bucket: dict[str, int] = field(default_factory=dict)
    minutes_by_case: dict[int, int] = field(default_factory=dict)  # werkplaats case pk -> minutes written
    skipped: bool = False


def demo_phone(name: str) -> str:
    """A person's fictional mobile number, the same for every contact with them: 06-0000 and four digits
    from the name (no random draw, so the rest of the demo stays as it was)."""
    return f"06-0000 {zlib.crc32(name.encode()) % 10_000:04d}"


def _aware(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=AMSTERDAM)


class _Builder:
    def __init__(self, *, rng: random.Random, moment: datetime, users: dict[str, User]) -> None:
        self.rng = rng
        self.moment = moment
        self.today = local(moment).date()
        self.users = users
        self.workers = [users["werkplaats"], users["werkplaats2"]]
        self.interventions = {i.name: i for i in Intervention.objects.filter(active=True)}
        self.rows: dict[type[Any], list[Any]] = {
            model: []
            for model in (
                Contact, HelpInvolvement, Assessment, Advice, HelpAction, MonitoringCheck, Conversation, TimeEntry,
                SpecialCategoryNote,
            )
        }  # fmt: skip
        self.current: _Plan | None = None
        self.last = datetime.min.replace(tzinfo=AMSTERDAM)

    # -- time ----------------------------------------------------------------------------------

    def slot(self, start: datetime, end: datetime) -> datetime:
        """A moment in [start, end], in office hours when the interval allows it."""
        end = min(end, self.moment)
        if end <= start:
            return end
        first, last = local(start).date(), local(end).date()
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        self.rng.shuffle(days)
        for day in days:
            low, high = max(start, _aware(day, WORK_START)), min(end, _aware(day, WORK_END))
            if low < high:
                return low + (high - low) * self.rng.random()
        return start + (end - start) * self.rng.random()

    def moments(self, start: datetime, end: datetime, count: int) -> list[datetime]:
        """`count` distinct increasing moments in [start, end] (one minute apart at least)."""
        chosen = sorted(self.slot(start, end) for _ in range(count))
        for index in range(1, len(chosen)):
            if chosen[index] <= chosen[index - 1]:
                chosen[index] = chosen[index - 1] + timedelta(minutes=1)
        return chosen

    def person_name(self) -> str:
        prefix, surname = self.rng.choice(SURNAMES)
        given = self.rng.choice(FEMALE_NAMES + MALE_NAMES)
        return " ".join(part for part in (given, prefix, surname) if part)

    # -- casework ------------------------------------------------------------------------------

    def add(self, row: Any) -> None:
        """Keep a row for the bulk insert; count its minutes and its moment towards the case being written."""
        self.rows[type(row)].append(row)
        if self.current is not None:
            self.current.minutes += getattr(row, "minutes", 0) or 0
        stamps = [getattr(row, name, None) for name in ("logged_at", "recorded_at", "checked_at", "responded_at")]
        self.last = max([self.last, *(stamp for stamp in stamps if stamp is not None)])

    def contacts(self, plan: _Plan, start: datetime, end: datetime, budget: int) -> None:
        """Contacts worth `budget` minutes between start and end, mostly calls of 10–15 minutes. An unreached
        contact is followed by a later one with the same person, on its follow-up date."""
        rng, worker = self.rng, plan.worker
        assert worker is not None
        assert plan.row is not None
        client = plan.case.suspect.full_name
        people: list[tuple[str, str]] = [(R.ARRESTING_OFFICER, f"brigadier {self.person_name()}")]
        people += [(role, self.person_name()) for role in plan.profile.roles]
        people.append((R.CLIENT, str(client)))
        items: list[tuple[tuple[str, str], str, str, int]] = []  # (person, channel, outcome, minutes)
        remaining = budget
        index = 0
        while remaining >= 8:
            person = people[index] if index < len(people) else rng.choice(people)
            index += 1
            roll = rng.random()
            if roll < 0.08 and remaining >= 75:  # a home visit: the client at home, often with family there
                items.append((people[-1], ContactChannel.HOME_VISIT, ContactOutcome.REACHED, rng.randint(45, 75)))
            elif roll < 0.16 and person[0] not in (R.CLIENT, R.FAMILY, R.ARRESTING_OFFICER):
                items.append((person, ContactChannel.EMAIL, ContactOutcome.REACHED, rng.randint(5, 10)))
            elif roll < 0.21 and remaining >= 50:
                items.append((person, ContactChannel.IN_PERSON, ContactOutcome.REACHED, rng.randint(20, 35)))
            elif roll < 0.38 and remaining >= 20:
                unreached = rng.choice((ContactOutcome.NOT_REACHED, ContactOutcome.MESSAGE_LEFT))
                items.append((person, ContactChannel.PHONE, unreached, rng.randint(2, 4)))
                items.append((person, ContactChannel.PHONE, ContactOutcome.REACHED, rng.randint(10, 15)))
            else:
                minutes = rng.randint(10, 15) if rng.random() < 0.85 else rng.randint(16, 25)
                items.append((person, ContactChannel.PHONE, ContactOutcome.REACHED, minutes))
            remaining = budget - sum(item[3] for item in items)
        while remaining < 0:  # the last contact went over the budget: shorten the longest
            longest = max(range(len(items)), key=lambda n: items[n][3])
            person, channel, outcome, minutes = items[longest]
            cut = min(-remaining, minutes - 1)
            items[longest] = (person, channel, outcome, minutes - cut)
            remaining += cut
        if remaining and items:  # the few minutes left go to the longest reached contact
            longest = max(range(len(items)), key=lambda n: items[n][3])
            person, channel, outcome, minutes = items[longest]
            items[longest] = (person, channel, outcome, minutes + remaining)
        times = self.moments(start, end, len(items))
        for position, ((role, name), channel, outcome, minutes) in enumerate(items):
            logged_at = times[position]
            follow_up_on = None
            if outcome != ContactOutcome.REACHED:
                called_back = local(times[position + 1]).date()
                follow_up_on = max(local(logged_at).date(), called_back)
            self.add(self.contact(plan, worker, role, name, channel, outcome, minutes, logged_at, follow_up_on))

    def contact(
        self, plan: _Plan, worker: User, role: str, name: str, channel: str, outcome: str, minutes: int,
        logged_at: datetime, follow_up_on: date | None,
    ) -> Contact:  # fmt: skip
        organisation = ORGANISATION_OF[role]
        if role == R.MUNICIPALITY:
            organisation = f"Gemeente {plan.case.incident_municipality or 'Utrecht'}"
        summary = SUMMARIES[role] if outcome == ContactOutcome.REACHED else ""
        if outcome == ContactOutcome.MESSAGE_LEFT:
            summary = "Voicemail ingesproken met verzoek om terugbellen."
        return Contact(
            werkplaats_case=plan.row, role=role, organisation=organisation, name=name, phone=demo_phone(name),
            channel=channel, outcome=outcome, summary=summary, minutes=minutes, follow_up_on=follow_up_on,
            logged_by=worker, logged_at=logged_at,
        )  # fmt: skip

    def scores(self, profile: Profile) -> dict[str, int]:
        scores = {area: int(profile.scores.get(area, 0)) for area in LifeArea.values}
        area = self.rng.choice(LifeArea.values)  # a worker's own weighing: one area a step up or down
        scores[area] = min(2, max(0, scores[area] + self.rng.choice((-1, 1))))
        return scores

    def assessment(
        self, plan: _Plan, at: datetime, minutes: int, *, reviewed_at: datetime | None, status: str = "",
        note: str = "",
    ) -> Assessment:  # fmt: skip
        assert plan.worker is not None
        profile = plan.profile
        scores = self.scores(profile)
        outcome = derive(scores)
        notes = {area: "Speelt een rol bij het feit; zie de contacten." for area, score in scores.items() if score == 2}
        reviewer = self.other(plan.worker)
        return Assessment(
            werkplaats_case=plan.row,
            scores=scores,
            area_notes=json.dumps(notes, ensure_ascii=False) if notes else "",
            protective_factors=self.rng.choice(
                (
                    "Betrokken familie.",
                    "Wil zelf hulp.",
                    "Heeft werk of dagbesteding.",
                    "Geen eerdere justitiecontacten.",
                )
            ),
            risk_level=outcome.risk_level,
            problem_level=outcome.problem_level,
            approach=outcome.approach,
            professional_judgement=profile.judgement,
            minutes=minutes,
            status=status or (AssessmentStatus.CONFIRMED if reviewed_at else AssessmentStatus.AWAITING_REVIEW),
            reviewed_by=reviewer if reviewed_at else None,
            reviewed_at=reviewed_at,
            review_note=note,
            recorded_by=plan.worker,
            recorded_at=at,
        )

    def other(self, worker: User) -> User:
        return self.workers[1] if worker.pk == self.workers[0].pk else self.workers[0]

    # -- one case --------------------------------------------------------------------------------

    def write(self, plan: _Plan) -> None:
        """All casework of one case, in the order of its own timeline; `plan.minutes` sums what counts."""
        rng = self.rng
        if plan.stage in (PROPOSED, ASSIGNED):
            return
        assert plan.worker is not None
        assert plan.assigned_at is not None
        self.current, self.last = plan, plan.assigned_at
        worker = plan.worker
        start = min(
            plan.assigned_at + timedelta(minutes=rng.randint(5, 40)),
            plan.assigned_at + (self.moment - plan.assigned_at) / 2,
        )
        work_end = plan.ends_at or self.moment
        high, low = plan.bucket == HIGH, plan.bucket == LOW
        assessed = plan.stage in (ASSESSED, ADVISED, ANSWERED)
        advised = plan.stage in (ADVISED, ANSWERED)
        assessment_minutes = rng.randint(30, 45 if low else 60) if assessed else 0
        advice_minutes = rng.randint(20, 30 if low else 40) if advised else 0
        extra: list[tuple[str, str, int]] = []  # other time entries: (kind, description, minutes)
        if plan.reviewed:
            extra.append((ActivityKind.CASE_REVIEW, "Besproken in de casuïstiekbespreking.", CASE_REVIEW_MINUTES))
        conversations = rng.randint(3, 5) if high else 0
        conversation_minutes = [rng.randint(45, 60) for _ in range(conversations)]
        if high:
            extra.append((ActivityKind.REPORTING, "Verslag voor het dossier en de overdracht.", rng.randint(30, 45)))
            if plan.profile.lead is None:
                extra.append((ActivityKind.CASE_CONFERENCE, "Casusoverleg in het Zorg- en Veiligheidshuis.", 90))
            else:
                extra.append((ActivityKind.CONSULTATION, "Overleg met de gedragsdeskundige.", rng.randint(20, 30)))
        elif plan.bucket == MIDDLE and rng.random() < 0.5:
            extra.append((ActivityKind.CONSULTATION, "Overleg met een collega over de aanpak.", rng.randint(15, 25)))
        answered = plan.stage == ANSWERED and plan.decision is not None
        monitoring = answered and bool(plan.final or self.moment - self.decided_at(plan) >= timedelta(hours=6))
        done_checks = 0
        if monitoring:
            done_checks = rng.randint(1, 3) if plan.final else rng.randint(0, 1)
        check_minutes = [rng.randint(10, 15 if low else 20) for _ in range(done_checks)]
        fixed = (
            assessment_minutes + advice_minutes + sum(m for _k, _d, m in extra) + sum(conversation_minutes)
            + sum(check_minutes)
        )  # fmt: skip
        floor = fixed + 60
        if plan.stage == IN_PROGRESS:
            target = rng.randint(max(floor, 40), max(floor, 120))
        elif low:
            target = rng.randint(min(max(floor, 60), LOW_BUCKET_MAX_MINUTES), LOW_BUCKET_MAX_MINUTES)
        elif plan.bucket == MIDDLE:
            target = rng.randint(max(floor, LOW_BUCKET_MAX_MINUTES + 15), MIDDLE_BUCKET_MAX_MINUTES - 5)
        else:
            target = max(floor, min(MAX_CASE_MINUTES, int(rng.triangular(MIDDLE_BUCKET_MAX_MINUTES + 20, 900, 480))))
        contact_budget = max(target - fixed - (3 if plan.retry_call else 0), 10)

        # The timeline: contacts, then the assessment, its review, the advice, the OM's answer, monitoring.
        if plan.stage == IN_PROGRESS:
            assessment_at = review_at = advice_at = None
            contacts_end = self.moment
        elif plan.stage == ASSESSED:
            assessment_at = self.slot(start + (self.moment - start) * 0.6, self.moment - timedelta(minutes=5))
            review_at = advice_at = None
            contacts_end = assessment_at - timedelta(minutes=10)
        else:
            decided = self.decided_at(plan) if answered else self.moment
            span = decided - start
            assessment_at = self.slot(start + span * 0.35, start + span * 0.55)
            advice_at = self.slot(start + span * 0.7, decided - timedelta(minutes=30))
            review_at = self.slot(assessment_at + timedelta(minutes=20), advice_at - timedelta(minutes=10))
            contacts_end = assessment_at - timedelta(minutes=10)
        self.contacts(plan, start, contacts_end, contact_budget)
        last = contacts_end
        if plan.retry_call:
            self.retry_call(plan, start)
        self.help(plan, start, contacts_end)
        if plan.profile.note:
            category, text = plan.profile.note
            self.add(SpecialCategoryNote(
                werkplaats_case=plan.row, category=category, text=text, recorded_by=worker,
                recorded_at=self.slot(start, contacts_end),
            ))  # fmt: skip
        if assessment_at is not None:
            challenged = review_at is not None and high and rng.random() < 0.5
            if challenged:  # a colleague challenged the first version; the revised one was confirmed
                assert review_at is not None
                first_at = assessment_at - (assessment_at - start) * 0.3
                challenge_at = self.slot(first_at + timedelta(minutes=20), assessment_at - timedelta(minutes=5))
                self.add(self.assessment(
                    plan, first_at, 20, reviewed_at=challenge_at, status=AssessmentStatus.CHALLENGED,
                    note="De beschermende factoren ontbreken en het risico lijkt me te hoog ingeschat.",
                ))  # fmt: skip
                assessment_minutes -= 20  # the two versions together took the planned time
            self.add(self.assessment(plan, assessment_at, assessment_minutes, reviewed_at=review_at))
            last = review_at or assessment_at
        advice = None
        if advice_at is not None:
            advice = self.advice(plan, advice_at, advice_minutes)
            self.add(advice)
            self.actions(plan, advice_at)
            last = advice_at
        if answered and advice is not None:
            self.answer(plan, advice)
            last = self.decided_at(plan)
            if monitoring:
                last = self.checks(plan, check_minutes)
        if conversations:
            held = self.moments(start + timedelta(days=1), work_end - timedelta(hours=3), conversations)
            for number, (moment, minutes) in enumerate(zip(held, conversation_minutes, strict=True), start=1):
                self.add(Conversation(
                    werkplaats_case=plan.row, number=number, held_on=local(moment).date(),
                    goals=CONVERSATION_GOALS[number - 1 if number < conversations else len(CONVERSATION_GOALS) - 1],
                    notes="Afspraken nagekomen; volgende stap besproken.", minutes=minutes, recorded_by=worker,
                    recorded_at=min(moment + timedelta(hours=1), work_end),
                ))  # fmt: skip
        for kind, description, minutes in extra:
            moment = self.slot(start, work_end)
            self.add(TimeEntry(
                werkplaats_case=plan.row, kind=kind, description=description, minutes=minutes,
                spent_on=local(moment).date(), recorded_by=worker, recorded_at=moment,
            ))  # fmt: skip
        assert plan.row is not None
        plan.row.updated_at = max(last, self.last, plan.ends_at or last)

    def decided_at(self, plan: _Plan) -> datetime:
        assert plan.decision is not None
        return plan.decision.decided_at

    def retry_call(self, plan: _Plan, start: datetime) -> None:
        """A call not answered, to try again today: nobody has called this person back yet."""
        assert plan.worker is not None
        logged_at = self.slot(max(start, self.moment - timedelta(days=1)), self.moment - timedelta(minutes=2))
        name = self.person_name()
        self.add(self.contact(
            plan, plan.worker, R.SOCIAL_WORKER, name, ContactChannel.PHONE, ContactOutcome.NOT_REACHED, 3,
            logged_at, max(self.today, local(logged_at).date()),
        ))  # fmt: skip

    def help(self, plan: _Plan, start: datetime, end: datetime) -> None:
        assert plan.worker is not None
        entries = plan.profile.help if plan.stage != IN_PROGRESS else plan.profile.help[:1]
        for index, (agency, help_text, working) in enumerate(entries):
            self.add(HelpInvolvement(
                werkplaats_case=plan.row, agency=agency, help=help_text, working=working,
                has_lead=plan.profile.lead == index,
                note="Heeft de regie en houdt de lijnen kort." if plan.profile.lead == index else "",
                recorded_by=plan.worker, recorded_at=self.slot(start, end),
            ))  # fmt: skip

    def advice(self, plan: _Plan, at: datetime, minutes: int) -> Advice:
        assert plan.worker is not None
        profile = plan.profile
        conditions = plan.decision.conditions if plan.decision is not None else profile.conditions
        shared = ""
        if profile.note and self.rng.random() < 0.5:
            shared = "Er speelt problematiek op het gebied van gezondheid; details met toestemming gedeeld."
        # Now and then the officer leaves the advised intervention out of the decision: partly adopted.
        with_intervention = plan.decision is None or self.rng.random() < 0.2
        return Advice(
            werkplaats_case=plan.row,
            disposal=Disposal.CONDITIONAL_DISMISSAL,
            intervention=self.interventions.get(profile.intervention) if with_intervention else None,
            conditions=conditions,
            rationale=profile.advice,
            shared_details=shared,
            minutes=minutes,
            recorded_by=plan.worker,
            recorded_at=at,
        )

    def answer(self, plan: _Plan, advice: Advice) -> None:
        """The OM's answer is the case's own later decision, read off it as the application does."""
        assert plan.decision is not None
        decision = plan.decision
        answer = response_for(
            Recommendation(advice.disposal, advice.intervention_id, advice.conditions),
            Outcome(
                decision.disposal, decision.intervention_id, decision.conditions or decision.behavioural_instruction
            ),
        )
        advice.response = answer or ""
        if answer == AdviceResponse.PARTLY:
            advice.response_reason = (
                "Voorwaardelijk sepot overgenomen; de training is geen voorwaarde: de hulp loopt al."
            )
        advice.responded_by = self.users["officier"]
        advice.responded_at = decision.decided_at
        advice.usefulness = self.rng.choice((3, 4, 4, 5, 5))
        advice.version = 2

    def actions(self, plan: _Plan, at: datetime) -> None:
        assert plan.worker is not None
        steps = [(f"Aanmelden bij {agency}", agency) for agency, _h, working in plan.profile.help if working != "yes"]
        steps.append((f"Afspraak voor de voorwaarde: {plan.profile.conditions}"[:300], "Werkplaats"))
        for description, owner in steps[:3]:
            due = local(at).date() + timedelta(days=self.rng.randint(2, 10))
            if plan.final:
                status = ActionStatus.DONE if self.rng.random() < 0.85 else ActionStatus.DROPPED
            else:
                status = ActionStatus.DONE if due < self.today and self.rng.random() < 0.7 else ActionStatus.PLANNED
            self.add(HelpAction(
                werkplaats_case=plan.row, description=description, owner=owner, due_on=due, status=status,
                recorded_by=plan.worker, recorded_at=at + timedelta(minutes=self.rng.randint(5, 30)),
            ))  # fmt: skip

    def checks(self, plan: _Plan, minutes: list[int]) -> datetime:
        """Monitoring after the OM's answer: checks done, and on an open case the next one planned."""
        assert plan.worker is not None
        decided = self.decided_at(plan)
        end = plan.ends_at or self.moment
        profile = plan.profile
        agency = profile.help[profile.lead or 0][0] if profile.help else "Buurtteam"
        last = decided
        done = self.moments(decided + timedelta(hours=20), end - timedelta(minutes=30), len(minutes))
        for index, (checked_at, spent) in enumerate(zip(done, minutes, strict=True)):
            planned_at = self.slot(decided + timedelta(minutes=15), checked_at - timedelta(minutes=5))
            outcome = CheckOutcome.RUNNING
            note = ""
            if index == 0 and self.rng.random() < 0.3:
                outcome = CheckOutcome.NOT_RUNNING_CHASED
                note = f"Intake bij {agency} bleek niet gepland; teamleider gebeld, intake staat nu."
            self.add(MonitoringCheck(
                werkplaats_case=plan.row, subject=f"Loopt de hulp bij {agency}?", agency=agency,
                due_on=local(checked_at).date(), outcome=outcome, outcome_note=note, checked_by=plan.worker,
                checked_at=checked_at, minutes=spent, recorded_by=plan.worker, recorded_at=planned_at,
            ))  # fmt: skip
            last = checked_at
        if not plan.final:
            planned_at = self.slot(max(last, decided) + timedelta(minutes=10), self.moment - timedelta(minutes=1))
            due = self.today if plan.check_due_today else self.today + timedelta(days=self.rng.randint(2, 9))
            due = max(due, local(planned_at).date())
            self.add(MonitoringCheck(
                werkplaats_case=plan.row, subject="Is de voorwaarde gestart?", agency=agency, due_on=due,
                recorded_by=plan.worker, recorded_at=planned_at,
            ))  # fmt: skip
            last = planned_at
        return last


# --- Which case gets what -----------------------------------------------------------------------------


def _profile_of(case: Case, vignette: int | None, decision: Decision | None, rng: random.Random) -> Profile:
    if vignette is not None:
        return VIGNETTE_PROFILES[vignette]
    if decision is not None and decision.conditions in GENERIC_PROFILES:
        return GENERIC_PROFILES[decision.conditions]
    return rng.choice(list(GENERIC_PROFILES.values()))


def _assign_time(proposed_at: datetime, rng: random.Random) -> datetime:
    """The coordinator picks a proposal up within the hour in office hours, else the next morning."""
    at = local(proposed_at)
    if WORK_START <= at.time() <= time(16, 30):
        return proposed_at + timedelta(minutes=rng.randint(15, 90))
    day = at.date() + timedelta(days=1) if at.time() > time(16, 30) else at.date()
    return _aware(day, time(8, rng.randint(35, 59)))


def _plans(location: Location, moment: datetime, rng: random.Random) -> list[_Plan]:
    cases = list(
        Case.objects.filter(location=location, werkplaats_candidate=True, werkplaats_case__isnull=True)
        .select_related("suspect")
        .order_by("registered_at", "pk")
    )
    by_summary = {v.probation_summary: index for index, v in enumerate(VIGNETTES)}
    vignettes = {
        case_id: by_summary[summary]
        for case_id, summary in Screening.objects.filter(
            case__in=cases, partner=Partner.PROBATION, summary__in=list(by_summary)
        ).values_list("case_id", "summary")
    }
    decisions: dict[int, list[Decision]] = {}
    for decision in Decision.objects.filter(case__in=cases).order_by("decided_at", "pk"):
        decisions.setdefault(decision.case_id, []).append(decision)
    plans = []
    for case in cases:
        referral = next((d for d in decisions.get(case.pk, []) if d.disposal == Disposal.REFER_TO_WERKPLAATS), None)
        later = next((d for d in decisions.get(case.pk, []) if referral and d.decided_at > referral.decided_at), None)
        if later is not None and later.disposal != Disposal.CONDITIONAL_DISMISSAL:
            later = None  # only the werkplaats' own outcome is an answer to its advice
        if referral is None:
            if case.decided_at is not None:
                continue  # decided without the werkplaats: nothing to propose any more
            proposed_at = case.registered_at + (moment - case.registered_at) / 2  # at today's table
        else:
            earliest = case.registered_at + timedelta(minutes=5)
            proposed_at = max(earliest, referral.decided_at - timedelta(minutes=rng.randint(5, 30)))
        vignette = vignettes.get(case.pk)
        plans.append(
            _Plan(
                case=case,
                profile=_profile_of(case, vignette, later, rng),
                vignette=vignette is not None,
                proposed_at=proposed_at,
                decision=later,
            )
        )
    return plans


def _stages(plans: list[_Plan], moment: datetime, rng: random.Random, workers: list[User]) -> None:
    wendy, willem = workers
    undecided = sorted((p for p in plans if p.decision is None), key=lambda p: p.proposed_at, reverse=True)
    for plan in plans:
        assigned_at = _assign_time(plan.proposed_at, rng)
        if plan.decision is None and (assigned_at >= moment - timedelta(minutes=30) or plan is undecided[0]):
            continue  # still waiting for the coordinator
        plan.assigned_at = assigned_at
        if plan.decision is None:
            continue
        plan.stage = ANSWERED
        decided = plan.decision.decided_at
        if moment - decided >= timedelta(days=3):
            latest = min(decided + timedelta(days=8), moment - timedelta(hours=2))
            end = decided + timedelta(days=2) + (latest - decided - timedelta(days=2)) * rng.random()
            office = _aware(local(end).date(), time(rng.randint(9, 16), rng.randrange(60)))
            if office > latest:
                office -= timedelta(days=1)
            plan.ends_at = office if office > decided + timedelta(days=1) else end
            plan.handover = plan.profile.handover or (HandoverKind.SUPERVISION if rng.random() < 0.1 else "")
            plan.final = WerkplaatsStatus.HANDED_OVER if plan.handover else WerkplaatsStatus.CLOSED

    # The coordinator gives each case to the worker with the lowest caseload at that moment (ties: by name).
    picked = sorted((p for p in plans if p.assigned_at is not None), key=lambda p: (p.assigned_at, p.case.pk))
    for plan in picked:
        assert plan.assigned_at is not None
        at = plan.assigned_at

        def load(worker: User, at: datetime = at) -> tuple[int, str, str, int]:
            open_cases = sum(
                1
                for other in picked
                if other.worker == worker
                and other.assigned_at is not None
                and other.assigned_at <= at
                and (other.ends_at is None or other.ends_at > at)
            )
            return open_cases, worker.last_name, worker.first_name, worker.pk

        plan.worker = min(workers, key=load)

    # Cases the OM has not decided: the newest just assigned, then in progress, assessed, advised.
    waiting = sorted((p for p in picked if p.decision is None), key=lambda p: p.assigned_at or moment, reverse=True)
    for index, plan in enumerate(waiting):
        assert plan.assigned_at is not None
        age = moment - plan.assigned_at
        if index == 0 and age < timedelta(days=2):
            plan.stage, plan.reviewed = ASSIGNED, False
        elif age < timedelta(days=2):
            plan.stage = IN_PROGRESS
        elif age < timedelta(days=3, hours=12):
            plan.stage = ASSESSED
        else:
            plan.stage = ADVISED
    # The worker's day of `werkplaats`: an assessment of her colleague to review, an advice waiting for the OM.
    # At any time of day, so one of the waiting cases stays in progress without an assessment yet (the
    # morning has fewer fresh cases): the showcases below take a case in progress only when another remains.
    eligible = [p for p in waiting if p.stage != ASSIGNED and moment - (p.assigned_at or moment) > timedelta(hours=4)]

    def spare(candidates: list[_Plan]) -> list[_Plan]:
        in_progress = [p for p in waiting if p.stage == IN_PROGRESS]
        return [p for p in candidates if p.stage != IN_PROGRESS or len(in_progress) > 1] or candidates

    if eligible and not any(p.stage == ASSESSED and p.worker == willem for p in waiting):
        choice = spare(eligible)
        plan = next((p for p in choice if p.worker == willem), choice[0])
        plan.worker, plan.stage = willem, ASSESSED
    advisable = [p for p in eligible if p.stage != ASSESSED or p.worker != willem]
    if advisable and not any(p.stage == ADVISED and p.worker == wendy for p in waiting):
        choice = spare(advisable)
        plan = next((p for p in reversed(choice) if p.worker == wendy), choice[-1])
        plan.worker, plan.stage = wendy, ADVISED
    showcases = {id(p) for p in waiting if (p.stage, p.worker) in ((ASSESSED, willem), (ADVISED, wendy))}
    if not any(p.stage == IN_PROGRESS for p in waiting):
        # A case whose first contacts take days: still in progress, no assessment yet.
        spares = [p for p in waiting if p.stage != ASSIGNED and id(p) not in showcases]
        if spares:
            spares[0].stage = IN_PROGRESS
    in_progress = [p for p in waiting if p.stage == IN_PROGRESS]
    if in_progress:
        in_progress[0].reviewed = False  # not discussed in a case review yet
    for worker in workers:
        mine = [p for p in waiting if p.worker == worker and p.stage != ASSIGNED]
        mine.sort(key=lambda p: [IN_PROGRESS, ASSESSED, ADVISED].index(p.stage))
        if mine:
            mine[0].retry_call = True
        monitored = [
            p for p in plans
            if p.stage == ANSWERED and not p.final and p.decision is not None
            and moment - p.decision.decided_at >= timedelta(hours=6)
        ]  # fmt: skip
        own = [p for p in monitored if p.worker == worker]
        if not own and worker == wendy and monitored:
            monitored[0].worker = wendy  # reassigned by the coordinator
            own = [monitored[0]]
        if own:
            own[0].check_due_today = True


def _buckets(plans: list[_Plan], moment: datetime, rng: random.Random) -> None:
    """Half 0–3 h, a third 3–6 h, a sixth over 6 h (PRIMER §2): weights 3:2:1 over the picked-up cases."""
    picked = [p for p in plans if p.stage != PROPOSED]
    count = len(picked)
    high_quota, low_quota = round(count / 6), round(count / 2)
    early = [p for p in picked if p.stage in (ASSIGNED, IN_PROGRESS)]
    long_running = [
        p for p in picked
        if p not in early and p.assigned_at is not None
        and (p.ends_at or moment) - p.assigned_at >= timedelta(days=4)
    ]  # fmt: skip
    rng.shuffle(long_running)
    for plan in long_running[:high_quota]:
        plan.bucket = HIGH
    rest = [p for p in picked if p.bucket != HIGH and p not in early]
    rng.shuffle(rest)
    lows = max(0, low_quota - len(early))
    for plan in rest[lows:]:
        plan.bucket = MIDDLE


def _status(plan: _Plan, moment: datetime) -> tuple[str, int]:
    """The status and how many changes led to it (the case's version)."""
    if plan.stage == PROPOSED:
        return WerkplaatsStatus.PROPOSED, 1
    if plan.stage == ASSIGNED:
        return WerkplaatsStatus.ASSIGNED, 2
    if plan.stage in (IN_PROGRESS, ASSESSED):
        return WerkplaatsStatus.IN_PROGRESS, 3
    if plan.stage == ADVISED:
        return WerkplaatsStatus.ADVICE_GIVEN, 4
    if plan.final:
        return plan.final, 6
    assert plan.decision is not None
    if moment - plan.decision.decided_at >= timedelta(hours=6):
        return WerkplaatsStatus.MONITORING, 5
    return WerkplaatsStatus.ADVICE_GIVEN, 4


def _outcome(plan: _Plan) -> tuple[str, str, str]:
    """(outcome, handover kind, handover question) of a finished case."""
    conditions = plan.decision.conditions if plan.decision else plan.profile.conditions
    agency = plan.profile.help[plan.profile.lead or 0][0] if plan.profile.help else "het buurtteam"
    if plan.final == WerkplaatsStatus.HANDED_OVER:
        if plan.handover == HandoverKind.ADVICE:
            question = "Welk kader past als de GGZ-beoordeling een behandeling aanwijst: zorg of toezicht?"
        else:
            question = (
                f"Houd toezicht op de voorwaarde “{conditions}” gedurende de proeftijd en meld verzuim aan het OM."
            )
        return (
            f"Voorwaardelijk sepot; hulp loopt via {agency}. Overgedragen aan de reguliere reclassering.",
            plan.handover,
            question,
        )
    return f"Voorwaardelijk sepot; de hulp loopt via {agency} en de voorwaarde is gestart. Afgesloten.", "", ""


@transaction.atomic
def werkplaats_build(*, progress: Callable[[str], None] = lambda _message: None, seed: int = SEED) -> WerkplaatsResult:
    """Turn the location's werkplaats candidates into werkplaats cases with casework; nothing if there are any."""
    location = Location.objects.get(code=LOCATION_CODE)
    if WerkplaatsCase.objects.filter(case__location=location).exists():
        progress("Werkplaatszaken al aanwezig; werkplaats overgeslagen.")
        return WerkplaatsResult(skipped=True)
    moment = now()
    rng = random.Random(seed)  # noqa: S311 (reproducible demo data, not security)
    usernames = ["reclassering", "coordinator", "officier", "werkplaats", "werkplaats2"]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    builder = _Builder(rng=rng, moment=moment, users=users)
    plans = _plans(location, moment, rng)
    _stages(plans, moment, rng, builder.workers)
    _buckets(plans, moment, rng)
    for plan in plans:
        status, version = _status(plan, moment)
        outcome, kind, question = _outcome(plan) if plan.final else ("", "", "")
        plan.row = WerkplaatsCase(
            case=plan.case,
            signals=list(plan.profile.signals),
            status=status,
            proposed_by=users["reclassering"],
            proposed_at=plan.proposed_at,
            worker=plan.worker,
            assigned_by=users["coordinator"] if plan.worker else None,
            assigned_at=plan.assigned_at,
            outcome=outcome,
            handover_kind=kind,
            handover_question=question,
            closed_at=plan.ends_at if plan.final else None,
            version=version,
        )
    WerkplaatsCase.objects.bulk_create([p.row for p in plans if p.row is not None])
    for plan in plans:
        assert plan.row is not None
        plan.row.updated_at = plan.assigned_at or plan.proposed_at
        builder.write(plan)
    builder.current = None
    for model, rows in builder.rows.items():
        model.objects.bulk_create(rows)
    # bulk_create stamped updated_at with the current time (auto_now); put back when each case last changed.
    WerkplaatsCase.objects.bulk_update([p.row for p in plans if p.row is not None], ["updated_at"])

    result = WerkplaatsResult(cases=len(plans))
    for plan in plans:
        assert plan.row is not None
        result.by_status[plan.row.status] = result.by_status.get(plan.row.status, 0) + 1
        if plan.stage != PROPOSED:
            result.by_bucket[plan.bucket] = result.by_bucket.get(plan.bucket, 0) + 1
        result.minutes_by_case[plan.row.pk] = plan.minutes
    statuses = ", ".join(f"{count} {status}" for status, count in sorted(result.by_status.items()))
    progress(f"werkplaats: {result.cases} zaken ({statuses})")
    return result
