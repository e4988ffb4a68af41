"""The social map for the demo: about forty fictional institutions around Utrecht, referrals in every state on
the open werkplaats cases, a few signals and the werkplaats team's areas.

Everything is fictional: the names, addresses, phone numbers (030-0000 …, 088-0000 …) and e-mail addresses
(example.org) belong to no real organisation. Institutions and referrals go through the real services
(`institution_save`, `referral_create`, `referral_send`, `referral_move`, `referral_acknowledge`) and signals
through `signal_create` / `signal_move`, so the audit trail, the transitions and the links are what the
application itself writes. The steps happen in the past weeks: each one runs with Django's clock set to its
moment (`_at`), in time order, after the werkplaats cases they belong to were assigned.

What the demo shows with it: a chase task today for `werkplaats` (a referral unanswered for more than three
working days), an escalation for `coordinator` (one unanswered for more than six), a signal candidate (an
institution with three failed referrals), about eight entries due for verification, and a signal register
with an open, a raised and a resolved signal. Seeded: the same data every time for the same werkplaats demo.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from unittest import mock

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from zsm.accounts.models import Location, Team, User
from zsm.common.clock import AMSTERDAM, local, now
from zsm.common.holidays import add_working_days, is_working_day
from zsm.demo.builders import LOCATION_CODE
from zsm.meetings.constants import SignalScope, SignalStatus
from zsm.meetings.services import SignalInput, signal_create, signal_move
from zsm.socialmap.constants import InstitutionKind, LegalBasis, Need, ReferralStatus
from zsm.socialmap.models import Institution, Referral
from zsm.socialmap.selectors import chase_period
from zsm.socialmap.services import (
    AreaInput,
    ContactInput,
    InstitutionInput,
    LinkAnswer,
    ReferralInput,
    ServiceInput,
    institution_save,
    referral_acknowledge,
    referral_chase,
    referral_create,
    referral_move,
    referral_send,
)
from zsm.workplace.constants import FINAL_STATUSES, WerkplaatsStatus
from zsm.workplace.models import TeamArea, WerkplaatsCase

SEED = 2028
TEAM_NAME = "Werkplaats Midden-Nederland"
K, N = InstitutionKind, Need

# --- The institutions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str
    municipality: str
    address: tuple[str, str, str]  # street, postcode, city
    services: tuple[tuple[str, str], ...]  # (need, service name)
    areas: tuple[tuple[int, int], ...]
    contact: tuple[str, str]  # (name, function) of the referral contact
    hours: str = "ma–vr 9.00–17.00"
    verified_days_ago: int | None = 30  # None: never verified


UTRECHT = (3500, 3585)
REGION = (3400, 3999)
COUNTRY = (1000, 9999)
OFFICE = "ma–vr 9.00–17.00"

ENTRIES: tuple[Entry, ...] = (
    # Utrecht: a neighbourhood team per wijk.
    Entry("Wijkteam Overvecht", K.MUNICIPALITY, "Utrecht", ("Zambesidreef 40", "3561 HM", "Utrecht"),
          ((N.NEIGHBOURHOOD_TEAM, "Wijkteam: wonen, geld en opvoeden"), (N.SOCIAL_WORK, "Maatschappelijk werk")),
          ((3561, 3565),), ("Fatima Oulad", "Teamcoach"), "ma–vr 8.30–17.00, do tot 20.00", 12),
    Entry("Wijkteam Kanaleneiland", K.MUNICIPALITY, "Utrecht", ("Marshalllaan 12", "3527 TK", "Utrecht"),
          ((N.NEIGHBOURHOOD_TEAM, "Wijkteam Kanaleneiland"), (N.DEBT_HELP, "Spreekuur geldzaken")),
          ((3526, 3527),), ("Dennis Smit", "Wijkwerker"), OFFICE, 45),
    Entry("Wijkteam Zuilen en Ondiep", K.MUNICIPALITY, "Utrecht", ("Amsterdamsestraatweg 510", "3553 EN", "Utrecht"),
          ((N.NEIGHBOURHOOD_TEAM, "Wijkteam Zuilen en Ondiep"),),
          ((3551, 3555),), ("Ilse Verbeek", "Wijkwerker"), OFFICE, 200),
    Entry("Wijkteam Noordoost", K.MUNICIPALITY, "Utrecht", ("Kastanjelaan 4", "3572 JA", "Utrecht"),
          ((N.NEIGHBOURHOOD_TEAM, "Wijkteam Noordoost"), (N.SOCIAL_WORK, "Maatschappelijk werk Noordoost")),
          ((3571, 3573),), ("Ahmed Bakkali", "Teamcoach"), OFFICE, 70),
    Entry("Wijkteam Binnenstad", K.MUNICIPALITY, "Utrecht", ("Voorbeeldgracht 8", "3511 BK", "Utrecht"),
          ((N.NEIGHBOURHOOD_TEAM, "Wijkteam Binnenstad"),),
          ((3511, 3512),), ("Marloes de Groot", "Wijkwerker"), OFFICE, 150),
    Entry("Wijkteam Lombok en Oog in Al", K.MUNICIPALITY, "Utrecht", ("Kanaalstraat 90", "3521 AB", "Utrecht"),
          ((N.NEIGHBOURHOOD_TEAM, "Wijkteam Lombok en Oog in Al"), (N.DEBT_HELP, "Geldspreekuur Lombok")),
          ((3521, 3521), (3531, 3532)), ("Yusuf Demir", "Wijkwerker geldzaken"), "ma–do 9.00–17.00", 20),
    # Utrecht: citywide.
    Entry("Geldloket Utrecht", K.DEBT_HELP, "Utrecht", ("Stadsplein 1", "3581 AA", "Utrecht"),
          ((N.DEBT_HELP, "Schuldhulpverlening: intake"), (N.INCOME, "Toeslagen en bijzondere bijstand")),
          (UTRECHT,), ("Karin Vos", "Intaker schuldhulp"), "ma–vr 9.00–16.00", 35),
    Entry("Stichting Schuldmaatje Domstad", K.VOLUNTEERS, "Utrecht", ("Voorbeeldstraat 17", "3514 BE", "Utrecht"),
          ((N.DEBT_BUDDY, "Schuldhulpmaatje"), (N.MENTORING, "Maatje voor de administratie")),
          (UTRECHT,), ("Hans Kuipers", "Coördinator vrijwilligers"), "di en do 10.00–15.00", 90),
    Entry("Werkpunt Utrecht", K.WORK_INCOME, "Utrecht", ("Voorbeeldplein 3", "3526 KS", "Utrecht"),
          ((N.WORK, "Werk, dagbesteding en leerwerkplekken"), (N.INCOME, "Aanvraag bijstand")),
          (UTRECHT,), ("Sandra Mulder", "Werkconsulent"), OFFICE, 60),
    Entry("Stadsopvang Utrecht", K.SHELTER, "Utrecht", ("Opvanglaan 2", "3534 AN", "Utrecht"),
          ((N.SHELTER, "Nachtopvang en crisisbed"), (N.HOUSING, "Doorstroom naar begeleid wonen")),
          (UTRECHT,), ("Ricardo Pinas", "Teamleider aanmelding"), "dag en nacht bereikbaar", 25),
    Entry("Jongerenloket Utrecht", K.MUNICIPALITY, "Utrecht", ("Jongerenstraat 6", "3512 JK", "Utrecht"),
          ((N.YOUTH_CARE, "Hulp voor jongeren tot 23 jaar"), (N.WORK, "School of werk voor jongeren")),
          (UTRECHT,), ("Noor Jansen", "Jongerencoach"), "ma–vr 10.00–18.00", 110),
    Entry("Stichting Thuis in de Stad", K.HOUSING, "Utrecht", ("Woonhof 21", "3523 CA", "Utrecht"),
          ((N.HOUSING, "Begeleid wonen en woonbegeleiding"),),
          (UTRECHT,), ("Petra Hoekstra", "Trajectbegeleider"), OFFICE, 260),
    Entry("Maatschappelijk Werk Utrecht-Stad", K.SOCIAL_WORK, "Utrecht", ("Voorbeeldkade 55", "3582 AB", "Utrecht"),
          ((N.SOCIAL_WORK, "Algemeen maatschappelijk werk"),),
          (UTRECHT,), ("Gerard Brouwer", "Maatschappelijk werker"), OFFICE, 80),
    Entry("FACT-team Utrecht-Stad", K.MENTAL_HEALTH, "Utrecht", ("Zorgpad 7", "3584 CX", "Utrecht"),
          ((N.FACT_TEAM, "FACT: ambulante zorg bij ernstige psychische aandoeningen"),),
          (UTRECHT,), ("Dr. Lotte Meijer", "Psychiater"), "ma–vr 9.00–17.00; crisisdienst 24/7", 55),
    # The other municipalities of the region.
    Entry("Sociaal Team Nieuwegein", K.MUNICIPALITY, "Nieuwegein", ("Raadsplein 4", "3431 EA", "Nieuwegein"),
          ((N.NEIGHBOURHOOD_TEAM, "Sociaal team"), (N.DEBT_HELP, "Schuldhulp"), (N.INCOME, "Bijzondere bijstand")),
          ((3430, 3439),), ("Esther van Dijk", "Consulent"), OFFICE, 40),
    Entry("Thuisadministratie Nieuwegein", K.VOLUNTEERS, "Nieuwegein", ("Buurthuisweg 2", "3437 AB", "Nieuwegein"),
          ((N.DEBT_BUDDY, "Thuisadministratie met een vrijwilliger"),),
          ((3430, 3439),), ("Wim de Bruijn", "Coördinator"), "wo 9.00–12.00", 300),
    Entry("Sociaal Team Zeist", K.MUNICIPALITY, "Zeist", ("Slotlaan 10", "3701 GB", "Zeist"),
          ((N.NEIGHBOURHOOD_TEAM, "Sociaal team Zeist"), (N.SOCIAL_WORK, "Maatschappelijk werk Zeist")),
          ((3700, 3709),), ("Mirjam Koster", "Teamleider"), OFFICE, 15),
    Entry("Woonstichting Heuvelrand", K.HOUSING, "Zeist", ("Woonweg 30", "3705 LK", "Zeist"),
          ((N.HOUSING, "Huurachterstand en woonbegeleiding"),),
          ((3700, 3709), (3720, 3739)), ("Bas Schouten", "Huurconsulent"), "ma–do 9.00–16.00", None),
    Entry("Wijkteam Amersfoort", K.MUNICIPALITY, "Amersfoort", ("Stadhuisplein 1", "3811 LM", "Amersfoort"),
          ((N.NEIGHBOURHOOD_TEAM, "Wijkteam Amersfoort"), (N.DEBT_HELP, "Geldzaken Amersfoort")),
          ((3811, 3829),), ("Romy Peters", "Wijkwerker"), OFFICE, 65),
    Entry("Opvang Eemland", K.SHELTER, "Amersfoort", ("Eemkade 14", "3824 MA", "Amersfoort"),
          ((N.SHELTER, "Maatschappelijke opvang Eemland"),),
          ((3811, 3829), (3830, 3835)), ("Erik Bos", "Aanmeldfunctionaris"), "dag en nacht bereikbaar", 100),
    Entry("Werkbedrijf Eemland", K.WORK_INCOME, "Amersfoort", ("Industrieweg 8", "3825 AB", "Amersfoort"),
          ((N.WORK, "Werk en dagbesteding"), (N.INCOME, "Uitkering en inkomen")),
          ((3811, 3829),), ("Linda Visser", "Werkcoach"), OFFICE, 130),
    Entry("FACT-team Eemland", K.MENTAL_HEALTH, "Amersfoort", ("Zorgplein 3", "3818 EW", "Amersfoort"),
          ((N.FACT_TEAM, "FACT Eemland"), (N.MENTAL_HEALTH, "Basis-GGZ Eemland")),
          ((3811, 3829),), ("Tom Willems", "Verpleegkundig specialist"), OFFICE, 240),
    Entry("Sociaal Team Houten", K.MUNICIPALITY, "Houten", ("Onderdoor 25", "3995 DW", "Houten"),
          ((N.NEIGHBOURHOOD_TEAM, "Sociaal team Houten"), (N.DEBT_HELP, "Schuldhulp Houten")),
          ((3990, 3995),), ("Jeroen Dekker", "Consulent"), OFFICE, 85),
    Entry("Wijkteam IJsselstein", K.MUNICIPALITY, "IJsselstein", ("Overtoom 1", "3401 BK", "IJsselstein"),
          ((N.NEIGHBOURHOOD_TEAM, "Wijkteam IJsselstein"), (N.INCOME, "Inkomensondersteuning")),
          ((3400, 3404),), ("Sophie Willemsen", "Wijkwerker"), "ma–vr 9.00–16.30", 10),
    Entry("Sociaal Team De Bilt", K.MUNICIPALITY, "De Bilt", ("Soestdijkseweg 20", "3721 AE", "Bilthoven"),
          ((N.NEIGHBOURHOOD_TEAM, "Sociaal team De Bilt"), (N.SOCIAL_WORK, "Maatschappelijk werk De Bilt")),
          ((3720, 3739),), ("Anouk van Leeuwen", "Consulent"), OFFICE, 160),
    Entry("Sociaal Team Woerden", K.MUNICIPALITY, "Woerden", ("Blekerijlaan 14", "3447 GR", "Woerden"),
          ((N.NEIGHBOURHOOD_TEAM, "Sociaal team Woerden"), (N.DEBT_HELP, "Schuldhulp Woerden")),
          ((3440, 3449),), ("Martijn Prins", "Consulent"), OFFICE, 50),
    Entry("Sociaal Team Veenendaal", K.MUNICIPALITY, "Veenendaal", ("Markt 1", "3901 DN", "Veenendaal"),
          ((N.NEIGHBOURHOOD_TEAM, "Sociaal team Veenendaal"), (N.WORK, "Participatie en werk")),
          ((3900, 3909),), ("Hanneke Bakker", "Consulent"), OFFICE, 220),
    Entry("Sociaal Team Stichtse Vecht", K.MUNICIPALITY, "Stichtse Vecht", ("Endelhovenlaan 1", "3601 GR", "Maarssen"),
          ((N.NEIGHBOURHOOD_TEAM, "Sociaal team Stichtse Vecht"), (N.INCOME, "Inkomen en minimaregelingen")),
          ((3600, 3612),), ("Kevin Hendriks", "Consulent"), OFFICE, 75),
    # Regional services.
    Entry("Verslavingszorg Midden-Nederland", K.ADDICTION_CARE, "Utrecht", ("Herstelweg 2", "3584 BA", "Utrecht"),
          ((N.ADDICTION_CARE, "Ambulante verslavingszorg"), (N.TRAINING, "Training middelenbewustzijn")),
          (REGION,), ("Mark Verhoeven", "Intaker"), "ma–vr 8.30–17.00", 30),
    Entry("GGZ Stichtse Poort", K.MENTAL_HEALTH, "Utrecht", ("Poortlaan 5", "3583 EA", "Utrecht"),
          ((N.MENTAL_HEALTH, "Specialistische GGZ: intake"), (N.FACT_TEAM, "FACT regio")),
          (REGION,), ("Judith Timmermans", "Aanmeldcoördinator"), "ma–vr 9.00–16.00", 140),
    Entry("Meldpunt Huiselijk Geweld Regio Utrecht", K.DOMESTIC_VIOLENCE, "Utrecht",
          ("Postbus 1000", "3500 AA", "Utrecht"),
          ((N.DOMESTIC_VIOLENCE, "Advies en melding huiselijk geweld en kindermishandeling"),),
          (REGION,), ("Ingrid Claassen", "Medewerker triage"), "dag en nacht bereikbaar", 5),
    Entry("Vrouwen- en Gezinsopvang Midden-Nederland", K.DOMESTIC_VIOLENCE, "Utrecht",
          ("Postbus 1001", "3500 AB", "Utrecht"),
          ((N.DOMESTIC_VIOLENCE, "Ambulante hulp na huiselijk geweld"), (N.SHELTER, "Opvang bij huiselijk geweld")),
          (REGION,), ("Miriam Sedney", "Aanmelding"), "dag en nacht bereikbaar", 95),
    Entry("Jeugdhulp Regio Utrecht", K.OTHER, "Utrecht", ("Jeugdplein 9", "3527 GV", "Utrecht"),
          ((N.YOUTH_CARE, "Ambulante jeugdhulp en gezinsbegeleiding"),),
          (REGION,), ("Paul van Vliet", "Gedragswetenschapper"), OFFICE, 400),
    Entry("Maatjesproject De Brug", K.VOLUNTEERS, "Utrecht", ("Brugstraat 11", "3513 AR", "Utrecht"),
          ((N.MENTORING, "Maatje na detentie of een strafzaak"),),
          (REGION,), ("Annemarie Kok", "Coördinator"), "ma–do 9.00–15.00", 180),
    Entry("Trainingsbureau Omslag", K.TRAINING, "Utrecht", ("Leerpad 3", "3542 CE", "Utrecht"),
          ((N.TRAINING, "Korte training agressieregulatie"), (N.TRAINING, "Training alcohol en geweld")),
          (REGION,), ("Rutger Evers", "Trainer"), OFFICE, 60),
    Entry("Beschermd Wonen Regio Utrecht", K.HOUSING, "Utrecht", ("Woonzorgweg 1", "3543 AB", "Utrecht"),
          ((N.HOUSING, "Beschermd wonen"), (N.SHELTER, "Crisisopvang met begeleiding")),
          (REGION,), ("Saskia Lammers", "Toegangsmedewerker"), OFFICE, 330),
    # National services.
    Entry("Landelijk Bureau Familieberaad", K.OTHER, "Amsterdam", ("Postbus 2000", "1000 AA", "Amsterdam"),
          ((N.FAMILY_GROUP_CONFERENCE, "Familiegroepsplan met een onafhankelijke coördinator"),),
          (COUNTRY,), ("Nadia El Idrissi", "Regiocoördinator Midden"), OFFICE, 120),
    Entry("Schuldenlijn Nederland", K.DEBT_HELP, "Den Haag", ("Postbus 3000", "2500 AA", "Den Haag"),
          ((N.DEBT_HELP, "Telefonisch advies bij schulden"), (N.DEBT_BUDDY, "Landelijke maatjespool")),
          (COUNTRY,), ("Joost Vermeulen", "Adviseur"), "ma–vr 9.00–20.00", 20),
    Entry("Trainingsinstituut Gedragskeuze", K.TRAINING, "Zwolle", ("Postbus 4000", "8000 AA", "Zwolle"),
          ((N.TRAINING, "Online training impulscontrole"), (N.TRAINING, "Cursus omgaan met geld")),
          (COUNTRY,), ("Femke Scholten", "Planner"), OFFICE, None),
    Entry("Landelijk Mentorennetwerk", K.VOLUNTEERS, "Rotterdam", ("Postbus 5000", "3000 AA", "Rotterdam"),
          ((N.MENTORING, "Mentor voor jongvolwassenen"), (N.WORK, "Begeleiding naar werk door een mentor")),
          (COUNTRY,), ("Daan Koning", "Matcher"), "ma–vr 9.00–17.00", 45),
    Entry("Stichting Verslavingslijn", K.ADDICTION_CARE, "Amersfoort", ("Postbus 6000", "3800 AA", "Amersfoort"),
          ((N.ADDICTION_CARE, "Online hulp bij alcohol en drugs"),),
          (COUNTRY,), ("Eva Huisman", "Hulpverlener"), "dagelijks 9.00–21.00", 170),
)  # fmt: skip


def _slug(name: str) -> str:
    return "".join(c for c in name.lower().replace(" ", "-") if c.isalnum() or c == "-").strip("-")


def _institution_input(index: int, entry: Entry) -> InstitutionInput:
    street, postcode, city = entry.address
    domain = f"{_slug(entry.name)}.example.org"
    # Clearly fictional numbers: a real area code with a 0000 block no operator hands out.
    phone = f"{'088' if entry.areas[0][1] - entry.areas[0][0] >= 100 else '030'}-0000 {100 + index:03d}"
    return InstitutionInput(
        name=entry.name,
        kind=entry.kind,
        municipality=entry.municipality,
        street_address=street,
        postcode=postcode,
        city=city,
        phone=phone,
        email=f"info@{domain}",
        website=f"https://{domain}",
        opening_hours=entry.hours,
        description=f"{entry.name} ({entry.municipality}). Fictieve instelling voor de demo.",
        services=[ServiceInput(need=need, name=name) for need, name in entry.services],
        areas=[AreaInput(postcode_from=a, postcode_to=b, municipality=entry.municipality) for a, b in entry.areas],
        contacts=[
            ContactInput(
                name=entry.contact[0],
                function=entry.contact[1],
                phone=f"030-0000 {500 + index:03d}",
                email=f"verwijzingen@{domain}",
                receives_referrals=True,
            ),
            ContactInput(name="Algemeen secretariaat", phone=phone, email=f"info@{domain}"),
        ],
    )


# --- Time travel -------------------------------------------------------------------------------------------


@contextmanager
def _at(moment: datetime) -> Iterator[None]:
    """Run a service as if it were `moment`: every clock in the application reads django.utils.timezone.now
    (zsm.common.clock, auto_now fields), so the service stamps its rows, transitions and audit events then."""
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def _office_moment(day: date, rng: random.Random, earliest: datetime | None = None) -> datetime:
    """A moment in office hours on `day`, not before `earliest`."""
    moment = datetime.combine(day, time(rng.randint(9, 15), rng.randrange(60)), tzinfo=AMSTERDAM)
    if earliest is not None and moment <= earliest:
        moment = earliest + timedelta(minutes=rng.randint(10, 50))
    return moment


def _working_days_back(today: date, count: int) -> date:
    """The latest day from which `count` working days have passed by `today`."""
    day = today - timedelta(days=count)
    while add_working_days(day, count) > today:
        day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def _next_working_day(moment: datetime, days: int, rng: random.Random) -> datetime:
    day = add_working_days(local(moment).date(), days)
    return _office_moment(day, rng, earliest=moment)


# --- Referrals --------------------------------------------------------------------------------------------

S = ReferralStatus


@dataclass
class SocialMapResult:
    institutions: int = 0
    referrals: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    signals: int = 0
    team_areas: int = 0
    skipped: bool = False


@dataclass
class _Story:
    """One referral's life: where it goes, when it is sent, and the steps after (target, working days after the
    previous step, the note or reason). `sent_on` None: it stays a draft."""

    worker: str | None  # whose case; None: any worker's
    institution: str
    need: str
    question: str
    steps: tuple[tuple[str, int, str], ...] = ()
    sent_on: date | None = None  # a fixed day to send on; otherwise soon after the case was assigned
    draft: bool = False
    via_link: bool = False  # the first answer came through the institution's link
    share_offence: bool = False
    chased: bool = False
    case: WerkplaatsCase | None = None
    referral: Referral | None = None
    token: str = ""

    @property
    def span(self) -> int:
        """Working days from sending to the last step."""
        return sum(days for _step, days, _text in self.steps) + (chase_period() if self.chased else 0)


def _stories(today: date) -> list[_Story]:
    period = chase_period()
    escalated_on = _working_days_back(today, 2 * period)  # two periods without an answer: the coordinator's
    chase_on = _working_days_back(today, period + 1)  # more than one period, less than two: a chase today
    return [
        _Story("werkplaats2", "Stadsopvang Utrecht", N.SHELTER,
               "Cliënt slaapt sinds een week buiten. Graag een crisisbed en een aanmelding voor de opvang.",
               sent_on=escalated_on, chased=True),
        _Story("werkplaats", "Geldloket Utrecht", N.DEBT_HELP,
               "Graag een intake schuldhulp: ongeveer € 8.000 schuld, incassobureaus bellen dagelijks.",
               sent_on=chase_on),
        _Story(None, "GGZ Stichtse Poort", N.MENTAL_HEALTH,
               "Graag een GGZ-beoordeling: somberheid, slecht slapen, eerder behandeld en afgehaakt.",
               ((S.DECLINED, 2, "Wachtlijst van veertien weken; zonder crisisindicatie geen snellere intake."),),
               via_link=True),
        _Story(None, "GGZ Stichtse Poort", N.MENTAL_HEALTH,
               "Graag een intake: angstklachten en middelengebruik; huisarts verwijst ook.",
               ((S.NO_RESPONSE, 2, "Twee keer gebeld en gemaild, geen reactie. Via de huisarts verder."),),
               chased=True),
        _Story(None, "GGZ Stichtse Poort", N.FACT_TEAM,
               "Graag aanmelding bij het FACT-team: verward gedrag, geen behandelaar.",
               ((S.DECLINED, 2, "Telefonisch: volgens de aanmelder valt cliënt buiten de doelgroep."),)),
        _Story("werkplaats", "Verslavingszorg Midden-Nederland", N.ADDICTION_CARE,
               "Graag een intake voor ambulante behandeling; drinkt dagelijks, wil minderen.",
               ((S.INTAKE_PLANNED, 1, ""), (S.STARTED, 2, "Intake geweest; behandeling gestart.")),
               via_link=True, share_offence=True),
        _Story(None, "Trainingsbureau Omslag", N.TRAINING,
               "Graag plaatsing in de korte training agressieregulatie (twee bijeenkomsten).",
               ((S.ACKNOWLEDGED, 1, "Telefonisch bevestigd."), (S.STARTED, 1, "Eerste bijeenkomst gevolgd."),
                (S.COMPLETED, 1, "Training afgerond; beide bijeenkomsten aanwezig.")), share_offence=True),
        _Story("werkplaats", "Wijkteam Lombok en Oog in Al", N.DEBT_HELP,
               "Graag hulp bij het op orde brengen van de administratie; post blijft ongeopend liggen.",
               ((S.INTAKE_PLANNED, 1, ""),), via_link=True),
        _Story("werkplaats2", "Stichting Schuldmaatje Domstad", N.DEBT_BUDDY,
               "Graag een schuldhulpmaatje naast de schuldhulpverlening die loopt.",
               ((S.ACKNOWLEDGED, 1, ""),), via_link=True),
        _Story(None, "Meldpunt Huiselijk Geweld Regio Utrecht", N.DOMESTIC_VIOLENCE,
               "Graag afstemming over de lopende melding en de afspraken over veiligheid thuis.",
               ((S.ACKNOWLEDGED, 0, "Telefonisch bevestigd."), (S.STARTED, 1, "Gezinsaanpak gestart."))),
        _Story("werkplaats2", "Wijkteam Overvecht", N.NEIGHBOURHOOD_TEAM,
               "Graag begeleiding door het wijkteam bij wonen en geld.",
               ((S.WITHDRAWN, 1, "Cliënt blijkt verhuisd naar Amersfoort; verwijzing ingetrokken."),)),
        _Story("werkplaats2", "Wijkteam Amersfoort", N.NEIGHBOURHOOD_TEAM,
               "Graag begeleiding door het wijkteam bij wonen en geld; cliënt is net verhuisd.", draft=True),
        _Story("werkplaats", "Landelijk Bureau Familieberaad", N.FAMILY_GROUP_CONFERENCE,
               "Graag een familiegroepsplan: de familie wil meedenken over wonen en dagbesteding.", draft=True),
        _Story(None, "Maatjesproject De Brug", N.MENTORING,
               "Graag een maatje voor de komende maanden: weinig netwerk, wil werken aan dagritme.",
               sent_on=_working_days_back(today, 1)),
        _Story(None, "Werkpunt Utrecht", N.WORK,
               "Graag een gesprek over dagbesteding of een leerwerkplek.",
               ((S.ACKNOWLEDGED, 1, ""), (S.INTAKE_PLANNED, 1, "Intake telefonisch afgesproken.")), via_link=True),
    ]  # fmt: skip


class _Referrals:
    """Plans every referral's steps at their moments, then runs them all in time order."""

    def __init__(self, *, rng: random.Random, institutions: dict[str, Institution], moment: datetime) -> None:
        self.rng = rng
        self.institutions = institutions
        self.latest = moment - timedelta(minutes=1)
        self.tokens: list[str] = []
        self.steps: list[tuple[datetime, int, Callable[[], None]]] = []

    def issue_token(self, nbytes: int | None = None) -> str:
        """`secrets.token_urlsafe`, remembered: the demo answers some links the way an institution would, and
        the token exists only in the e-mail (the database keeps its hash)."""
        token = _token_urlsafe(nbytes)
        self.tokens.append(token)
        return token

    def add(self, moment: datetime, action: Callable[[], None]) -> None:
        self.steps.append((min(moment, self.latest), len(self.steps), action))

    def plan(self, story: _Story, today: date) -> None:
        case = story.case
        assert case is not None
        assert case.worker is not None
        assert case.assigned_at is not None
        worker = case.worker
        assigned = case.assigned_at
        soon = add_working_days(local(assigned).date(), self.rng.randint(0, 1))
        latest_start = _working_days_back(today, story.span + 1)
        if story.draft:
            day = _working_days_back(today, 0)
        else:
            day = story.sent_on or max(local(assigned).date(), min(soon, latest_start))
            if not is_working_day(day) and add_working_days(day, 1) <= latest_start:
                day = add_working_days(day, 1)  # a case assigned at the weekend is referred on Monday
        # A fixed day wins over the assignment: around the holidays no open case may be old enough for the
        # escalation, and the demo should show one all the same (that referral then predates the assignment).
        earliest = None if story.sent_on is not None and local(assigned).date() > story.sent_on else assigned
        created = _office_moment(day, self.rng, earliest=earliest)
        data = ReferralInput(
            institution_id=self.institutions[story.institution].pk,
            need=story.need,
            question=story.question,
            legal_basis=LegalBasis.WJSG_39F if story.share_offence else LegalBasis.CONSENT,
            consent_note="" if story.share_offence else "Cliënt gaf mondeling toestemming in het eerste gesprek.",
            share_offence=story.share_offence,
            worker_phone=f"030-0000 9{worker.pk % 100:02d}",
        )

        def create() -> None:
            story.referral = referral_create(user=worker, werkplaats_case_id=case.pk, data=data)

        self.add(created, create)
        if story.draft:
            return
        moment = created + timedelta(minutes=self.rng.randint(5, 25))

        def send() -> None:
            assert story.referral is not None
            story.referral = referral_send(user=worker, referral_id=story.referral.pk,
                                           expected_version=story.referral.version)  # fmt: skip
            story.token = self.tokens[-1]

        self.add(moment, send)
        if story.chased:

            def chase() -> None:
                assert story.referral is not None
                story.referral = referral_chase(user=worker, referral_id=story.referral.pk,
                                                expected_version=story.referral.version)  # fmt: skip

            moment = _next_working_day(moment, chase_period(), self.rng)
            self.add(moment, chase)
        for index, (target, days, text) in enumerate(story.steps):
            moment = _next_working_day(moment, days, self.rng) if days else moment + timedelta(hours=2)
            self.add(moment, self._step(story, worker, target, text, by_link=story.via_link and index == 0))

    def _step(self, story: _Story, worker: User, target: str, text: str, *, by_link: bool) -> Callable[[], None]:
        def run() -> None:
            assert story.referral is not None
            intake_on = None
            if target == S.INTAKE_PLANNED:
                intake_on = add_working_days(local(timezone.now()).date(), self.rng.randint(2, 6))
            if by_link:
                answer: str = {S.ACKNOWLEDGED.value: LinkAnswer.ACCEPT, S.INTAKE_PLANNED.value: LinkAnswer.PLAN_INTAKE,
                                    S.DECLINED.value: LinkAnswer.DECLINE}[target]  # fmt: skip
                story.referral = referral_acknowledge(token=story.token, answer=answer, reason=text,
                                                      intake_on=intake_on)  # fmt: skip
                return
            story.referral = referral_move(
                user=worker,
                referral_id=story.referral.pk,
                target=target,
                expected_version=story.referral.version,
                note="" if target == S.DECLINED else text,
                reason=text if target == S.DECLINED else "",
                intake_on=intake_on,
            )

        return run

    def run(self) -> None:
        for moment, _order, action in sorted(self.steps, key=lambda step: (step[0], step[1])):
            with _at(moment):
                action()


