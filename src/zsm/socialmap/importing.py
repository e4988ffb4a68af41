"""The social map as a CSV file: the export (`socialmap:export`) and the import (`socialmap:import`,
`zsm import_social_map`) read and write the same columns, so an export can be corrected in a spreadsheet
and imported again. The columns are documented in docs/import-social-map.md.

An institution is recognised by its name and municipality (case-insensitive): a known one is updated, an
unknown one added. Every good row goes through `institution_save` in its own transaction: a row the
service refuses leaves nothing behind. A dry run does the same and rolls every row back.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from zsm.common.exceptions import ApplicationError
from zsm.socialmap.constants import InstitutionKind, Need
from zsm.socialmap.models import Institution
from zsm.socialmap.selectors import institution_list
from zsm.socialmap.services import AreaInput, ContactInput, InstitutionInput, ServiceInput, institution_save

LIST_SEPARATOR = "|"
MAX_FILE_BYTES = 1_000_000

# column -> maximum length (None: parsed, not a plain text)
COLUMNS: dict[str, int | None] = {
    "naam": 200,
    "soort": None,
    "gemeente": 100,
    "adres": 200,
    "postcode": 7,
    "plaats": 100,
    "telefoon": 30,
    "email": 254,
    "website": 200,
    "openingstijden": 200,
    "omschrijving": 5000,
    "actief": None,
    "behoeften": None,
    "diensten": None,
    "gebieden": None,
    "contactpersoon": 200,
    "contact_email": 254,
    "geverifieerd_op": None,
}
REQUIRED_COLUMNS = ("naam", "soort", "gemeente", "behoeften", "gebieden")

# Field names in `institution_save`'s errors -> the column to fix.
FIELD_COLUMNS = {
    "name": "naam",
    "kind": "soort",
    "municipality": "gemeente",
    "street_address": "adres",
    "postcode": "postcode",
    "city": "plaats",
    "phone": "telefoon",
    "email": "email",
    "website": "website",
    "opening_hours": "openingstijden",
    "description": "omschrijving",
    "services": "behoeften",
    "areas": "gebieden",
    "contacts": "contactpersoon",
}
NESTED_COLUMNS = {
    ("services", "need"): "behoeften",
    ("services", "name"): "diensten",
    ("areas", ""): "gebieden",
    ("contacts", "name"): "contactpersoon",
    ("contacts", "email"): "contact_email",
}
_NESTED = re.compile(r"^(services|areas|contacts)\.(\d+)(?:\.(\w+))?$")
_RANGE = re.compile(r"^(\d{4})(?:\s*[-–]\s*(\d{4}))?$")

TRUE_WORDS = frozenset({"ja", "j", "1", "waar", "true", "yes", "y", "x"})
FALSE_WORDS = frozenset({"nee", "n", "0", "onwaar", "false", "no"})


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header, size); no row is imported."""


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str  # "" when the error is about the row as a whole
    message: str


@dataclass
class ImportReport:
    total: int = 0
    added: list[tuple[int, str]] = field(default_factory=list)  # (row, institution name)
    updated: list[tuple[int, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})

    @property
    def good_rows(self) -> int:
        return len(self.added) + len(self.updated)


# --- Export ------------------------------------------------------------------------------------------------


def _areas_cell(institution: Institution) -> str:
    return LIST_SEPARATOR.join(f"{a.postcode_from}-{a.postcode_to}" for a in institution.areas.all())


def institution_row(institution: Institution) -> list[str]:
    """One institution as a CSV row; its items come from the prefetch (`institution_list`)."""
    services = [s for s in institution.services.all() if s.active]
    contacts = list(institution.contact_persons.all())
    referral_contact = next((c for c in contacts if c.receives_referrals), None)
    values = {
        "naam": institution.name,
        "soort": institution.kind,
        "gemeente": institution.municipality,
        "adres": institution.street_address,
        "postcode": institution.postcode,
        "plaats": institution.city,
        "telefoon": institution.phone,
        "email": institution.email,
        "website": institution.website,
        "openingstijden": institution.opening_hours,
        "omschrijving": institution.description,
        "actief": "ja" if institution.active else "nee",
        "behoeften": LIST_SEPARATOR.join(s.need for s in services),
        "diensten": LIST_SEPARATOR.join(s.name.replace(LIST_SEPARATOR, "/") for s in services),
        "gebieden": _areas_cell(institution),
        "contactpersoon": referral_contact.name if referral_contact else "",
        "contact_email": referral_contact.email if referral_contact else "",
        "geverifieerd_op": institution.verified_on.isoformat() if institution.verified_on else "",
    }
    return [values[column] for column in COLUMNS]


