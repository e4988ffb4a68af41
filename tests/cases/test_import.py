"""`zsm import-cases`: every good row registered through `case_register`, every bad row rolled back entirely."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.cases import importing
from zsm.cases.constants import Partner
from zsm.cases.holding import examining_judge_deadline, holding_deadline
from zsm.cases.importing import parse_moment, read_rows
from zsm.cases.models import Case, CaseOffence, Screening, Victim
from zsm.common.clock import AMSTERDAM
from zsm.common.exceptions import ApplicationError
from zsm.persons.models import Person

HEADER = (
    "registratienummer;aanhouding;ophouden;voornamen;tussenvoegsel;achternaam;geboortedatum;bsn;woonplaats;"
    "feit1_code;feit1_omschrijving;feit1_voorlopige_hechtenis;feit1_strafmaximum;feit2_code;"
    "slachtoffer_naam;slachtoffer_naar_shn"
)
GOOD_ROWS = [
    "PL-1;02-03-2026 10:15;02-03-2026 10:40;Jan;van der;Berg;14-02-1990;999990019;Utrecht;310 Sr;;;;;;",
    "PL-2;2026-03-02T11:02;2026-03-02T11:30;Fleur;;Visser;03-09-2010;;Zeist;300 Sr;;;;266 Sr;Anna de Jong;ja",
    'PL-3;02-03-2026 12:00;02-03-2026 12:20;Kees;de;Boer;01-01-1970;;Amersfoort;138 lid 3 Sr;"Huisvredebreuk; '
    'met bedreiging";nee;2;;;',
]
BAD_BSN = "PL-4;02-03-2026 13:00;02-03-2026 13:10;Piet;;Fout;01-01-1980;123456789;Utrecht;310 Sr;;;;;;"
BAD_HOLDING = "PL-5;02-03-2026 14:00;02-03-2026 13:00;Klaas;;Vroeg;01-01-1985;;Utrecht;350 Sr;;;;;;"


def write_csv(tmp_path: Path, rows: list[str], *, bom: bool = False, delimiter: str = ";") -> Path:
    text = "\n".join([HEADER, *rows]) + "\n"
    if delimiter != ";":
        text = text.replace(";", delimiter)
    path = tmp_path / "zaken.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_cases", str(path), "--user", "politie", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(path: Path, *args: str) -> tuple[str, CommandError]:
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_cases", str(path), "--user", "politie", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue(), error.value


@pytest.mark.django_db
def test_a_good_file_imports_every_row(world: dict[str, User], tmp_path: Path) -> None:
    out, err = run(write_csv(tmp_path, GOOD_ROWS, bom=True))
    assert "3 geïmporteerd, 0 afgewezen" in out
    assert "3/3" in err  # the progress bar
    assert set(Case.objects.values_list("police_registration_number", flat=True)) == {"PL-1", "PL-2", "PL-3"}
    jan = Case.objects.get(police_registration_number="PL-1")
    ordered = datetime(2026, 3, 2, 10, 40, tzinfo=AMSTERDAM)
    assert jan.holding_ordered_at == ordered
    assert jan.holding_deadline == holding_deadline(ordered, pretrial_detention_allowed=True)  # 310 Sr: 9 hours
    assert jan.examining_judge_deadline == examining_judge_deadline(datetime(2026, 3, 2, 10, 15, tzinfo=AMSTERDAM))
    assert jan.suspect.bsn == "999990019"
    assert jan.suspect.surname_prefix == "van der"
    assert jan.registered_by == world["politie"]
    fleur = Case.objects.get(police_registration_number="PL-2")
    assert fleur.is_minor
    assert fleur.suspect_age == 15
    # "300 Sr" is read as the base offence of the article, with the catalogue's facts.
    assert [o.code for o in fleur.offences.all()] == ["300 lid 1 Sr", "266 Sr"]
    assert fleur.screenings.filter(partner=Partner.CHILD_PROTECTION).exists()
    assert Victim.objects.get(case=fleur).refer_to_victim_support
    kees = Case.objects.get(police_registration_number="PL-3")
    offence = kees.offences.get()
    assert (offence.code, offence.description, offence.pretrial_detention_allowed) == (
        "138 lid 3 Sr", "Huisvredebreuk; met bedreiging", False)  # fmt: skip
    assert str(offence.max_penalty_years) == "2.00"
    assert kees.holding_deadline == holding_deadline(kees.holding_ordered_at, pretrial_detention_allowed=False)
    assert AuditEvent.objects.filter(event="case.registered").count() == 3
    assert AuditEvent.objects.filter(event="case.registered").values("request_id").distinct().count() == 1


@pytest.mark.django_db
def test_comma_separated_file_is_read(world: dict[str, User], tmp_path: Path) -> None:
    rows = [GOOD_ROWS[0], GOOD_ROWS[1]]
    out, _err = run(write_csv(tmp_path, rows, delimiter=","))
    assert "2 geïmporteerd" in out
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_bad_rows_are_rejected_and_leave_no_trace(world: dict[str, User], tmp_path: Path) -> None:
    path = write_csv(tmp_path, [GOOD_ROWS[0], BAD_BSN, GOOD_ROWS[1], BAD_HOLDING])
    out, error = run_failing(path)
    assert error.returncode == 1
    assert "2 geïmporteerd, 2 afgewezen" in out
    lines = out.splitlines()
    assert any("rij     3" in line and "bsn" in line for line in lines)
    assert any("rij     5" in line and "ophouden" in line for line in lines)
    assert set(Case.objects.values_list("police_registration_number", flat=True)) == {"PL-1", "PL-2"}
    assert not Person.objects.filter(surname__in=["Fout", "Vroeg"]).exists()
    assert Person.objects.count() == 2
    assert AuditEvent.objects.filter(event="case.registered").count() == 2
    case_ids = {str(pk) for pk in Case.objects.values_list("pk", flat=True)}
    assert set(AuditEvent.objects.filter(object_type="cases.case").values_list("object_id", flat=True)) == case_ids


@pytest.mark.django_db
def test_a_row_failing_after_its_writes_is_rolled_back_entirely(
    world: dict[str, User], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refusal after the person, case and audit event were written still leaves nothing of the row."""
    real = importing.case_register

    def failing_for_fleur(**kwargs: object) -> Case:
        case = real(**kwargs)  # type: ignore[arg-type]
        if case.suspect.surname == "Visser":
            raise ApplicationError("Opslaan mislukt.", field_errors={"parketnummer": ["Bezet."]})
        return case

    monkeypatch.setattr(importing, "case_register", failing_for_fleur)
    out, _error = run_failing(write_csv(tmp_path, GOOD_ROWS))
    assert "2 geïmporteerd, 1 afgewezen" in out
    assert "parketnummer" in out
    assert not Person.objects.filter(surname="Visser").exists()
    assert not Case.objects.filter(police_registration_number="PL-2").exists()
    assert not Victim.objects.exists()
    assert not CaseOffence.objects.filter(code="266 Sr").exists()
    assert AuditEvent.objects.filter(event="case.registered").count() == 2
    assert Screening.objects.count() == 2 * 4


