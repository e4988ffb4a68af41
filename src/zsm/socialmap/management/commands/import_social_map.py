"""`zsm import_social_map FILE.csv --user coordinator [--dry-run]`: add or update social-map institutions from
a CSV file in the export's format (docs/import-social-map.md).

Every row goes through `institution_save` in its own transaction; a refused row leaves nothing behind.
Progress (rows done / total) goes to stderr; the exit code is 1 when any row was rejected.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from zsm.socialmap.importing import ImportFileError, ImportReport, decode, import_map, read_rows
from zsm.socialmap.rules import imports_social_map


class Progress:
    """ "rows 120/240" on stderr: a line every 10% (and at the end)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.last_step = -1

    def __call__(self, done: int, total: int) -> None:
        step = 10 * done // total if total else 10
        if step > self.last_step or done == total:
            self.last_step = step
            self.stream.write(f"rijen {done}/{total}")


class Command(BaseCommand):
    help = "Add or update social-map institutions from a CSV file in the export's format (docs/import-social-map.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file (UTF-8, ; or , separated).")
        parser.add_argument(
            "--user", required=True, help="Username of the coordinator or functional administrator importing."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check every row, store nothing.")

    def handle(self, *args: Any, file: str, user: str, dry_run: bool, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._run(Path(file), user, dry_run)

    def _run(self, path: Path, username: str, dry_run: bool) -> None:
        account = get_user_model().objects.filter(username=username, is_active=True).first()
        if account is None:
            raise CommandError(f"Gebruiker '{username}' bestaat niet of is niet actief.")
        if not imports_social_map(account):
            raise CommandError(
                f"Gebruiker '{username}' mag de sociale kaart niet importeren (alleen coördinator of beheer)."
            )
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Kan '{path}' niet lezen: {error.strerror}.") from error
        try:
            rows = read_rows(decode(raw))
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        request_id = f"import-{uuid.uuid4().hex[:12]}"
        report = import_map(
            user=account, rows=rows, dry_run=dry_run, request_id=request_id, progress=Progress(self.stderr)
        )
        self._report(report, path, request_id)
        if report.errors:
            raise CommandError(f"{len(report.rejected_rows)} rij(en) afgewezen.", returncode=1)

    def _report(self, report: ImportReport, path: Path, request_id: str) -> None:
        if report.errors:
            self.stdout.write("Afgewezen rijen:")
            for error in report.errors:
                column = error.column or "(rij)"
                self.stdout.write(f"  rij {error.row:>5}  {column:<16} {error.message}")
        verb = "gecontroleerd, niets opgeslagen (--dry-run)" if report.dry_run else "verwerkt"
        self.stdout.write(
            f"{path.name}: {len(report.added)} nieuw, {len(report.updated)} bijgewerkt ({verb}), "
            f"{len(report.rejected_rows)} afgewezen (van {report.total} rijen; auditkenmerk {request_id})."
        )