_token_urlsafe = secrets.token_urlsafe


def _cast(stories: list[_Story], cases: list[WerkplaatsCase]) -> None:
    """Give each story an open case: the fixed-day ones a case assigned before that day (the oldest otherwise),
    the others in turn, the longest stories on the oldest cases."""
    used: dict[int, int] = {}

    def pick(worker: str | None, before: datetime | None) -> WerkplaatsCase:
        mine = [c for c in cases if worker is None or (c.worker is not None and c.worker.username == worker)] or cases
        fitting = [c for c in mine if before is None or (c.assigned_at is not None and c.assigned_at < before)]
        choice = min(fitting or mine[:1], key=lambda c: (used.get(c.pk, 0), c.assigned_at or now(), c.pk))
        used[choice.pk] = used.get(choice.pk, 0) + 1
        return choice

    for story in stories:
        if story.sent_on is not None:
            story.case = pick(story.worker, datetime.combine(story.sent_on, time(9), tzinfo=AMSTERDAM))
    for story in sorted((s for s in stories if s.sent_on is None), key=lambda s: -s.span):
        story.case = pick(story.worker, None)
    # The move to Amersfoort: the new draft sits on the case of the withdrawn referral.
    withdrawn = next(s for s in stories if any(step[0] == S.WITHDRAWN for step in s.steps))
    moved = next(s for s in stories if s.institution == "Wijkteam Amersfoort")
    moved.case = withdrawn.case


