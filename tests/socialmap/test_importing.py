"""The social map as CSV: export, the two-step import page (check, then apply) and `zsm import_social_map`.
An export imports again unchanged; a bad row is reported by row and column and never half-lands."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from tests.socialmap.factories import institution_input, make_institution
from zsm.accounts.models import User
from zsm.socialmap.constants import Need
from zsm.socialmap.importing import COLUMNS, ImportFileError, export_csv, import_map, read_rows
from zsm.socialmap.models import ContactPerson, Institution, Service, ServiceArea
from zsm.socialmap.selectors import institution_list
from zsm.socialmap.services import ContactInput, InstitutionInput, ServiceInput, institution_save

pytestmark = pytest.mark.django_db

LoginAs = Callable[..., Client]
EXPORT = reverse("socialmap:export")
IMPORT = reverse("socialmap:import")
HEADER = ",".join(COLUMNS)


def row(**values: str) -> str:
    base = {
        "naam": "Kredietbank Nieuw",
        "soort": "schuldhulp",
        "gemeente": "Utrecht",
        "behoeften": "schuldhulp|schuldhulpmaatje",
        "diensten": "Schuldhulpverlening|Maatje",
        "gebieden": "3500-3585|3521",
        "contactpersoon": "Jan Intake",
        "contact_email": "jan@example.org",
        **values,
    }
    buffer = io.StringIO()
    csv.writer(buffer).writerow([base.get(column, "") for column in COLUMNS])
    return buffer.getvalue().strip("\r\n")


def csv_text(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def state() -> list[object]:
    return [
        list(Institution.objects.values().order_by("pk")),
        list(Service.objects.values().order_by("pk")),
        list(ServiceArea.objects.values().order_by("pk")),
        list(ContactPerson.objects.values().order_by("pk")),
    ]


def content(institution: Institution) -> dict[str, object]:
    """What the CSV describes of an institution, independent of ids and the verification date."""
    return {
        "fields": {name: getattr(institution, name) for name in ("name", "kind", "municipality", "email", "active")},
        "services": sorted((s.need, s.name, s.active) for s in institution.services.all()),
        "areas": sorted((a.postcode_from, a.postcode_to, a.municipality) for a in institution.areas.all()),
        "contacts": sorted((c.name, c.email, c.receives_referrals) for c in institution.contact_persons.all()),
    }


@pytest.fixture
def mapped(world: dict[str, User]) -> list[Institution]:
    first = make_institution(world, name="Schuldhulp Utrecht", areas=((3500, 3585), (3600, 3600)))
    data = institution_input(name="Wijkteam Zeist", need=Need.NEIGHBOURHOOD_TEAM, municipality="Zeist")
    data = InstitutionInput(
        **{
            **data.__dict__,
            "services": [*data.services, ServiceInput(need=Need.HOUSING, name="Oud project", active=False)],
            "contacts": [*data.contacts, ContactInput(name="Piet Balie", phone="030 111 2222")],
        }
    )
    second = institution_save(user=world["werkplaats"], data=data)
    return [first, second]


# --- Export --------------------------------------------------------------------------------------------------


def test_the_export_has_one_row_per_institution(login_as: LoginAs, mapped: list[Institution]) -> None:
    response = login_as("officier").get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["naam"] for r in rows] == ["Schuldhulp Utrecht", "Wijkteam Zeist"]
    assert rows[0]["behoeften"] == Need.DEBT_HELP
    assert rows[0]["gebieden"] == "3500-3585|3600-3600"
    assert rows[0]["contactpersoon"] == "Iris Intake"
    assert rows[0]["contact_email"] == "intake@example.org"
    assert rows[0]["geverifieerd_op"] == mapped[0].verified_on.isoformat()  # type: ignore[union-attr]
    assert rows[1]["behoeften"] == Need.NEIGHBOURHOOD_TEAM  # the inactive service is not exported


def test_export_then_import_changes_nothing(world: dict[str, User], mapped: list[Institution]) -> None:
    text = export_csv(institution_list(user=world["coordinator"]))
    before = [content(i) for i in institution_list(user=world["coordinator"])]
    ids = state()[1:]
    report = import_map(user=world["coordinator"], rows=read_rows(text))
    assert report.errors == []
    assert [name for _row, name in report.updated] == ["Schuldhulp Utrecht", "Wijkteam Zeist"]
    assert report.added == []
    assert [content(i) for i in institution_list(user=world["coordinator"])] == before
    assert [[item["id"] for item in items] for items in state()[1:]] == [  # type: ignore[attr-defined]
        [item["id"] for item in items]  # type: ignore[attr-defined]
        for items in ids
    ]


def test_an_export_fills_an_empty_map(world: dict[str, User], mapped: list[Institution]) -> None:
    text = export_csv(institution_list(user=world["coordinator"]))
    expected = [content(i) for i in institution_list(user=world["coordinator"])]
    Institution.objects.all().delete()
    report = import_map(user=world["beheer"], rows=read_rows(text))
    assert [name for _row, name in report.added] == ["Schuldhulp Utrecht", "Wijkteam Zeist"]
    imported = [content(i) for i in institution_list(user=world["coordinator"])]
    # Only what the file holds comes back: no area municipalities, no inactive services, no other contacts.
    assert imported[0]["services"] == expected[0]["services"]
    assert [a[:2] for a in imported[0]["areas"]] == [a[:2] for a in expected[0]["areas"]]  # type: ignore[index]
    assert imported[1]["contacts"] == [("Iris Intake", "intake@example.org", True)]


# --- Import: rows and their errors ---------------------------------------------------------------------------


def test_a_new_row_is_added_and_a_known_one_updated(world: dict[str, User], mapped: list[Institution]) -> None:
    text = csv_text(
        row(), row(naam="schuldhulp utrecht", behoeften="schuldhulp", diensten="Intake", gebieden="3500-3585")
    )
    report = import_map(user=world["coordinator"], rows=read_rows(text))
    assert report.errors == []
    assert report.added == [(2, "Kredietbank Nieuw")]
    assert report.updated == [(3, "schuldhulp utrecht")]
    new = Institution.objects.get(name="Kredietbank Nieuw")
    assert sorted(new.services.values_list("need", flat=True)) == [Need.DEBT_HELP, Need.DEBT_BUDDY]
    assert list(new.areas.values_list("postcode_from", "postcode_to")) == [(3500, 3585), (3521, 3521)]
    assert new.contact_persons.get().receives_referrals
    updated = Institution.objects.get(pk=mapped[0].pk)
    assert list(updated.services.values_list("name", flat=True)) == ["Intake"]
    assert list(updated.areas.values_list("postcode_from", "postcode_to")) == [(3500, 3585)]


def test_bad_rows_are_reported_by_row_and_column_and_never_half_land(
    world: dict[str, User], mapped: list[Institution]
) -> None:
    text = csv_text(
        row(naam="Goed"),
        row(naam="Verkeerde soort", soort="bakkerij"),
        row(naam="Verkeerd gebied", gebieden="3585-3500"),
        row(naam="Geen e-mail", contact_email=""),
        row(naam="Goed"),
    )
    before = state()
    report = import_map(user=world["coordinator"], rows=read_rows(text))
    errors = {(e.row, e.column): e.message for e in report.errors}
    assert report.added == [(2, "Goed")]
    assert set(errors) == {(3, "soort"), (4, "gebieden"), (5, "contact_email"), (6, "naam")}
    assert errors[(4, "gebieden")] == _("The first postcode of a range cannot come after the last.")
    assert errors[(5, "contact_email")] == _("A contact who receives referrals needs an e-mail address.")
    assert errors[(6, "naam")] == _("This institution is already in an earlier row of the file.")
    after = Institution.objects.exclude(name="Goed")
    assert list(after.values().order_by("pk")) == before[0]
    assert not Institution.objects.filter(name__in=["Verkeerde soort", "Verkeerd gebied", "Geen e-mail"]).exists()


def test_a_dry_run_saves_nothing(world: dict[str, User], mapped: list[Institution]) -> None:
    before = state()
    report = import_map(
        user=world["coordinator"], rows=read_rows(csv_text(row(), row(naam="Schuldhulp Utrecht"))), dry_run=True
    )
    assert report.added == [(2, "Kredietbank Nieuw")]
    assert report.updated == [(3, "Schuldhulp Utrecht")]
    assert state() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty: the first row must hold the column names."),
        ("naam,soort\n", "Required column(s) missing: %(columns)s."),
        (
            "naam,kleur,soort,gemeente,behoeften,gebieden\n",
            "Unknown column(s): %(columns)s. See docs/import-social-map.md.",
        ),
    ],
)
def test_a_file_that_cannot_be_read_imports_nothing(text: str, message: str) -> None:
    with pytest.raises(ImportFileError) as error:
        read_rows(text)
    assert str(error.value).startswith(_(message).split("%")[0])


def test_semicolons_are_read_too(world: dict[str, User]) -> None:
    text = (
        "naam;soort;gemeente;behoeften;gebieden;contactpersoon;contact_email\n"
        "Buurtteam;gemeente;Utrecht;wijkteam;3521-3525;;\n"
    )
    report = import_map(user=world["coordinator"], rows=read_rows(text))
    assert report.errors == []
    assert Institution.objects.get(name="Buurtteam").services.get().need == Need.NEIGHBOURHOOD_TEAM


# --- The import page -----------------------------------------------------------------------------------------------


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("kaart.csv", text.encode(), content_type="text/csv")


def test_the_page_checks_first_and_imports_on_request(login_as: LoginAs, mapped: list[Institution]) -> None:
    client = login_as("coordinator")
    assert client.get(IMPORT).status_code == 200
    text = csv_text(row(), row(naam="Fout", soort="bakkerij"))
    before = state()
    response = client.post(IMPORT, {"file": upload(text)})
    html = response.content.decode()
    assert response.status_code == 200
    assert state() == before  # the check saves nothing
    assert 'data-testid="row-errors"' in html
    assert "soort" in html
    assert 'name="csv_text"' in html
    response = client.post(IMPORT, {"csv_text": response.context["csv_text"]})
    assert response.status_code == 200
    assert response.context["applied"]
    assert Institution.objects.filter(name="Kredietbank Nieuw").exists()
    assert not Institution.objects.filter(name="Fout").exists()


def test_the_page_explains_an_unreadable_file(login_as: LoginAs, world: dict[str, User]) -> None:
    response = login_as("beheer").post(IMPORT, {"file": upload("naam,soort\n")})
    assert response.status_code == 400
    assert escape(_("Required column(s) missing: %(columns)s.") % {"columns": "gemeente, behoeften, gebieden"}) in (
        response.content.decode()
    )
    assert not Institution.objects.exists()


@pytest.mark.parametrize("username", ["werkplaats", "officier", "privacy"])
def test_only_importers_import(login_as: LoginAs, world: dict[str, User], username: str) -> None:
    client = login_as(username)
    assert client.post(IMPORT, {"csv_text": csv_text(row())}).status_code == 403
    assert not Institution.objects.exists()


# --- The command --------------------------------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kaart.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_command_imports_and_shows_progress(tmp_path: Path, world: dict[str, User]) -> None:
    path = write(tmp_path, csv_text(*(row(naam=f"Instelling {n}") for n in range(12))))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_social_map", str(path), "--user", "coordinator", stdout=out, stderr=err)
    assert Institution.objects.count() == 12
    assert "12/12" in err.getvalue()
    assert "1/12" in err.getvalue()
    assert "12 nieuw" in out.getvalue()


def test_the_command_dry_run_and_rejected_rows(tmp_path: Path, world: dict[str, User]) -> None:
    path = write(tmp_path, csv_text(row(), row(naam="Fout", gebieden="postcode")))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_social_map", str(path), "--user", "beheer", "--dry-run", stdout=out, stderr=io.StringIO())
    assert not Institution.objects.exists()
    assert "rij     3  gebieden" in out.getvalue()


def test_the_command_refuses_a_user_who_may_not_import(tmp_path: Path, world: dict[str, User]) -> None:
    path = write(tmp_path, csv_text(row()))
    with pytest.raises(CommandError):
        call_command("import_social_map", str(path), "--user", "werkplaats", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Institution.objects.exists()