@pytest.mark.django_db
def test_dry_run_stores_nothing(world: dict[str, User], tmp_path: Path) -> None:
    audit_before = AuditEvent.objects.count()
    out, _err = run(write_csv(tmp_path, GOOD_ROWS), "--dry-run")
    assert "3 gecontroleerd, niets opgeslagen" in out
    assert not Case.objects.exists()
    assert not Person.objects.exists()
    assert AuditEvent.objects.count() == audit_before
    out, error = run_failing(write_csv(tmp_path, [*GOOD_ROWS, BAD_BSN]), "--dry-run")
    assert "1 afgewezen" in out
    assert error.returncode == 1
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_the_same_file_twice_imports_nothing_twice(world: dict[str, User], tmp_path: Path) -> None:
    path = write_csv(tmp_path, GOOD_ROWS)
    run(path)
    out, _error = run_failing(path)
    assert "0 geïmporteerd, 3 afgewezen" in out
    assert "al geregistreerd" in out
    assert Case.objects.count() == 3


@pytest.mark.django_db
def test_only_the_police_imports(world: dict[str, User], tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="geen politie"):
        call_command("import_cases", str(write_csv(tmp_path, GOOD_ROWS)), "--user", "officier", stdout=io.StringIO())
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_form_errors_name_the_cell(world: dict[str, User], tmp_path: Path) -> None:
    rows = [
        "PL-6;32-13-2026 10:00;02-03-2026 10:40;Jan;;Berg;14-02-1990;;;310 Sr;;;;;;",
        "PL-7;02-03-2026 10:00;02-03-2026 10:40;;;Berg;1990;;;999 XX;;misschien;vier;;;",
    ]
    out, _error = run_failing(write_csv(tmp_path, rows))
    for row, column in [(2, "aanhouding"), (3, "voornamen"), (3, "geboortedatum"), (3, "feit1_voorlopige_hechtenis"),
                        (3, "feit1_strafmaximum"), (3, "feit1_omschrijving")]:  # fmt: skip
        assert any(f"rij {row:>5}  {column} " in line for line in out.splitlines()), (row, column)
    assert not Case.objects.exists()


def test_a_file_with_an_unknown_column_is_refused() -> None:
    with pytest.raises(importing.ImportFileError, match="achternam"):
        read_rows(b"registratienummer;achternam\nPL-1;Berg\n")
    with pytest.raises(importing.ImportFileError, match="UTF-8"):
        read_rows("registratienummer;achternaam\nPL-1;Bérg\n".encode("latin-1"))


def test_times_without_offset_are_amsterdam_time() -> None:
    assert parse_moment("23-11-2026 14:05") == datetime(2026, 11, 23, 14, 5, tzinfo=AMSTERDAM)
    summer = parse_moment("2026-07-01T14:05")
    assert isinstance(summer, datetime)
    assert summer.utcoffset() == timedelta(hours=2)
    assert parse_moment("2026-11-23T13:05Z") == datetime(2026, 11, 23, 14, 5, tzinfo=AMSTERDAM)
    assert parse_moment("29-03-2026 02:30") == "nonexistent"  # the spring-forward gap
    assert parse_moment("gisteren") is None