# --- Signals and team areas ----------------------------------------------------------------------------------


def _signals(users: dict[str, User], institutions: dict[str, Institution], stories: list[_Story], today: date) -> int:
    coordinator = users["coordinator"]
    escalated = stories[0]
    shelter_cases = sorted({s.case.pk for s in stories if s.case is not None and s.need == N.SHELTER}
                           | {escalated.case.pk if escalated.case else 0} - {0})  # fmt: skip
    plans = [
        (
            SignalInput(
                title="Bijzondere bijstand Nieuwegein duurt acht weken",
                description="Aanvragen voor bijzondere bijstand blijven weken liggen; cliënten raken intussen verder "
                "in de schulden.",
                scope=SignalScope.MUNICIPALITY,
                subject="Nieuwegein",
                owner_id=users["werkplaats2"].pk,
            ),
            _working_days_back(today, 4),
            [],
        ),
        (
            SignalInput(
                title="Geen crisisbed bij Stadsopvang Utrecht",
                description="Cliënten zonder onderdak krijgen binnen een week geen crisisbed; aanmeldingen blijven "
                "onbeantwoord.",
                scope=SignalScope.ORGANISATION,
                institution_id=institutions["Stadsopvang Utrecht"].pk,
                subject="Stadsopvang Utrecht",
                owner_id=users["werkplaats"].pk,
                werkplaats_case_ids=shelter_cases,
            ),
            _working_days_back(today, 3),
            [(SignalStatus.RAISED, "In het regio-overleg maatschappelijke opvang; de coördinator belt de teamleider.")],
        ),
        (
            SignalInput(
                title="Wijkteam Kanaleneiland in de zomer onbereikbaar",
                description="In juli en augustus werd de telefoon niet opgenomen en bleven e-mails liggen.",
                scope=SignalScope.AREA,
                subject="Kanaleneiland",
                owner_id=users["werkplaats2"].pk,
            ),
            today - timedelta(days=75),
            [
                (SignalStatus.RAISED, "Besproken met de teamcoach van het wijkteam."),
                (SignalStatus.RESOLVED, "Vast telefonisch spreekuur ingesteld; het wijkteam is weer goed bereikbaar."),
            ],
        ),
    ]
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo data, not security)
    for data, day, moves in plans:
        moment = _office_moment(day, rng)
        with _at(moment):
            signal = signal_create(user=coordinator, data=data)
        for target, note in moves:
            moment = _next_working_day(moment, 2, rng)
            with _at(min(moment, now() - timedelta(minutes=1))):
                signal = signal_move(user=coordinator, signal_id=signal.pk, target=target,
                                     expected_version=signal.version, note=note)  # fmt: skip
    return len(plans)


