"""Two weeks of ZSM inflow at Midden-Nederland for the demo: about 50 fresh cases a day.

Everything here is fictional. Names are drawn at random from lists of common Dutch given names and
surnames; BSNs come from the 9999… range that RvIG uses for test persons; the werkplaats cases are
loosely inspired by the vignettes in the pilot report (PRIMER §6), never by real people.

Past days are written with `bulk_create` (700 cases in a second or two), computing what the services
would compute: the holding deadline and the examining-judge deadline (`zsm.cases.holding`), age and
minor flag on the offence date, one screening per partner (the Raad only on minors), and decisions that
pass `zsm.decisions.caps.decision_errors` (checked for every generated decision). Today's open cases go
through the real `case_register` and `screening_record` services, so their clocks run and the audit log
shows them. Seeded with `random.Random(2026)`: the same world every time for the same day.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from zsm.accounts.models import Location, Organisation, User
from zsm.accounts.selectors import membership_active
from zsm.cases.catalogue import BY_CODE, OffenceEntry
from zsm.cases.constants import MINOR_AGE, CaseStatus, HaltDesignation, Known, OffenceKind, Partner, ScreeningState
from zsm.cases.holding import examining_judge_deadline, holding_deadline
from zsm.cases.models import Case, CaseOffence, Screening, Victim, age_on
from zsm.cases.rules import screening_partners
from zsm.cases.services import (
    CaseInput,
    OffenceInput,
    ScreeningInput,
    SuspectInput,
    VictimInput,
    case_custody_order,
    case_register,
    case_werkplaats_candidate_set,
    screening_record,
)
from zsm.common.clock import AMSTERDAM, local, now
from zsm.decisions.caps import CaseFacts, DecisionInput, OffenceFacts, decision_errors, hearing_required
from zsm.decisions.constants import Disposal, ServedHow, SummonsType
from zsm.decisions.models import Decision
from zsm.decisions.selectors import grounds_by_code
from zsm.demo.builders import LOCATION_CODE, ORGANISATIONS
from zsm.persons.models import Person, Supervision
from zsm.persons.names import first_initial, surname_key

SEED = 2026
DAYS = 14
CASES_PER_DAY = (45, 56)  # drawn per day: about 50
OPEN_TODAY = (8, 12)
MINOR_SHARE = 0.10
RECURRING_SHARE = 0.12
PARKET_CODE = "16"  # arrondissement Midden-Nederland

# --- Fictional names --------------------------------------------------------------------------

MALE_NAMES = (
    "Jan", "Pieter", "Kees", "Henk", "Mark", "Dennis", "Kevin", "Stefan", "Tim", "Bas", "Ruben", "Jeroen",
    "Sander", "Thijs", "Lars", "Daan", "Sem", "Luuk", "Milan", "Jesse", "Bram", "Niels", "Rick", "Wouter",
    "Joost", "Martijn", "Erik", "Gerrit", "Hans", "Willem", "Mohamed", "Youssef", "Ahmed", "Mehmet", "Emre",
    "Bilal", "Dylan", "Jayden", "Stijn", "Koen", "Johan", "Frank", "Marco", "Ricardo", "Glenn",
)  # fmt: skip
FEMALE_NAMES = (
    "Anna", "Emma", "Sanne", "Lisa", "Fleur", "Iris", "Lotte", "Eva", "Femke", "Anouk", "Marieke", "Esther",
    "Linda", "Monique", "Petra", "Ingrid", "Sandra", "Kim", "Naomi", "Jasmijn", "Sophie", "Julia", "Noa",
    "Fatima", "Samira", "Yasmina", "Elif", "Merel", "Demi", "Chantal", "Joyce", "Tamara",
)  # fmt: skip
SURNAMES: tuple[tuple[str, str], ...] = (
    ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"), ("", "Bakker"),
    ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"),
    ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"),
    ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"),
    ("van der", "Meer"), ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"),
    ("", "Vermeulen"), ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"),
    ("van der", "Heijden"), ("", "Schouten"), ("van", "Beek"), ("", "Willems"), ("van", "Vliet"),
    ("van de", "Ven"), ("", "Hoekstra"), ("", "Maas"), ("", "Verhoeven"), ("", "Koster"), ("van", "Dam"),
    ("van der", "Wal"), ("", "Prins"), ("", "Blom"), ("", "Huisman"), ("de", "Jonge"), ("", "Kuipers"),
    ("van", "Veen"), ("", "Post"), ("", "Kramer"), ("van den", "Brink"), ("", "Scholten"), ("van", "Wijk"),
    ("", "Postma"), ("", "Vink"), ("de", "Ruiter"), ("", "Timmermans"), ("", "Groen"), ("", "Gerritsen"),
    ("", "Jonker"), ("van", "Loon"), ("", "Yılmaz"), ("el", "Amrani"), ("", "Bouzid"), ("", "Öztürk"),
    ("", "Kaya"), ("", "Doğan"), ("", "Tahiri"), ("", "Martina"), ("", "Ramdin"),
)  # fmt: skip
STREETS = (
    "Lindenlaan", "Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsweg", "Julianastraat", "Beatrixlaan",
    "Eikenlaan", "Schoolstraat", "Wilhelminastraat", "Parallelweg", "Berkenhof", "Populierenstraat",
)  # fmt: skip
# Municipalities in the Midden-Nederland police region with the first digits of their postcodes.
MUNICIPALITIES: tuple[tuple[str, tuple[int, int], int], ...] = (
    ("Utrecht", (3511, 3585), 40), ("Amersfoort", (3811, 3829), 12), ("Nieuwegein", (3431, 3439), 6),
    ("Zeist", (3701, 3709), 5), ("Veenendaal", (3901, 3907), 5), ("Houten", (3991, 3995), 3),
    ("Woerden", (3441, 3449), 3), ("IJsselstein", (3401, 3405), 3), ("Almere", (1311, 1363), 12),
    ("Lelystad", (8211, 8245), 6), ("Hilversum", (1211, 1223), 5),
)  # fmt: skip

# --- Offences ---------------------------------------------------------------------------------

OFFENCE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("310 Sr", 32), ("350 Sr", 10), ("300 lid 1 Sr", 11), ("300 lid 1 jo 304 sub 1 Sr", 8), ("285 lid 1 Sr", 12),
    ("266 Sr", 6), ("180 Sr", 4), ("138 lid 1 Sr", 3), ("416 lid 1 Sr", 3), ("311 lid 1 Sr", 3),
    ("141 lid 1 Sr", 3), ("8 WVW", 4), ("302 lid 1 Sr", 1), ("424 Sr", 1), ("453 Sr", 1),
)  # fmt: skip
SECOND_OFFENCES = ("180 Sr", "266 Sr", "350 Sr", "285 lid 1 Sr")
VIOLENCE = frozenset({"300 lid 1 Sr", "300 lid 1 jo 304 sub 1 Sr", "302 lid 1 Sr", "285 lid 1 Sr", "141 lid 1 Sr"})

# What happens to a past case: decided at the table within the holding time, decided later that week, referred
# to the werkplaats (advice, then the OM decides), released with a summons to follow, brought before the judge.
OUTCOMES: tuple[tuple[str, int], ...] = (
    ("zsm", 66), ("later", 4), ("werkplaats", 2), ("werkplaats_long", 1), ("released", 18), ("judge", 7),
)  # fmt: skip
OUTCOME_NAMES = [name for name, _weight in OUTCOMES]
OUTCOME_WEIGHTS = [weight for _name, weight in OUTCOMES]

ZSM_DAY_START = time(8, 30)
ZSM_DAY_END = time(22, 0)


def _entry(code: str) -> OffenceEntry:
    return BY_CODE[code]


# --- Werkplaats vignettes (inspired by PRIMER §6; fictional people) ----------------------------------


@dataclass(frozen=True)
class Vignette:
    female: bool
    age: int
    offences: tuple[str, ...]
    probation_summary: str
    advice: str
    conditions: str
    victim: bool = False
    domestic: bool = False


DV_ASSAULT = "300 lid 1 jo 304 sub 1 Sr"
ASSAULT = "300 lid 1 Sr"

VIGNETTES: tuple[Vignette, ...] = (
    Vignette(True, 19, ("310 Sr",), "Blikje frisdrank weggenomen. Woont in een kraakpand, geen inkomen, eet uit "
             "containers van supermarkten.", "Geen boete: inkomen en woonruimte regelen via het wijkteam.",
             "Meewerken aan begeleiding door het wijkteam (inkomen en huisvesting)."),
    Vignette(False, 20, (DV_ASSAULT,), "Sloeg zijn moeder. Wijkagent meldt terugkerende onrust op het adres; "
             "moeder heeft een psychiatrische diagnose en lijkt te drinken.", "Gezinsaanpak via Veilig Thuis; "
             "korte BORG-variant voor moeder en zoon.", "Deelname aan een aangepaste BORG-training (moeder–zoon).",
             victim=True),
    Vignette(False, 50, ("300 lid 1 Sr", "266 Sr"), "Beledigde en sloeg een medewerker van zijn opvang, is zijn plek "
             "kwijt. Maakt een verwarde indruk.", "Eerst onderdak en GGZ-beoordeling; daarna pas een "
             "strafrechtelijk kader.", "Meewerken aan GGZ-beoordeling en begeleiding naar een opvangplek.",
             victim=True),
    Vignette(False, 48, (ASSAULT,), "Sloeg zijn ex tijdens ruzie over de sieraden van zijn overleden vrouw. Geen "
             "eerdere meldingen van huiselijk geweld.", "Rouwverwerking en mediation; geen zware interventie.",
             "Contactverbod met het slachtoffer en deelname aan mediation.", victim=True),
    Vignette(True, 65, ("310 Sr",), "Fles wijn gestolen. Man zit in een rolstoel; zij blijkt bijna dagelijks te "
             "stelen en alcoholverslaafd.", "Voorwaardelijk sepot met verslavingstraining als voorwaarde.",
             "Deelname aan een verslavingstraining (Victas, stap voor stap)."),
    Vignette(True, 22, ("310 Sr",), "Volle winkelwagen (€ 270) niet afgerekend vlak voor haar bruiloft. Schuld "
             "van € 10.000, wel goed geadministreerd.", "Schuldhulpmaatje, eventueel familiegroepsplan; advies "
             "voorwaardelijk sepot.", "Meewerken aan een schuldhulpmaatje."),
    Vignette(True, 19, (DV_ASSAULT,), "Licht verstandelijke beperking, sloeg haar moeder. Alle hulp is al "
             "aanwezig en loopt goed.", "Hulp loopt; voorwaardelijk sepot met één voorwaarde.",
             "Niet opnieuw geweld gebruiken tegen haar moeder.", victim=True),
    Vignette(False, 23, ("285 lid 1 Sr",), "Licht verstandelijke beperking, bedreigde zijn moeder voor geld. "
             "Zelfbeschadiging, softdrugs; regulier toezicht start pas over maanden.", "Werkplaats neemt de "
             "begeleiding zelf op tot de zorg loopt.", "Meewerken aan begeleiding door de werkplaats en LVB-zorg.",
             victim=True, domestic=True),
    Vignette(False, 74, ("285 lid 1 Sr",), "Terroriseert al maanden zijn straat, kreeg ruzie met zijn huisarts. GGZ en "
             "ouderenzorg weten zich geen raad.", "Casusoverleg in het Zorg- en Veiligheidshuis met GGZ, "
             "huisarts, woningcorporatie en gemeente.", "Meewerken aan het plan uit het casusoverleg.",
             victim=True),
    Vignette(True, 34, (DV_ASSAULT,), "Partnergeweld waarbij zij begon; beiden zijn verdachte.",
             "BORG aangepast voor het stel.", "Samen met partner deelnemen aan een aangepaste BORG-training.",
             victim=True),
)  # fmt: skip


# --- The generator ------------------------------------------------------------------------------


@dataclass
class Actors:
    location: Location
    users: dict[str, User]
    organisations: dict[str, Organisation]  # by Partner value; probation is Reclassering Nederland

    def screener(self, partner: str) -> User:
        return self.users[SCREENER_OF[partner]]


SCREENER_OF: dict[str, str] = {
    Partner.POLICE: "politie",
    Partner.OM: "officier",
    Partner.PROBATION: "reclassering",
    Partner.VICTIM_SUPPORT: "slachtofferhulp",
    Partner.CHILD_PROTECTION: "raad",
}


@dataclass
class PlannedCase:
    case: Case
    offences: list[CaseOffence]
    victims: list[Victim]
    screenings: list[Screening]
    decisions: list[tuple[DecisionInput, datetime]]
    last_change: datetime


@dataclass
class InflowResult:
    past_cases: int = 0
    open_today: int = 0
    persons: int = 0
    decisions: int = 0
    skipped: bool = False
    notes: list[str] = field(default_factory=list)


def _aware(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=AMSTERDAM)


class InflowGenerator:
    def __init__(self, actors: Actors, *, moment: datetime, rng: random.Random) -> None:
        self.actors = actors
        self.moment = moment
        self.rng = rng
        self.bsns: set[str] = set(Person.objects.exclude(bsn="").values_list("bsn", flat=True))
        self.pool: list[Person] = []  # suspects seen earlier, who may be arrested again
        self.supervised: dict[int, Supervision] = {}  # person pk -> supervision (running or ended)
        self.history: dict[int, int] = {}  # person pk -> number of earlier cases
        self.serial = 0
        self.vignette_index = 0

    # -- people ------------------------------------------------------------------------------

    def bsn(self) -> str:
        """A BSN from the 9999… test range that passes the elfproef."""
        while True:
            digits = [9, 9, 9, 9] + [self.rng.randrange(10) for _ in range(4)]
            check = sum(d * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=True)) % 11
            candidate = "".join(map(str, digits)) + str(check)
            if check < 10 and candidate not in self.bsns:
                self.bsns.add(candidate)
                return candidate

    def birth_date(self, age: int, on: date) -> date:
        birthday_offset = self.rng.randrange(1, 365)
        born = on.replace(year=on.year - age - 1) + timedelta(days=birthday_offset)
        if age_on(born, on) != age:  # leap-day edge: nudge back into the intended age
            born += timedelta(days=-1 if age_on(born, on) < age else 1)
        return born

    def address(self) -> tuple[str, str, str]:
        name, (low, high), _weight = self.rng.choices(MUNICIPALITIES, weights=[m[2] for m in MUNICIPALITIES])[0]
        letters = "".join(self.rng.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
        street = f"{self.rng.choice(STREETS)} {self.rng.randint(1, 180)}"
        return street, f"{self.rng.randint(low, high)}{letters}", name

    def person(self, *, age: int, on: date, female: bool | None = None) -> Person:
        if female is None:
            female = self.rng.random() < 0.2
        prefix, surname = self.rng.choice(SURNAMES)
        given = self.rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        if self.rng.random() < 0.35:
            second = self.rng.choice([name for name in (FEMALE_NAMES if female else MALE_NAMES) if name != given])
            given = f"{given} {second}"
        street, postcode, municipality = self.address() if self.rng.random() < 0.93 else ("", "", "")
        return Person(
            bsn=self.bsn() if self.rng.random() < 0.9 else "",
            given_names=given,
            surname_prefix=prefix,
            surname=surname,
            date_of_birth=self.birth_date(age, on),
            street=street,
            postcode=postcode,
            municipality=municipality,
            surname_key=surname_key(surname, prefix),
            initial=first_initial(given),
        )

    def age(self) -> int:
        if self.rng.random() < MINOR_SHARE:
            return self.rng.choices(range(12, 18), weights=(1, 2, 3, 4, 5, 5))[0]
        low, high = self.rng.choices(((18, 24), (25, 34), (35, 49), (50, 64), (65, 80)), weights=(30, 28, 25, 12, 5))[0]
        return self.rng.randint(low, high)

    def victim_name(self) -> str:
        prefix, surname = self.rng.choice(SURNAMES)
        given = self.rng.choice(FEMALE_NAMES + MALE_NAMES)
        return " ".join(part for part in (given, prefix, surname) if part)

    def victim(self, *, flagged: bool) -> VictimInput:
        name = self.victim_name()
        street, postcode, municipality = self.address()
        handle = name.lower().replace(" ", ".").replace("ı", "i").replace("ö", "o").replace("ğ", "g")
        return VictimInput(
            name=name,
            phone=f"06-9{self.rng.randrange(10**7):07d}",
            email=f"{handle}@voorbeeld.example",
            address=f"{street}, {postcode} {municipality}",
            refer_to_victim_support=flagged,
        )

    # -- times -------------------------------------------------------------------------------

    def arrest_on(self, day: date) -> datetime:
        weights = (1, 1, 1, 0.5, 0.3, 0.3, 0.6, 1.5, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 5, 5, 4, 3, 2, 1.5)
        hour = self.rng.choices(range(24), weights=weights)[0]
        return _aware(day, time(hour, self.rng.randrange(60)))

    def working_moment(self, earliest: datetime, latest: datetime) -> datetime:
        """A moment in [earliest, latest] when the ZSM table is staffed (08:30–22:00), or `latest`."""
        start = local(earliest)
        if start.time() < ZSM_DAY_START:
            start = _aware(start.date(), ZSM_DAY_START)
        elif start.time() > ZSM_DAY_END:
            start = _aware(start.date() + timedelta(days=1), ZSM_DAY_START)
        if start >= latest:
            return latest
        end = min(latest, _aware(start.date(), ZSM_DAY_END))
        if end <= start:
            return latest
        return start + (end - start) * self.rng.random()

    def day_moment(self, day: date) -> datetime:
        return _aware(day, time(self.rng.randint(9, 17), self.rng.randrange(60)))

    # -- one past case -----------------------------------------------------------------------

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def offences_for(self, vignette: Vignette | None) -> list[OffenceEntry]:
        if vignette is not None:
            return [_entry(code) for code in vignette.offences]
        codes = [self.rng.choices([c for c, _w in OFFENCE_WEIGHTS], weights=[w for _c, w in OFFENCE_WEIGHTS])[0]]
        if self.rng.random() < 0.12:
            extra = self.rng.choice(SECOND_OFFENCES)
            if extra not in codes:
                codes.append(extra)
        return [_entry(code) for code in codes]

    def suspect_for(self, day: date, vignette: Vignette | None, new_persons: list[Person]) -> Person:
        if vignette is not None:
            person = self.person(age=vignette.age, on=day, female=vignette.female)
            new_persons.append(person)
            return person
        if self.pool and self.rng.random() < RECURRING_SHARE:
            return self.rng.choice(self.pool)
        person = self.person(age=self.age(), on=day)
        new_persons.append(person)
        return person

    def plan_case(
        self, day: date, person: Person, vignette: Vignette | None, entries: list[OffenceEntry]
    ) -> PlannedCase:
        rng, actors = self.rng, self.actors
        arrested = self.arrest_on(day)
        ordered = arrested + timedelta(minutes=rng.randint(10, 60))
        registered = ordered + timedelta(minutes=rng.randint(5, 40))
        pretrial = any(e.pretrial_detention_allowed for e in entries)
        deadline = holding_deadline(ordered, pretrial_detention_allowed=pretrial)
        age = age_on(person.date_of_birth, day)  # the past inflow has no children under 12 (the age draw starts at 12)
        supervision = self.supervised.get(person.pk) if person.pk else None
        under_supervision = supervision is not None and supervision.is_active_on(day)
        earlier = self.history.get(person.pk, 0) if person.pk else 0
        municipality, postcode = person.municipality or "Utrecht", ""
        if rng.random() < 0.7:
            _street, postcode, municipality = self.address()
        case = Case(
            location=actors.location,
            suspect=person,
            police_registration_number=f"PL0900-{day.year}{self.next_serial():06d}",
            offence_date=day,
            arrested_at=arrested,
            holding_ordered_at=ordered,
            holding_deadline=deadline,
            examining_judge_deadline=examining_judge_deadline(arrested),
            incident_municipality=municipality,
            incident_postcode=postcode,
            is_minor=age < MINOR_AGE,
            suspect_age=age,
            domestic_violence=any(e.domestic_violence for e in entries) or (vignette is not None and vignette.domestic),
            known_probation_client=supervision is not None,
            under_supervision=under_supervision,
            werkplaats_candidate=vignette is not None,
            pretrial_detention_allowed=pretrial,
            registered_by=actors.users["politie"],
            registered_at=registered,
            status=CaseStatus.IN_SCREENING,
        )
        offences = [
            CaseOffence(
                case=case,
                position=index,
                code=e.code,
                description=e.description,
                pretrial_detention_allowed=e.pretrial_detention_allowed,
                max_penalty_years=e.max_penalty_years,
                kind=e.kind,
                halt=e.halt,
            )
            for index, e in enumerate(entries)
        ]
        violent = any(e.code in VIOLENCE for e in entries)
        victims: list[Victim] = []
        if (vignette is not None and vignette.victim) or (violent and rng.random() < 0.85):
            flagged = rng.random() < 0.5
            victims.append(Victim(case=case, **asdict(self.victim(flagged=flagged))))
        elif entries[0].code == "350 Sr" and rng.random() < 0.4:
            victims.append(Victim(case=case, **asdict(self.victim(flagged=False))))

        outcome = "werkplaats" if vignette is not None else rng.choices(OUTCOME_NAMES, weights=OUTCOME_WEIGHTS)[0]
        if outcome == "judge" and not pretrial:
            outcome = "released"
        if case.is_minor and outcome.startswith("werkplaats"):
            outcome = "zsm"  # a minor goes the youth route, not to the adult werkplaats (ADR 0007)
        at_table = self.working_moment(registered + timedelta(minutes=30), deadline - timedelta(minutes=5))
        available = self.moment - registered
        decisions: list[tuple[DecisionInput, datetime]] = []
        facts = _Facts(case, entries, victims, earlier, vignette)
        last_change = registered
        finished_at: datetime | None = None

        if at_table >= self.moment:
            outcome = "open"  # still at the table: its clock runs on today's board
        elif outcome == "later" and available < timedelta(days=1, hours=2):
            outcome = "zsm"

        if outcome == "zsm":
            decisions.append((self.decide(facts, at_table), at_table))
            case.status, case.decided_at, finished_at = CaseStatus.DECIDED, at_table, at_table
        elif outcome == "later":
            days = min(6.0, available / timedelta(days=1) - 1)
            when = self.working_moment(registered + timedelta(days=rng.uniform(1, days)), self.moment)
            decisions.append((self.decide(facts, when), when))
            case.status, case.decided_at, finished_at = CaseStatus.DECIDED, when, when
        elif outcome in ("werkplaats", "werkplaats_long"):
            case.werkplaats_candidate = True
            referral = DecisionInput(
                disposal=Disposal.REFER_TO_WERKPLAATS,
                rationale=_REFERRAL,
                **self.appointment(at_table, werkplaats=True),
            )
            decisions.append((referral, at_table))
            case.status, finished_at = CaseStatus.REFERRED_TO_WERKPLAATS, at_table
            low, high = (2, 6) if outcome == "werkplaats" else (8, 12)
            when = registered + timedelta(days=rng.uniform(low, high))
            when = self.day_moment(local(when).date())
            if when < self.moment - timedelta(hours=1):
                decisions.append((self.werkplaats_decision(facts, when), when))
                case.status, case.decided_at = CaseStatus.DECIDED, when
                last_change = when
        elif outcome in ("released", "judge"):
            gone = deadline - timedelta(minutes=rng.randint(5, 60))
            if gone >= self.moment:
                outcome = "open"
            else:
                case.status = (
                    CaseStatus.RELEASED_WITH_SUMMONS if outcome == "released" else CaseStatus.BEFORE_EXAMINING_JUDGE
                )
                finished_at = gone
        if outcome != "open":
            case.parketnummer = f"{PARKET_CODE}/{700000 + self.serial:06d}-{day.year % 100:02d}"
        screenings = self.screenings(facts, registered, finished_at, complete=outcome != "open")
        if outcome == "open" and all(s.state == ScreeningState.DONE for s in screenings):
            case.status = CaseStatus.READY_FOR_DECISION
        last_change = max([last_change, finished_at or registered] + [s.updated_at for s in screenings if s.updated_at])
        return PlannedCase(case, offences, victims, screenings, decisions, min(last_change, self.moment))

    # -- screenings --------------------------------------------------------------------------

    def screenings(
        self, facts: _Facts, registered: datetime, finished_at: datetime | None, *, complete: bool
    ) -> list[Screening]:
        rng, case = self.rng, facts.case
        partners = screening_partners(case.suspect_age)
        end = finished_at or min(self.moment, registered + timedelta(hours=3))
        result = []
        for partner in partners:
            done = (complete and rng.random() < 0.97) or (not complete and rng.random() < 0.5)
            started = done or rng.random() < 0.5
            summary, advice, known = self.screening_text(partner, facts)
            if not started:
                result.append(Screening(case=case, partner=partner))
                continue
            result.append(
                Screening(
                    case=case,
                    partner=partner,
                    state=ScreeningState.DONE if done else ScreeningState.IN_PROGRESS,
                    known=known,
                    summary=summary if done else "",
                    advice=advice if done else "",
                    status_note="" if done else "Navraag loopt.",
                    proposed_conditions=facts.vignette.conditions
                    if facts.vignette and partner == Partner.PROBATION
                    else "",
                    organisation=self.actors.organisations[partner],
                    screened_by=self.actors.screener(partner),
                    updated_at=registered + (end - registered) * rng.uniform(0.2, 0.95),
                    version=2,
                )
            )
        return result

    def screening_text(self, partner: str, facts: _Facts) -> tuple[str, str, str]:
        case, earlier, vignette = facts.case, facts.earlier, facts.vignette
        if partner == Partner.POLICE:
            known = Known.KNOWN if earlier or self.rng.random() < 0.3 else Known.NOT_KNOWN
            summary = self.rng.choices(POLICE_SUMMARIES, weights=(6, 2, 2))[0]
            if case.domestic_violence:
                summary += " Eerdere meldingen op het adres nagevraagd bij de wijkagent."
            return summary, "", known
        if partner == Partner.OM:
            if earlier:
                return f"Justitiële documentatie: {earlier} eerdere ZSM-zaak/zaken.", "", Known.KNOWN
            return "Geen justitiële documentatie.", "", Known.NOT_KNOWN
        if partner == Partner.PROBATION:
            if vignette is not None:
                return vignette.probation_summary, vignette.advice, Known.NOT_KNOWN
            if case.under_supervision:
                return (
                    "Lopend toezicht bij Reclassering Nederland; toezichthouder geïnformeerd.",
                    "Afstemmen met de toezichthouder voor de afdoening.",
                    Known.KNOWN,
                )
            if case.known_probation_client:
                return "Eerder toezicht, afgesloten.", "Geen bezwaar tegen een reguliere afdoening.", Known.KNOWN
            return "Niet bekend bij de 3RO.", "Geen reclasseringsadvies nodig.", Known.NOT_KNOWN
        if partner == Partner.VICTIM_SUPPORT:
            if any(v.refer_to_victim_support for v in facts.victims):
                return "Slachtoffer benaderd; praktische en emotionele hulp aangeboden.", "", Known.KNOWN
            return "Geen aanmelding voor Slachtofferhulp.", "", Known.NOT_KNOWN
        # Child protection: the Raad on every minor's case.
        advice = "Halt-afdoening passend." if self.rng.random() < 0.6 else "Ouders betrekken; geen zorgen thuis."
        return "Raad geïnformeerd; ouders gesproken.", advice, Known.KNOWN if earlier else Known.NOT_KNOWN

    # -- decisions ---------------------------------------------------------------------------

    def appointment(self, when: datetime, *, werkplaats: bool) -> dict[str, Any]:
        day = local(when).date() + timedelta(days=self.rng.randint(2, 6))
        who = "Wendy Werkplaats (werkplaats)" if werkplaats else "Rachid Reclassering (reclassering)"
        return {
            "appointment_at": _aware(day, time(self.rng.choice((9, 10, 11, 13, 14, 15)), 0)),
            "appointment_place": "Reclassering Nederland, unit Utrecht",
            "appointment_with": who,
        }

    def decide(self, facts: _Facts, decided: datetime) -> DecisionInput:
        rng, case, entries = self.rng, facts.case, facts.entries
        crimes = [e.max_penalty_years for e in entries if e.kind == OffenceKind.MISDRIJF]
        may_penalty_order = max(crimes, default=Decimal(0)) <= Decimal(6)
        halt_offences = all(e.halt == HaltDesignation.DESIGNATED for e in entries)
        if case.is_minor and not facts.earlier and halt_offences:
            weights = {"halt": 60, "order": 20, "conditional": 10, "technical": 10}
        elif case.is_minor:
            weights = {"order": 50, "conditional": 20, "summons": 25, "technical": 5}
        else:
            weights = {"order": 52, "technical": 6, "conditional": 14, "summons": 20 + 15 * facts.earlier}
        if not may_penalty_order:
            weights.pop("order", None)
            weights["summons"] = weights.get("summons", 0) + 60
        choice = rng.choices(list(weights), weights=list(weights.values()))[0]
        if choice == "halt":
            return DecisionInput(disposal=Disposal.HALT, halt_hours=rng.choice((4, 6, 8, 10, 12, 16, 20)),
                                 rationale="First offence; Halt-afdoening.")  # fmt: skip
        if choice == "technical":
            return DecisionInput(disposal=Disposal.TECHNICAL_DISMISSAL, dismissal_code="02",
                                 rationale="Onvoldoende wettig bewijs.")  # fmt: skip
        if choice == "conditional":
            # Since 2021 in principle only the general condition; probation supervision is the exception.
            supervised = rng.random() < 0.35
            conditions = "" if rng.random() < 0.5 and not supervised else rng.choice(
                CONDITIONS_DV if case.domestic_violence else CONDITIONS)  # fmt: skip
            if supervised:
                conditions = "Meewerken aan reclasseringstoezicht gedurende de proeftijd."
            return DecisionInput(disposal=Disposal.CONDITIONAL_DISMISSAL, conditions=conditions,
                                 probation_period_months=rng.choice((6, 12, 12)), probation_involved=supervised,
                                 rationale="Voorwaardelijk sepot met een proeftijd.",
                                 **(self.appointment(decided, werkplaats=False) if supervised else {}))  # fmt: skip
        if choice == "summons":
            if facts.only_infractions:
                summons = SummonsType.KANTONRECHTER
            elif case.is_minor:
                summons = rng.choices((SummonsType.JUVENILE_JUDGE, SummonsType.JUVENILE_FULL_COURT), weights=(9, 1))[0]
            else:
                summons = rng.choices(
                    (SummonsType.POLICE_JUDGE, SummonsType.SNELRECHT, SummonsType.SUPERSNELRECHT), weights=(75, 19, 6)
                )[0]
            return DecisionInput(disposal=Disposal.SUMMONS, summons_type=summons,
                                 rationale="Dagvaarden: ernst van het feit of eerdere afdoeningen.")  # fmt: skip
        return self.penalty_order(facts, decided)

    def penalty_order(self, facts: _Facts, decided: datetime) -> DecisionInput:
        rng, case = self.rng, facts.case
        codes = {e.code for e in facts.entries}
        values: dict[str, Any] = {}
        if "8 WVW" in codes:
            values = {"fine_amount": Decimal(rng.randrange(300, 950, 50)), "driving_ban_months": rng.randint(1, 6)}
        elif codes & VIOLENCE or case.domestic_violence:
            values = {"community_service_hours": rng.randrange(20, 121 if not case.is_minor else 61, 10)}
            if facts.victims and rng.random() < 0.6:
                values["compensation_amount"] = Decimal(rng.randrange(100, 800, 25))
            if case.domestic_violence or rng.random() < 0.3:
                values["behavioural_instruction"] = "Contactverbod met het slachtoffer."
                values["instruction_period_months"] = rng.choice((3, 6, 12))
        elif rng.random() < 0.7:
            low, high = (50, 200) if case.is_minor else (150, 460)
            values = {"fine_amount": Decimal(rng.randrange(low, high, 10))}
        else:
            values = {"community_service_hours": rng.randrange(10, 61, 5)}
        if "350 Sr" in codes and facts.victims and "compensation_amount" not in values:
            values["compensation_amount"] = Decimal(rng.randrange(50, 600, 25))
        decision = DecisionInput(disposal=Disposal.STRAFBESCHIKKING, rationale="OM-strafbeschikking.", **values)
        if hearing_required(decision):  # art. 257c Sv: heard at the table, just before the decision
            decision = replace(decision, om_hearing_at=decided - timedelta(minutes=self.rng.randint(5, 25)))
        return decision

    def werkplaats_decision(self, facts: _Facts, when: datetime) -> DecisionInput:
        conditions = facts.vignette.conditions if facts.vignette else self.rng.choice(CONDITIONS)
        return DecisionInput(
            disposal=Disposal.CONDITIONAL_DISMISSAL,
            conditions=conditions,
            probation_period_months=self.rng.choice((6, 12)),
            probation_involved=True,
            rationale="Werkplaatsadvies overgenomen: voorwaardelijk sepot met begeleiding.",
            **self.appointment(when, werkplaats=True),
        )


POLICE_SUMMARIES = (
    "Aangehouden op heterdaad; verklaring afgelegd.",
    "Aangehouden na aangifte; bekennend.",
    "Ontkent; camerabeelden opgevraagd.",
)
_REFERRAL = "Naar de werkplaats voor een breed beeld en een advies op maat."
CONDITIONS = (
    "Meewerken aan begeleiding door het wijkteam.",
    "Meewerken aan schuldhulpverlening.",
    "Deelname aan een korte training alcohol en geweld.",
    "Deelname aan een middelenbewustzijnstraining.",
    "Meewerken aan reclasseringstoezicht gedurende de proeftijd.",
)
CONDITIONS_DV = (
    "Deelname aan een aangepaste BORG-training.",
    "Contactverbod met het slachtoffer en meewerken aan Veilig Thuis.",
    "Meewerken aan begeleiding door het wijkteam en Veilig Thuis.",
)


@dataclass
class _Facts:
    case: Case
    entries: list[OffenceEntry]
    victims: Sequence[Victim]
    earlier: int
    vignette: Vignette | None

    @property
    def only_infractions(self) -> bool:
        return all(e.kind == OffenceKind.OVERTREDING for e in self.entries)


def _served(decision: DecisionInput, when: datetime, gen: InflowGenerator) -> datetime | None:
    """A strafbeschikking decided at the table is handed over as the suspect leaves; a few wait for the post."""
    if decision.disposal != Disposal.STRAFBESCHIKKING or gen.rng.random() < 0.1:
        return None
    return min(when + timedelta(minutes=gen.rng.randint(5, 40)), gen.moment)


# --- Writing it --------------------------------------------------------------------------------


def _check(decision: DecisionInput, facts_case: Case, offences: list[CaseOffence], when: datetime) -> None:
    facts = CaseFacts(
        suspect_age=facts_case.suspect_age,
        offences=tuple(OffenceFacts(o.code, o.max_penalty_years, o.kind, o.halt) for o in offences),
    )
    errors = decision_errors(decision, facts=facts, grounds=grounds_by_code(on=local(when).date()))
    if errors:  # demo data must never break the rules the application enforces
        raise RuntimeError(f"Generated demo decision breaks the rules: {errors} ({decision})")


def _supervisions(gen: InflowGenerator, persons: list[Person], day: date) -> list[Supervision]:
    rows = []
    for person in persons:
        if age_on(person.date_of_birth, day) < MINOR_AGE:
            continue
        roll = gen.rng.random()
        if roll < 0.06:  # running supervision
            started, ended = day - timedelta(days=gen.rng.randint(30, 700)), None
        elif roll < 0.09:  # ended supervision: a known client
            ended = day - timedelta(days=gen.rng.randint(60, 900))
            started = ended - timedelta(days=gen.rng.randint(180, 720))
        else:
            continue
        supervisor = gen.actors.users["werkplaats" if gen.rng.random() < 0.3 else "reclassering"]
        supervision = Supervision(
            person=person,
            organisation=gen.actors.organisations[Partner.PROBATION],
            supervisor=supervisor,
            started_on=started,
            ended_on=ended,
        )
        gen.supervised[person.pk] = supervision
        rows.append(supervision)
    return rows


def _past_day(gen: InflowGenerator, day: date) -> tuple[int, int]:
    count = gen.rng.randint(*CASES_PER_DAY)
    new_persons: list[Person] = []
    choices: list[tuple[Person, Vignette | None, list[OffenceEntry]]] = []
    vignette_today = gen.rng.random() < 0.6  # a werkplaats case from the vignettes most days
    for index in range(count):
        vignette = None
        if vignette_today and index == count // 2:
            vignette = VIGNETTES[gen.vignette_index % len(VIGNETTES)]
            gen.vignette_index += 1
        person = gen.suspect_for(day, vignette, new_persons)
        choices.append((person, vignette, gen.offences_for(vignette)))
    Person.objects.bulk_create(new_persons)
    Supervision.objects.bulk_create(_supervisions(gen, new_persons, day))

    planned = [gen.plan_case(day, person, vignette, entries) for person, vignette, entries in choices]
    Case.objects.bulk_create([p.case for p in planned])
    offences, victims, screenings, decisions = [], [], [], []
    officier = gen.actors.users["officier"]
    for plan in planned:
        offences += plan.offences
        victims += plan.victims
        screenings += plan.screenings
        for decision, when in plan.decisions:
            _check(decision, plan.case, plan.offences, when)
            served = _served(decision, when, gen)
            decisions.append(
                Decision(
                    case_id=plan.case.pk,
                    decided_by=officier,
                    decided_at=when,
                    served_at=served,
                    served_how=ServedHow.IN_PERSON if served else "",
                    **asdict(decision),
                )
            )
        plan.case.updated_at = plan.last_change
        gen.history[plan.case.suspect_id] = gen.history.get(plan.case.suspect_id, 0) + 1
    CaseOffence.objects.bulk_create(offences)
    Victim.objects.bulk_create(victims)
    Screening.objects.bulk_create(screenings)
    Decision.objects.bulk_create(decisions)
    # bulk_create stamped updated_at with the current time (auto_now); put back when each case last changed.
    Case.objects.bulk_update([p.case for p in planned], ["updated_at"])
    gen.pool.extend(new_persons)
    return count, len(decisions)


# --- Today: the open cases, through the real services ----------------------------------------------


def _ordered_for_time_left(moment: datetime, left: timedelta, *, pretrial: bool) -> datetime:
    """The holding order that leaves `left` of counted time at `moment` (stepping back over 00:00–09:00)."""
    hours = timedelta(hours=9 if pretrial else 6)
    remaining = hours - left
    cursor = moment.replace(second=0, microsecond=0)
    step = timedelta(minutes=1)
    while remaining > timedelta(0):
        cursor -= step
        if local(cursor).time() >= time(9, 0):
            remaining -= step
    return cursor


TODAY_TIME_LEFT_MINUTES = (22, 47, 55, 80, 115, 150, 190, 230, 275, 320, 390, 470)


def _open_today(gen: InflowGenerator, count: int) -> int:
    rng, users = gen.rng, gen.actors.users
    politie = users["politie"]
    for user in users.values():
        membership_active(user=user)  # prime the membership each one acts in (no request here)
    lefts = sorted(rng.sample(TODAY_TIME_LEFT_MINUTES, count))
    supervised = [p for p in gen.pool if p.pk in gen.supervised and gen.supervised[p.pk].ended_on is None]
    recurring = rng.sample(supervised, min(2, len(supervised)))
    registered = 0
    for index, minutes in enumerate(lefts):
        left = timedelta(minutes=minutes)
        existing = recurring[index] if index < len(recurring) else None
        vignette = VIGNETTES[(gen.vignette_index + index) % len(VIGNETTES)] if index == count - 1 else None
        entries = gen.offences_for(vignette)
        pretrial = minutes > 330 or any(e.pretrial_detention_allowed for e in entries)
        if minutes > 330 and not any(e.pretrial_detention_allowed for e in entries):
            entries = [_entry("310 Sr"), *entries]
        ordered = _ordered_for_time_left(gen.moment, left, pretrial=pretrial)
        arrested = ordered - timedelta(minutes=rng.randint(10, 50))
        if existing is None:
            age = vignette.age if vignette else (rng.randint(14, 17) if index == 2 else gen.age())
            person = gen.person(age=age, on=local(arrested).date(), female=vignette.female if vignette else None)
            suspect = SuspectInput(
                given_names=person.given_names,
                surname_prefix=person.surname_prefix,
                surname=person.surname,
                date_of_birth=person.date_of_birth,
                bsn=person.bsn,
                street=person.street,
                postcode=person.postcode,
                municipality=person.municipality,
            )
        else:
            suspect = SuspectInput(
                given_names=existing.given_names,
                surname=existing.surname,
                date_of_birth=existing.date_of_birth,
                existing_person_id=existing.pk,
            )
        violent = any(e.code in VIOLENCE for e in entries)
        victims = [gen.victim(flagged=rng.random() < 0.5)] if violent or (vignette and vignette.victim) else []
        _street, postcode, municipality = gen.address()
        case = case_register(
            user=politie,
            data=CaseInput(
                police_registration_number=f"PL0900-{local(arrested).year}{gen.next_serial():06d}",
                arrested_at=arrested,
                holding_ordered_at=ordered,
                suspect=suspect,
                offences=[
                    OffenceInput(e.code, e.description, e.pretrial_detention_allowed, e.max_penalty_years)
                    for e in entries
                ],
                victims=victims,
                incident_municipality=municipality,
                incident_postcode=postcode,
            ),
            request_id="demo",
        )
        registered += 1
        if vignette is not None:
            case_werkplaats_candidate_set(user=users["werkplaats"], case_id=case.pk, candidate=True, request_id="demo")
        # Partners screen as the day goes on: the older the case, the more is done.
        share = 1 - minutes / 540
        for screening in list(case.screenings.all()):
            if rng.random() > share + 0.15:
                continue
            done = rng.random() < share + 0.2
            facts = _Facts(case, entries, list(case.victims.all()), gen.history.get(case.suspect_id, 0), vignette)
            summary, advice, known = gen.screening_text(screening.partner, facts)
            screening_record(
                user=gen.actors.screener(screening.partner),
                case_id=case.pk,
                data=ScreeningInput(
                    state=ScreeningState.DONE if done else ScreeningState.IN_PROGRESS,
                    known=known,
                    status_note="" if done else "Navraag loopt.",
                    summary=summary if done else "",
                    advice=advice if done else "",
                ),
                request_id="demo",
            )
    registered += _open_today_routes(gen)
    return registered


def _open_today_routes(gen: InflowGenerator) -> int:
    """Two of today's cases that show a route of their own: a child under 12 brought in for vandalism
    (outside criminal law, the Raad told, Veilig Thuis to be called), and a suspect in custody, whose clock
    is the custody deadline with the examining judge's beside it."""
    rng, users = gen.rng, gen.actors.users
    politie = users["politie"]
    arrested = gen.moment - timedelta(minutes=rng.randint(40, 90))
    child = gen.person(age=10, on=local(arrested).date())
    street, postcode, municipality = gen.address()
    case_register(
        user=politie,
        data=CaseInput(
            police_registration_number=f"PL0900-{local(arrested).year}{gen.next_serial():06d}",
            arrested_at=arrested,
            holding_ordered_at=arrested + timedelta(minutes=10),
            suspect=SuspectInput(
                given_names=child.given_names,
                surname_prefix=child.surname_prefix,
                surname=child.surname,
                date_of_birth=child.date_of_birth,
                street=street,
                postcode=postcode,
                municipality=municipality,
            ),
            offences=[OffenceInput("350 Sr", "Ruiten van een bushokje ingegooid")],
            incident_municipality=municipality,
            child_safety_concern=True,
        ),
        request_id="demo",
    )
    # Custody: arrested yesterday evening for robbery, holding long over, custody ordered this morning.
    yesterday = local(gen.moment).date() - timedelta(days=1)
    arrested = _aware(yesterday, time(21, rng.randrange(60)))
    suspect = gen.person(age=rng.randint(19, 30), on=yesterday)
    case = case_register(
        user=politie,
        data=CaseInput(
            police_registration_number=f"PL0900-{yesterday.year}{gen.next_serial():06d}",
            arrested_at=arrested,
            holding_ordered_at=arrested + timedelta(minutes=20),
            suspect=SuspectInput(
                given_names=suspect.given_names,
                surname_prefix=suspect.surname_prefix,
                surname=suspect.surname,
                date_of_birth=suspect.date_of_birth,
                bsn=suspect.bsn,
            ),
            offences=[OffenceInput("312 lid 1 Sr", "Telefoon afgepakt met geweld")],
            victims=[gen.victim(flagged=True)],
            incident_municipality="Utrecht",
        ),
        request_id="demo",
    )
    ordered = min(case.holding_deadline or gen.moment, gen.moment - timedelta(minutes=5))
    case_custody_order(user=users["officier"], case_id=case.pk, started_at=ordered, request_id="demo")
    return 2


