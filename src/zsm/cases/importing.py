"""Importing ZSM cases from a CSV file (`zsm import-cases`): reading the file, checking each row, and
registering each good row through `case_register` in its own transaction.

The format is documented in docs/import-cases.md. Parsing here only checks the *form* of a cell (a date,
a number, ja/nee, a length); whether a case is valid (a real BSN, the holding order after the arrest, …)
is decided by `case_register`, the same rules as the intake form and the API. A row that fails either
check is rolled back entirely: nothing of it remains, not a person, a case or an audit event.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, transaction

from zsm.accounts.selectors import membership_active
from zsm.cases.catalogue import entry_for
from zsm.cases.constants import OffenceKind
from zsm.cases.models import Case
from zsm.cases.services import CaseInput, OffenceInput, SuspectInput, VictimInput, case_register
from zsm.common.clock import AMSTERDAM
from zsm.common.exceptions import ApplicationError

MAX_OFFENCES = 3

# column -> maximum length (None: no text limit, the value is parsed)
CASE_COLUMNS: dict[str, int | None] = {
    "registratienummer": 40,
    "aanhouding": None,
    "ophouden": None,
    "pleegdatum": None,
    "parketnummer": 12,
    "voornamen": 200,
    "tussenvoegsel": 30,
    "achternaam": 200,
    "geboortedatum": None,
    "bsn": 9,
    "straat": 200,
    "postcode": 7,
    "woonplaats": 100,
    "pleeggemeente": 100,
    "pleegpostcode": 7,
    "huiselijk_geweld": None,
    "slachtoffer_naam": 200,
    "slachtoffer_telefoon": 30,
    "slachtoffer_email": 254,
    "slachtoffer_adres": 250,
    "slachtoffer_naar_shn": None,
}
OFFENCE_COLUMNS: dict[str, int | None] = {
    "code": 30,
    "omschrijving": 200,
    "voorlopige_hechtenis": None,
    "strafmaximum": None,
    "soort": 12,
}
COLUMNS: dict[str, int | None] = {
    **CASE_COLUMNS,
    **{
        f"feit{n}_{name}": limit
        for n in range(1, MAX_OFFENCES + 1)
        for name, limit in OFFENCE_COLUMNS.items()
    },
}  # fmt: skip
REQUIRED_COLUMNS = ("registratienummer", "aanhouding", "ophouden", "voornamen", "achternaam", "geboortedatum",
                    "feit1_code")  # fmt: skip

# Field names in `case_register`'s errors -> the CSV column the user has to fix.
SERVICE_FIELD_COLUMNS = {
    "police_registration_number": "registratienummer",
    "arrested_at": "aanhouding",
    "holding_ordered_at": "ophouden",
    "offence_date": "pleegdatum",
    "parketnummer": "parketnummer",
    "offences": "feit1_code",
    "suspect": "bsn",
    "suspect.bsn": "bsn",
    "suspect.date_of_birth": "geboortedatum",
    "suspect.given_names": "voornamen",
    "suspect.surname": "achternaam",
}
_OFFENCE_FIELD = re.compile(r"^offences\[(\d+)\]\.(\w+)$")
_OFFENCE_FIELD_COLUMNS = {
    "code": "code",
    "description": "omschrijving",
    "pretrial_detention_allowed": "voorlopige_hechtenis",
    "max_penalty_years": "strafmaximum",
    "kind": "soort",
}

TRUE_WORDS = frozenset({"ja", "j", "1", "waar", "true", "yes", "y", "x"})
FALSE_WORDS = frozenset({"nee", "n", "0", "onwaar", "false", "no"})
DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y")
DATETIME_FORMATS = ("%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%d/%m/%Y %H:%M")


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header); no row is imported."""


@dataclass(frozen=True)
class RowError:
    row: int  # the row as a spreadsheet numbers it: the header is row 1
    column: str  # "" when the error concerns the row as a whole
    message: str