def _team_areas(location: Location) -> int:
    """Area-based work: the werkplaats team covers Utrecht-Noord and Utrecht-Zuid. One team with two areas: a
    membership carries one team, and moving the workers to area teams would split the team's figures."""
    team = Team.objects.filter(name=TEAM_NAME, location=location).first()
    if team is None:
        return 0
    areas = [("Utrecht-Zuid", 3500, 3549), ("Utrecht-Noord", 3550, 3589)]
    for name, first, last in areas:
        TeamArea.objects.get_or_create(team=team, name=name, defaults={"postcode_from": first, "postcode_to": last})
    return len(areas)


# --- The build ------------------------------------------------------------------------------------------------


def socialmap_build(*, progress: Callable[[str], None] = lambda _message: None, seed: int = SEED) -> SocialMapResult:
    """The social map, referrals, signals and team areas; nothing if the map has institutions already.

    Referral links are e-mailed after the commit; the demo keeps them in memory (locmem) instead of writing
    mail files: they lead to fictional addresses."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return _build(progress=progress, seed=seed)


@transaction.atomic
def _build(*, progress: Callable[[str], None], seed: int) -> SocialMapResult:
    if Institution.objects.exists():
        progress("Sociale kaart al aanwezig; sociale kaart overgeslagen.")
        return SocialMapResult(skipped=True)
    location = Location.objects.get(code=LOCATION_CODE)
    moment = now()
    today = local(moment).date()
    rng = random.Random(seed)  # noqa: S311 (reproducible demo data, not security)
    users = {u.username: u for u in User.objects.filter(username__in=["coordinator", "werkplaats", "werkplaats2"])}

    institutions: dict[str, Institution] = {}
    for index, entry in enumerate(ENTRIES):
        institutions[entry.name] = institution_save(user=users["coordinator"], data=_institution_input(index, entry))
    # Saving is verifying (the service stamps today); the demo backdates the last check so that the
    # maintenance view has entries to verify. A queryset update: there is no service to write history.
    for entry in ENTRIES:
        verified_on = today - timedelta(days=entry.verified_days_ago) if entry.verified_days_ago is not None else None
        Institution.objects.filter(pk=institutions[entry.name].pk).update(
            verified_on=verified_on, verified_by=users["coordinator"] if verified_on else None
        )

    cases = list(
        WerkplaatsCase.objects.filter(case__location=location, worker__isnull=False, assigned_at__isnull=False)
        .exclude(status__in=[*FINAL_STATUSES, WerkplaatsStatus.PROPOSED])
        .select_related("worker", "case")
        .order_by("assigned_at", "pk")
    )
    stories = _stories(today) if cases else []
    _cast(stories, cases)
    referrals = _Referrals(rng=rng, institutions=institutions, moment=moment)
    for story in stories:
        referrals.plan(story, today)
    with mock.patch.object(secrets, "token_urlsafe", side_effect=referrals.issue_token):
        referrals.run()
    signals = _signals(users, institutions, stories, today) if cases else 0

    result = SocialMapResult(institutions=len(institutions), referrals=len(stories), signals=signals,
                             team_areas=_team_areas(location))  # fmt: skip
    for story in stories:
        assert story.referral is not None
        result.by_status[story.referral.status] = result.by_status.get(story.referral.status, 0) + 1
    statuses = ", ".join(f"{count} {status}" for status, count in sorted(result.by_status.items()))
    progress(
        f"sociale kaart: {result.institutions} instellingen, {result.referrals} verwijzingen ({statuses}), "
        f"{result.signals} signalen, {result.team_areas} werkgebieden"
    )
    return result