# --- Entry point ---------------------------------------------------------------------------------


def _actors(location: Location) -> Actors:
    usernames = [*SCREENER_OF.values(), "werkplaats"]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    by_key = {key: Organisation.objects.get(name=name) for key, (name, _kind) in ORGANISATIONS.items()}
    organisations: dict[str, Organisation] = {
        Partner.POLICE: by_key["politie"],
        Partner.OM: by_key["om"],
        Partner.PROBATION: by_key["rn"],
        Partner.VICTIM_SUPPORT: by_key["shn"],
        Partner.CHILD_PROTECTION: by_key["rvdk"],
    }
    return Actors(location=location, users=users, organisations=organisations)


@transaction.atomic
def inflow_build(
    *, progress: Callable[[str], None] = lambda _message: None, seed: int = SEED, days: int = DAYS
) -> InflowResult:
    """Fill Midden-Nederland with two weeks of inflow and today's open cases; nothing if it has cases already."""
    location = Location.objects.get(code=LOCATION_CODE)
    if Case.objects.filter(location=location).exists():
        progress("Zaken al aanwezig bij Midden-Nederland; instroom overgeslagen.")
        return InflowResult(skipped=True)
    moment = now()
    gen = InflowGenerator(_actors(location), moment=moment, rng=random.Random(seed))  # noqa: S311 (reproducible demo data, not security)
    result = InflowResult()
    today = local(moment).date()
    for index in range(days):
        day = today - timedelta(days=days - index)
        count, decisions = _past_day(gen, day)
        result.past_cases += count
        result.decisions += decisions
        progress(f"dag {index + 1}/{days} ({day:%d-%m}): {count} zaken")
    result.open_today = _open_today(gen, gen.rng.randint(*OPEN_TODAY))
    result.persons = Person.objects.count()
    progress(f"vandaag: {result.open_today} open zaken met lopende klok")
    progress(
        f"{result.past_cases + result.open_today} zaken, {result.decisions} beslissingen, "
        f"{result.persons} personen bij {location.name}"
    )
    return result