@dataclass
class ParsedRow:
    row: int
    data: CaseInput | None
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportReport:
    total: int = 0
    imported: list[tuple[int, int]] = field(default_factory=list)  # (row, case pk; 0 in a dry run)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})


# --- Reading the file ---------------------------------------------------------------------------------


def _column_name(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def read_rows(raw: bytes) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a CSV file as (row number, {column: value}); blank rows are skipped."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"Het bestand is geen UTF-8 (fout bij byte {error.start}). Sla het op als 'CSV UTF-8'."
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as error:
        raise ImportFileError(f"Het bestand is geen geldige CSV: {error}.") from error
    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportFileError("Het bestand is leeg: de eerste rij moet de kolomnamen bevatten.")
    header = [_column_name(cell) for cell in records[0]]
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        raise ImportFileError(f"Onbekende kolom(men): {', '.join(unknown)}. Zie docs/import-cases.md.")
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        raise ImportFileError(f"Kolom(men) staan dubbel in de kopregel: {', '.join(duplicates)}.")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(f"Verplichte kolom(men) ontbreken: {', '.join(missing)}.")
    rows = []
    for index, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        values = {name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(header) if name}
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            values["__extra__"] = "1"
        rows.append((index, values))
    return rows


# --- Checking one row -----------------------------------------------------------------------------------


class _Row:
    def __init__(self, number: int, values: dict[str, str]) -> None:
        self.number = number
        self.values = values
        self.errors: list[RowError] = []

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.values.get(column, "")
        limit = COLUMNS.get(column)
        if required and not value:
            self.error(column, "Dit veld is verplicht.")
        elif limit is not None and len(value) > limit:
            self.error(column, f"Maximaal {limit} tekens (nu {len(value)}).")
        return value

    def boolean(self, column: str, *, default: bool = False, required: bool = False) -> bool:
        value = self.values.get(column, "").lower()
        if not value:
            if required:
                self.error(column, "Vul ja of nee in.")
            return default
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        self.error(column, f"Vul ja of nee in (niet '{self.values[column]}').")
        return default

    def day(self, column: str, *, required: bool = False) -> date | None:
        value = self.values.get(column, "")
        if not value:
            if required:
                self.error(column, "Dit veld is verplicht.")
            return None
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(value, pattern).date()
            except ValueError:
                continue
        self.error(column, f"Geen geldige datum: '{value}'. Gebruik dd-mm-jjjj of jjjj-mm-dd.")
        return None

    def moment(self, column: str) -> datetime | None:
        value = self.values.get(column, "")
        if not value:
            self.error(column, "Dit veld is verplicht.")
            return None
        parsed = parse_moment(value)
        if parsed is None:
            self.error(
                column,
                f"Geen geldige datum en tijd: '{value}'. Gebruik dd-mm-jjjj uu:mm of ISO 8601 (jjjj-mm-ddTuu:mm).",
            )
        elif parsed == "nonexistent":
            self.error(column, f"'{value}' bestaat niet in Nederland (de klok ging die nacht een uur vooruit).")
            return None
        return parsed if isinstance(parsed, datetime) else None

    def decimal(self, column: str, *, required: bool = False) -> Decimal | None:
        value = self.values.get(column, "").replace(",", ".")
        if not value:
            if required:
                self.error(column, "Dit veld is verplicht.")
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.error(column, f"Geen geldig getal: '{self.values[column]}'.")
            return None
        if not number.is_finite() or number < 0 or number >= 100:
            self.error(column, "Vul het wettelijk strafmaximum in jaren in (0 tot 100), bijvoorbeeld 4 of 0,25.")
            return None
        return number.quantize(Decimal("0.01"))


def parse_moment(value: str) -> datetime | str | None:
    """An aware datetime from ISO 8601 or "dd-mm-jjjj uu:mm"; without an offset it is Amsterdam time.

    Returns None when unreadable and "nonexistent" for a wall-clock time skipped by the spring DST change.
    A time that occurs twice (the autumn change) is read as its first occurrence.
    """
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        for pattern in DATETIME_FORMATS:
            try:
                parsed = datetime.strptime(value, pattern)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    if parsed.tzinfo is not None:
        return parsed
    local = parsed.replace(tzinfo=AMSTERDAM, fold=0)
    # A skipped wall-clock time does not survive the round trip through UTC.
    if local.astimezone(UTC).astimezone(AMSTERDAM).replace(tzinfo=None) != parsed:
        return "nonexistent"
    return local


def parse_row(number: int, values: dict[str, str]) -> ParsedRow:
    """Check the form of one row and turn it into the service's CaseInput (None when it has errors)."""
    row = _Row(number, values)
    if values.get("__extra__"):
        row.error("", "Deze rij heeft meer cellen dan de kopregel kolommen heeft.")
    offences = []
    for n in range(1, MAX_OFFENCES + 1):
        offence = _offence(row, n)
        if offence is not None:
            offences.append(offence)
    if not offences and not any(error.column.startswith("feit") for error in row.errors):
        row.error("feit1_code", "Vul ten minste één feit in.")
    bsn = row.text("bsn")
    if bsn and not bsn.isdigit():
        row.error("bsn", "Een BSN bestaat uit 9 cijfers.")
    victims = []
    if row.values.get("slachtoffer_naam") or any(
        row.values.get(column) for column in ("slachtoffer_telefoon", "slachtoffer_email", "slachtoffer_adres")
    ):
        email = row.text("slachtoffer_email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.error("slachtoffer_email", f"Geen geldig e-mailadres: '{email}'.")
        victims.append(
            VictimInput(
                name=row.text("slachtoffer_naam", required=True),
                phone=row.text("slachtoffer_telefoon"),
                email=email,
                address=row.text("slachtoffer_adres"),
                refer_to_victim_support=row.boolean("slachtoffer_naar_shn"),
            )
        )
    elif row.values.get("slachtoffer_naar_shn") and row.boolean("slachtoffer_naar_shn"):
        row.error("slachtoffer_naam", "Aanmelden bij Slachtofferhulp kan alleen met de naam van het slachtoffer.")
    registration = row.text("registratienummer", required=True)
    arrested_at = row.moment("aanhouding")
    ordered_at = row.moment("ophouden")
    birth = row.day("geboortedatum", required=True)
    given_names, surname_prefix = row.text("voornamen", required=True), row.text("tussenvoegsel")
    surname, street = row.text("achternaam", required=True), row.text("straat")
    postcode, municipality = row.text("postcode"), row.text("woonplaats")
    offence_date = row.day("pleegdatum")
    parketnummer = row.text("parketnummer")
    incident_municipality, incident_postcode = row.text("pleeggemeente"), row.text("pleegpostcode")
    domestic_violence = row.boolean("huiselijk_geweld")
    if row.errors or arrested_at is None or ordered_at is None or birth is None:
        return ParsedRow(number, None, row.errors)
    data = CaseInput(
        police_registration_number=registration,
        arrested_at=arrested_at,
        holding_ordered_at=ordered_at,
        suspect=SuspectInput(
            given_names=given_names,
            surname_prefix=surname_prefix,
            surname=surname,
            date_of_birth=birth,
            bsn=bsn,
            street=street,
            postcode=postcode,
            municipality=municipality,
        ),
        offences=offences,
        victims=victims,
        offence_date=offence_date,
        parketnummer=parketnummer,
        domestic_violence=domestic_violence,
        incident_municipality=incident_municipality,
        incident_postcode=incident_postcode,
    )
    return ParsedRow(number, data, [])


def _offence(row: _Row, n: int) -> OffenceInput | None:
    prefix = f"feit{n}_"
    cells = {name: row.values.get(prefix + name, "") for name in OFFENCE_COLUMNS}
    if not any(cells.values()):
        return None
    code = row.text(prefix + "code")
    if not code:
        row.error(prefix + "code", "Vul de code van het feit in (bijvoorbeeld 310 Sr).")
        return None
    known = entry_for(code)
    description = row.text(prefix + "omschrijving") or (known.description if known else "")
    if not description:
        row.error(prefix + "omschrijving", "Vul de omschrijving in (de code staat niet in de catalogus).")
    # For a catalogue offence the facts come from the catalogue; a filled-in value must agree (the service says so).
    pretrial = row.boolean(prefix + "voorlopige_hechtenis") if cells["voorlopige_hechtenis"] else None
    if pretrial is None and known is None:
        row.error(prefix + "voorlopige_hechtenis", "Vul ja of nee in (de code staat niet in de catalogus).")
    maximum = row.decimal(prefix + "strafmaximum") if cells["strafmaximum"] else None
    if maximum is None and known is None and not cells["strafmaximum"]:
        row.error(prefix + "strafmaximum", "Vul het strafmaximum in jaren in (de code staat niet in de catalogus).")
    kind = _kind(row, prefix + "soort") if cells["soort"] else ""
    if not description or (known is None and (pretrial is None or maximum is None)):
        return None
    return OffenceInput(code, description, pretrial, maximum, kind)


def _kind(row: _Row, column: str) -> str:
    value = row.text(column).lower()
    if value in OffenceKind.values:
        return value
    row.error(column, "Vul misdrijf of overtreding in.")
    return ""


# --- Registering ------------------------------------------------------------------------------------------


def service_errors(number: int, error: ApplicationError) -> list[RowError]:
    """`case_register`'s refusal as row errors, each on the CSV column to fix."""
    if not error.field_errors:
        return [RowError(number, "", error.message)]
    result: list[RowError] = []
    for name, messages in error.field_errors.items():
        column = SERVICE_FIELD_COLUMNS.get(name, name)
        match = _OFFENCE_FIELD.match(name)
        if match:
            column = f"feit{int(match[1]) + 1}_{_OFFENCE_FIELD_COLUMNS.get(match[2], match[2])}"
        result.extend(RowError(number, column, message) for message in messages)
    return result


class _DryRunRollbackError(Exception):
    """Raised inside a row's transaction to roll back a row that passed (`--dry-run`)."""


def import_cases(
    *,
    user: Any,
    rows: Iterable[tuple[int, dict[str, str]]],
    dry_run: bool = False,
    request_id: str = "",
    progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> ImportReport:
    """Register every row through `case_register`, each in its own transaction; a failing row leaves nothing."""
    rows = list(rows)
    report = ImportReport(total=len(rows), dry_run=dry_run)
    membership = membership_active(user=user)
    cases_here = Case.objects.filter(location_id=membership.location_id) if membership else Case.objects.none()
    seen: set[str] = set()
    for done, (number, values) in enumerate(rows, start=1):
        parsed = parse_row(number, values)
        errors = list(parsed.errors)
        if parsed.data is not None:
            registration = parsed.data.police_registration_number
            if registration in seen or cases_here.filter(police_registration_number=registration).exists():
                errors.append(RowError(number, "registratienummer", "Deze zaak is al geregistreerd (zelfde nummer)."))
            seen.add(registration)
        if parsed.data is not None and not errors:
            try:
                with transaction.atomic():
                    case = case_register(user=user, data=parsed.data, request_id=request_id)
                    if dry_run:
                        raise _DryRunRollbackError
                report.imported.append((number, case.pk))
            except _DryRunRollbackError:
                report.imported.append((number, 0))
            except ApplicationError as error:
                errors.extend(service_errors(number, error))
            except (ValidationError, DatabaseError) as error:
                errors.append(RowError(number, "", f"De zaak kon niet worden opgeslagen: {error}"))
        report.errors.extend(errors)
        progress(done, report.total)
    return report