def export_csv(institutions: Iterable[Institution]) -> str:
    """The whole map as CSV text (comma-separated, UTF-8), the header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for institution in institutions:
        writer.writerow(institution_row(institution))
    return buffer.getvalue()


# --- Reading the file ------------------------------------------------------------------------------------


def decode(raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise ImportFileError(_("The file is too large: at most 1 MB."))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file is not UTF-8 (error at byte %(byte)s). Save it as 'CSV UTF-8'.") % {"byte": error.start}
        ) from error


def _column_name(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows of the CSV text as (row number, {column: value}); blank rows are skipped."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(_("The file is not a valid CSV file: %(error)s.") % {"error": error}) from error
    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportFileError(_("The file is empty: the first row must hold the column names."))
    header = [_column_name(cell) for cell in records[0]]
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        raise ImportFileError(
            _("Unknown column(s): %(columns)s. See docs/import-social-map.md.") % {"columns": ", ".join(unknown)}
        )
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        raise ImportFileError(
            _("Column(s) appear twice in the header: %(columns)s.") % {"columns": ", ".join(duplicates)}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(_("Required column(s) missing: %(columns)s.") % {"columns": ", ".join(missing)})
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        values = {name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(header) if name}
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            values["__extra__"] = "1"
        rows.append((number, values))
    return rows


# --- Checking one row ------------------------------------------------------------------------------------


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR)] if value.strip() else []


def _choice(value: str, choices: list[tuple[str, Any]]) -> str | None:
    """A code, or a label in the current language, case-insensitively."""
    wanted = value.strip().lower()
    for code, label in choices:
        if wanted in (code.lower(), str(label).lower()):
            return code
    return None


class _Row:
    def __init__(self, number: int, values: dict[str, str]) -> None:
        self.number = number
        self.values = values
        self.errors: list[RowError] = []

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def text(self, column: str) -> str:
        value = self.values.get(column, "")
        limit = COLUMNS.get(column)
        if limit is not None and len(value) > limit:
            self.error(
                column, _("At most %(limit)s characters (now %(length)s).") % {"limit": limit, "length": len(value)}
            )
        return value

    def boolean(self, column: str, *, default: bool) -> bool:
        value = self.values.get(column, "").lower()
        if not value:
            return default
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        self.error(column, _("Fill in ja or nee (not '%(value)s').") % {"value": self.values[column]})
        return default


@dataclass
class ParsedRow:
    number: int
    data: InstitutionInput | None
    errors: list[RowError]


def parse_row(number: int, values: dict[str, str], existing: Institution | None = None) -> ParsedRow:
    """Check the form of one row and turn it into the service's input. For an institution already on the
    map, items that stay keep their id, and what the file does not describe is kept: inactive services and
    contact persons other than the referral contact."""
    row = _Row(number, values)
    if values.get("__extra__"):
        row.error("", _("This row has more cells than the header has columns."))
    kind = _choice(values.get("soort", ""), InstitutionKind.choices)
    if kind is None:
        row.error("soort", _("Unknown kind '%(value)s': use one of %(codes)s.") % {
            "value": values.get("soort", ""), "codes": ", ".join(InstitutionKind.values)})  # fmt: skip
    services = _services(row, existing)
    areas = _areas(row, existing)
    contacts = _contacts(row, existing)
    data = InstitutionInput(
        name=row.text("naam"),
        kind=kind or "",
        municipality=row.text("gemeente"),
        street_address=row.text("adres"),
        postcode=row.text("postcode"),
        city=row.text("plaats"),
        phone=row.text("telefoon"),
        email=row.text("email"),
        website=row.text("website"),
        opening_hours=row.text("openingstijden"),
        description=row.text("omschrijving"),
        active=row.boolean("actief", default=True),
        services=services,
        areas=areas,
        contacts=contacts,
    )
    return ParsedRow(number, None if row.errors else data, row.errors)


def _services(row: _Row, existing: Institution | None) -> list[ServiceInput]:
    needs = _split(row.values.get("behoeften", ""))
    names = _split(row.values.get("diensten", ""))
    if names and len(names) != len(needs):
        row.error("diensten", _("Give one service name per need (%(needs)s needs, %(names)s names).") % {
            "needs": len(needs), "names": len(names)})  # fmt: skip
        return []
    current = list(existing.services.all()) if existing is not None else []
    result: list[ServiceInput] = []
    used: set[int] = set()
    for index, value in enumerate(needs):
        need = _choice(value, Need.choices)
        if need is None:
            row.error("behoeften", _("Unknown need '%(value)s': use one of %(codes)s.") % {
                "value": value, "codes": ", ".join(Need.values)})  # fmt: skip
            continue
        name = names[index] if names else str(Need(need).label)
        match = next((s for s in current if s.pk not in used and s.need == need and s.name == name), None)
        match = match or next((s for s in current if s.pk not in used and s.need == need), None)
        if match is not None:
            used.add(match.pk)
        result.append(
            ServiceInput(
                need=need,
                name=name,
                description=match.description if match else "",
                id=match.pk if match else None,
            )
        )
    # Inactive services are not in the file; they stay as they are.
    result.extend(
        ServiceInput(need=s.need, name=s.name, description=s.description, active=False, id=s.pk)
        for s in current
        if not s.active and s.pk not in used
    )
    return result


def _areas(row: _Row, existing: Institution | None) -> list[AreaInput]:
    current = {(a.postcode_from, a.postcode_to): a for a in existing.areas.all()} if existing is not None else {}
    result: list[AreaInput] = []
    for value in _split(row.values.get("gebieden", "")):
        match = _RANGE.match(value)
        if match is None:
            row.error("gebieden", _("'%(value)s' is not a postcode range such as 3500-3585.") % {"value": value})
            continue
        first = int(match[1])
        last = int(match[2]) if match[2] else first
        known = current.pop((first, last), None)
        result.append(
            AreaInput(
                postcode_from=first,
                postcode_to=last,
                municipality=known.municipality if known else "",
                id=known.pk if known else None,
            )
        )
    return result


def _contacts(row: _Row, existing: Institution | None) -> list[ContactInput]:
    name, email = row.text("contactpersoon"), row.text("contact_email")
    current = list(existing.contact_persons.all()) if existing is not None else []
    if not name and not email:
        return [ContactInput(**_contact_values(c)) for c in current]
    if not name:
        row.error("contactpersoon", _("Fill in the name of the contact person who receives referrals."))
    match = next((c for c in current if email and c.email.lower() == email.lower()), None) or next(
        (c for c in current if c.name == name), None
    )
    result = [
        ContactInput(
            name=name,
            function=match.function if match else "",
            phone=match.phone if match else "",
            email=email,
            receives_referrals=True,
            id=match.pk if match else None,
        )
    ]
    result.extend(ContactInput(**_contact_values(c)) for c in current if c is not match)
    return result


def _contact_values(contact: Any) -> dict[str, Any]:
    return {
        "name": contact.name,
        "function": contact.function,
        "phone": contact.phone,
        "email": contact.email,
        "receives_referrals": contact.receives_referrals,
        "id": contact.pk,
    }


# --- Importing -----------------------------------------------------------------------------------------------


def service_errors(number: int, error: ApplicationError) -> list[RowError]:
    """`institution_save`'s refusal as row errors, each on the column to fix."""
    if not error.field_errors:
        return [RowError(number, "", error.message)]
    result: list[RowError] = []
    for name, messages in error.field_errors.items():
        column = FIELD_COLUMNS.get(name, "")
        nested = _NESTED.match(name)
        if nested:
            column = NESTED_COLUMNS.get((nested[1], nested[3] or ""), FIELD_COLUMNS[nested[1]])
        result.extend(RowError(number, column, message) for message in messages)
    return result


