"""The offence catalogue: the common high-volume offences (VVC) a ZSM table sees, with their legal facts.

This is the one place for an offence's statutory maximum, whether pre-trial detention is allowed (art. 67
lid 1 Sv: sub a, four years or more; sub b and c, named offences) and whether it is a Halt offence (Besluit
aanwijzing Halt-feiten, art. 77e Sr). A police system may send an offence that is not here; then it states
the facts itself, and intake checks them against art. 67 lid 1 sub a. For an offence that *is* here the
catalogue decides: a police export that says otherwise is refused, because the holding clock (6 or 9
hours) and the disposals that are lawful follow from these facts.

Every row names its source; `docs/legal-rules.md` lists the rows with the version of the text they were
checked against and what could not be verified (a test keeps that table and this one equal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from zsm.cases.constants import HaltDesignation, OffenceKind, PretrialBasis

# Art. 67 lid 1 sub a Sv: pre-trial detention is allowed for a misdrijf with a maximum of four years or more.
PRETRIAL_MIN_PENALTY_YEARS = Decimal("4")


@dataclass(frozen=True)
class OffenceEntry:
    code: str
    description: str
    max_penalty_years: Decimal  # the statutory maximum prison term (gevangenisstraf); 0 when there is none
    kind: str  # OffenceKind: misdrijf or overtreding
    pretrial_basis: str  # PretrialBasis: art. 67 lid 1 sub a, b or c Sv, or "" when not allowed
    source: str  # the article that sets the penalty, and the art. 67 basis where one applies
    halt: str = HaltDesignation.NONE
    halt_condition: str = ""  # what the Besluit adds (damage limits, the only form designated)
    domestic_violence: bool = False

    @property
    def pretrial_detention_allowed(self) -> bool:
        return self.pretrial_basis != PretrialBasis.NONE


CRIME, INFRACTION = OffenceKind.MISDRIJF, OffenceKind.OVERTREDING
A, B, C, NO = PretrialBasis.SUB_A, PretrialBasis.SUB_B, PretrialBasis.SUB_C, PretrialBasis.NONE
HALT, CONSENT = HaltDesignation.DESIGNATED, HaltDesignation.ON_CONSENT
GOODS_DAMAGE = "schade ten hoogste € 900 per verdachte en € 4.500 in totaal"
THEFT_VALUE = "waarde ten hoogste € 150 per verdachte"


def _years(text: str) -> Decimal:
    return Decimal(text)


CATALOGUE: tuple[OffenceEntry, ...] = (
    # --- Openbare orde en gezag ---------------------------------------------------------------
    OffenceEntry("138 lid 1 Sr", "Huisvredebreuk", _years("1"), CRIME, NO, "art. 138 lid 1 Sr"),
    OffenceEntry(
        "138a Sr",
        "Kraken (binnendringen leegstaand gebouw)",
        _years("1"),
        CRIME,
        B,
        "art. 138a Sr; art. 67 lid 1 sub b Sv",
    ),
    OffenceEntry(
        "138ab lid 1 Sr", "Computervredebreuk", _years("2"), CRIME, B, "art. 138ab lid 1 Sr; art. 67 lid 1 sub b Sv"
    ),
    OffenceEntry(
        "141 lid 1 Sr",
        "Openlijke geweldpleging",
        _years("4.5"),
        CRIME,
        A,
        "art. 141 lid 1 Sr; art. 67 lid 1 sub a Sv",
        halt=HALT,
        halt_condition=f"alleen geweld tegen goederen; {GOODS_DAMAGE}",
    ),
    OffenceEntry(
        "157 sub 1 Sr",
        "Brandstichting, gemeen gevaar voor goederen",
        _years("12"),
        CRIME,
        A,
        "art. 157 sub 1° Sr; art. 67 lid 1 sub a Sv",
    ),
    OffenceEntry("180 Sr", "Wederspannigheid", _years("1"), CRIME, NO, "art. 180 Sr"),
    OffenceEntry(
        "181 sub 1 Sr",
        "Wederspannigheid met lichamelijk letsel",
        _years("5"),
        CRIME,
        A,
        "art. 181 sub 1° Sr; art. 67 lid 1 sub a Sv",
    ),
    # --- Belediging en bedreiging ---------------------------------------------------------------
    OffenceEntry("266 Sr", "Eenvoudige belediging", _years("0.25"), CRIME, NO, "art. 266 lid 1 Sr"),
    OffenceEntry(
        "267 Sr",
        "Belediging van een ambtenaar in functie",
        _years("0.33"),
        CRIME,
        NO,
        "art. 267 aanhef en sub 2° jo. 266 Sr (een derde hoger: vier maanden)",
        halt=CONSENT,
    ),
    OffenceEntry(
        "285 lid 1 Sr", "Bedreiging", _years("2"), CRIME, B, "art. 285 lid 1 Sr; art. 67 lid 1 sub b Sv", halt=CONSENT
    ),
    OffenceEntry("285b Sr", "Belaging (stalking)", _years("3"), CRIME, B, "art. 285b Sr; art. 67 lid 1 sub b Sv"),
    # --- Mishandeling ---------------------------------------------------------------------------
    OffenceEntry(
        "300 lid 1 Sr",
        "Eenvoudige mishandeling",
        _years("3"),
        CRIME,
        B,
        "art. 300 lid 1 Sr; art. 67 lid 1 sub b Sv",
        halt=CONSENT,
    ),
    OffenceEntry(
        "300 lid 1 jo 304 sub 1 Sr",
        "Mishandeling in de huiselijke kring",
        _years("4"),
        CRIME,
        B,
        "art. 300 lid 1 jo. 304 sub 1° Sr (een derde hoger); art. 67 lid 1 sub b Sv",
        domestic_violence=True,
    ),
    OffenceEntry(
        "300 lid 1 jo 304 sub 2 Sr",
        "Mishandeling van een ambtenaar in functie",
        _years("4"),
        CRIME,
        B,
        "art. 300 lid 1 jo. 304 sub 2° Sr (een derde hoger); art. 67 lid 1 sub b Sv",
    ),
    OffenceEntry(
        "300 lid 2 Sr",
        "Mishandeling met zwaar lichamelijk letsel",
        _years("4"),
        CRIME,
        A,
        "art. 300 lid 2 Sr; art. 67 lid 1 sub a Sv",
    ),
    OffenceEntry(
        "302 lid 1 Sr", "Zware mishandeling", _years("8"), CRIME, A, "art. 302 lid 1 Sr; art. 67 lid 1 sub a Sv"
    ),
    # --- Vermogen -------------------------------------------------------------------------------
    OffenceEntry(
        "310 Sr",
        "Eenvoudige diefstal (winkeldiefstal)",
        _years("4"),
        CRIME,
        A,
        "art. 310 Sr; art. 67 lid 1 sub a Sv",
        halt=HALT,
        halt_condition=THEFT_VALUE,
    ),
    OffenceEntry(
        "311 lid 1 Sr", "Gekwalificeerde diefstal", _years("6"), CRIME, A, "art. 311 lid 1 Sr; art. 67 lid 1 sub a Sv"
    ),
    OffenceEntry(
        "311 lid 1 sub 4 Sr",
        "Diefstal door twee of meer verenigde personen",
        _years("6"),
        CRIME,
        A,
        "art. 311 lid 1 sub 4° Sr; art. 67 lid 1 sub a Sv",
        halt=HALT,
        halt_condition=THEFT_VALUE,
    ),
    OffenceEntry(
        "312 lid 1 Sr",
        "Diefstal met geweld of bedreiging met geweld",
        _years("9"),
        CRIME,
        A,
        "art. 312 lid 1 Sr; art. 67 lid 1 sub a Sv",
    ),
    OffenceEntry(
        "321 Sr",
        "Verduistering",
        _years("3"),
        CRIME,
        B,
        "art. 321 Sr; art. 67 lid 1 sub b Sv",
        halt=HALT,
        halt_condition=THEFT_VALUE,
    ),
    OffenceEntry(
        "326 lid 1 Sr",
        "Oplichting",
        _years("4"),
        CRIME,
        A,
        "art. 326 lid 1 Sr; art. 67 lid 1 sub a Sv",
        halt=HALT,
        halt_condition="alleen een goed tegen een lagere prijs verkrijgen door listige kunstgrepen "
        "(bijvoorbeeld prijskaartjes verwisselen); nadeel ten hoogste € 150",
    ),
    OffenceEntry(
        "350 Sr",
        "Vernieling of beschadiging",
        _years("2"),
        CRIME,
        B,
        "art. 350 lid 1 Sr; art. 67 lid 1 sub b Sv",
        halt=HALT,
        halt_condition=f"ook graffiti; {GOODS_DAMAGE}",
    ),
    OffenceEntry(
        "351 Sr",
        "Vernieling van een werk ten algemenen nutte",
        _years("3"),
        CRIME,
        B,
        "art. 351 Sr; art. 67 lid 1 sub b Sv",
    ),
    OffenceEntry(
        "416 lid 1 Sr",
        "Opzetheling",
        _years("4"),
        CRIME,
        A,
        "art. 416 lid 1 Sr; art. 67 lid 1 sub a Sv",
        halt=HALT,
        halt_condition=THEFT_VALUE,
    ),
    OffenceEntry(
        "417bis Sr",
        "Schuldheling",
        _years("1"),
        CRIME,
        B,
        "art. 417bis Sr; art. 67 lid 1 sub b Sv",
        halt=HALT,
        halt_condition=THEFT_VALUE,
    ),
    # --- Overtredingen (Derde Boek Sr): geen gevangenisstraf, dus geen voorlopige hechtenis ---
    OffenceEntry(
        "424 Sr",
        "Baldadigheid (straatschenderij)",
        _years("0"),
        INFRACTION,
        NO,
        "art. 424 Sr (overtreding)",
        halt=HALT,
        halt_condition=GOODS_DAMAGE,
    ),
    OffenceEntry(
        "453 Sr",
        "Openbare dronkenschap",
        _years("0"),
        INFRACTION,
        NO,
        "art. 453 Sr (overtreding; hechtenis)",
        halt=HALT,
    ),
    OffenceEntry(
        "461 Sr",
        "Zich zonder recht bevinden op verboden grond",
        _years("0"),
        INFRACTION,
        NO,
        "art. 461 Sr (overtreding; alleen geldboete)",
        halt=HALT,
    ),
    # --- Bijzondere wetten ----------------------------------------------------------------------
    OffenceEntry(
        "2 jo 10 lid 3 Opiumwet",
        "Harddrugs (lijst I) aanwezig hebben",
        _years("6"),
        CRIME,
        A,
        "art. 10 lid 3 jo. art. 2 onder C Opiumwet; art. 67 lid 1 sub a Sv",
    ),
    OffenceEntry(
        "3 jo 11 lid 2 Opiumwet",
        "Softdrugs (lijst II) aanwezig hebben, opzettelijk",
        _years("2"),
        CRIME,
        C,
        "art. 11 lid 2 jo. art. 3 onder C Opiumwet; art. 67 lid 1 sub c Sv",
    ),
    OffenceEntry(
        "8 WVW",
        "Rijden onder invloed",
        _years("1"),
        CRIME,
        NO,
        "art. 8 jo. art. 176 lid 1 WVW 1994 (sinds 1 januari 2020 ten hoogste een jaar)",
    ),
    OffenceEntry(
        "7 WVW",
        "Doorrijden na een ongeval",
        _years("1"),
        CRIME,
        NO,
        "art. 7 jo. art. 176 WVW 1994 (sinds 1 januari 2020 ten hoogste een jaar)",
    ),
)

BY_CODE: dict[str, OffenceEntry] = {entry.code: entry for entry in CATALOGUE}

# How offences are commonly cited without their lid: the base offence of the article. A police export
# that says "300 Sr" means eenvoudige mishandeling, not the aggravated forms of lid 2 or 3.
ALIASES: dict[str, str] = {
    "138 Sr": "138 lid 1 Sr",
    "141 Sr": "141 lid 1 Sr",
    "157 Sr": "157 sub 1 Sr",
    "285 Sr": "285 lid 1 Sr",
    "300 Sr": "300 lid 1 Sr",
    "300/304 Sr": "300 lid 1 jo 304 sub 1 Sr",
    "302 Sr": "302 lid 1 Sr",
    "311 Sr": "311 lid 1 Sr",
    "312 Sr": "312 lid 1 Sr",
    "326 Sr": "326 lid 1 Sr",
    "350 lid 1 Sr": "350 Sr",
    "416 Sr": "416 lid 1 Sr",
    "8 WVW 1994": "8 WVW",
    "7 WVW 1994": "7 WVW",
}

_SPACES = re.compile(r"\s+")
_ARTICLE_WORDS = re.compile(r"^(art\.?|artikel)\s+", re.IGNORECASE)
_ORDINAL = re.compile(r"(\d)°")


def normalise_code(code: str) -> str:
    """ "art. 310  Sr" → "310 Sr", "300 lid 1 jo. 304 sub 1° Sr" → "300 lid 1 jo 304 sub 1 Sr"."""
    text = _SPACES.sub(" ", code.strip())
    text = _ARTICLE_WORDS.sub("", text)
    text = _ORDINAL.sub(r"\1", text).replace("jo.", "jo").replace("onder", "sub")
    text = re.sub(r"\bsr\b", "Sr", text, flags=re.IGNORECASE)
    return text


def entry_for(code: str) -> OffenceEntry | None:
    """The catalogue entry for a code as police systems write it, or None for an offence we do not list."""
    normal = normalise_code(code)
    return BY_CODE.get(ALIASES.get(normal, normal))