class _DryRunRollbackError(Exception):
    """Raised inside a row's transaction to roll back a row that passed (dry run)."""


def _key(name: str, municipality: str) -> tuple[str, str]:
    return name.strip().lower(), municipality.strip().lower()


def import_map(
    *,
    user: Any,
    rows: Iterable[tuple[int, dict[str, str]]],
    dry_run: bool = False,
    request_id: str = "",
    progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> ImportReport:
    """Save every row through `institution_save`, each in its own transaction; a refused row leaves nothing."""
    rows = list(rows)
    report = ImportReport(total=len(rows), dry_run=dry_run)
    known = {_key(i.name, i.municipality): i for i in institution_list(user=user)}
    seen: set[tuple[str, str]] = set()
    for done, (number, values) in enumerate(rows, start=1):
        key = _key(values.get("naam", ""), values.get("gemeente", ""))
        existing = known.get(key)
        parsed = parse_row(number, values, existing)
        errors = list(parsed.errors)
        if key in seen and key[0]:
            errors.append(RowError(number, "naam", _("This institution is already in an earlier row of the file.")))
        seen.add(key)
        if parsed.data is not None and not errors:
            try:
                with transaction.atomic():
                    institution_save(
                        user=user,
                        data=parsed.data,
                        institution_id=existing.pk if existing else None,
                        expected_version=existing.version if existing else None,
                        request_id=request_id,
                    )
                    if dry_run:
                        raise _DryRunRollbackError
            except _DryRunRollbackError:
                pass
            except ApplicationError as error:
                errors.extend(service_errors(number, error))
            except DatabaseError as error:
                errors.append(RowError(number, "", _("The row could not be saved: %(error)s") % {"error": error}))
        if not errors:
            (report.updated if existing else report.added).append((number, parsed.data.name if parsed.data else ""))
        report.errors.extend(errors)
        progress(done, report.total)
    return report
