"""`zsm import-cases FILE.csv --user politie`: register ZSM cases from a CSV file (docs/import-cases.md).

Every row goes through `case_register` in its own transaction; a rejected row leaves nothing behind.
The exit code is 1 when any row was rejected.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from zsm.accounts.models import User
from zsm.accounts.selectors import membership_active
from zsm.cases.constants import Partner
from zsm.cases.importing import ImportFileError, ImportReport, import_cases, read_rows
from zsm.cases.rules import partner_of

BAR_WIDTH = 30


class ProgressBar:
    """`[#####-----] 120/240` on stderr: redrawn in place on a terminal, else a line every 10%."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.interactive = hasattr(stream, "isatty") and stream.isatty()
        self.last_step = -1

    def line(self, done: int, total: int) -> str:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total}"

    def __call__(self, done: int, total: int) -> None:
        if self.interactive:
            self.stream.write("\r" + self.line(done, total) + ("\n" if done == total else ""))
            self.stream.flush()
            return
        step = 10 * done // total if total else 10
        if step != self.last_step and (step > self.last_step or done == total):
            self.last_step = step
            self.stream.write(self.line(done, total) + "\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Register ZSM cases from a CSV file, one row per case, as a police user (see docs/import-cases.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file (UTF-8, ; or , separated).")
        parser.add_argument("--user", required=True, help="Username of the police officer the cases are registered by.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row, store nothing.")

    def handle(self, *args: Any, file: str, user: str, dry_run: bool, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._run(Path(file), user, dry_run)

    def _run(self, path: Path, username: str, dry_run: bool) -> None:
        account = User.objects.filter(username=username, is_active=True).first()
        if account is None:
            raise CommandError(f"Gebruiker '{username}' bestaat niet of is niet actief.")
        if partner_of(membership_active(user=account)) != Partner.POLICE:
            raise CommandError(f"Gebruiker '{username}' is geen politie: alleen de politie registreert ZSM-zaken.")
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Kan '{path}' niet lezen: {error.strerror}.") from error
        try:
            rows = read_rows(raw)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        request_id = f"import-{uuid.uuid4().hex[:12]}"
        stderr = getattr(self.stderr, "_out", sys.stderr)
        report = import_cases(
            user=account, rows=rows, dry_run=dry_run, request_id=request_id, progress=ProgressBar(stderr)
        )
        self._report(report, path, request_id)
        if report.errors:
            raise CommandError(f"{len(report.rejected_rows)} rij(en) afgewezen.", returncode=1)

    def _report(self, report: ImportReport, path: Path, request_id: str) -> None:
        if report.errors:
            self.stdout.write("Afgewezen rijen:")
            for error in report.errors:
                column = error.column or "(rij)"
                self.stdout.write(f"  rij {error.row:>5}  {column:<22} {error.message}")
        verb = "gecontroleerd, niets opgeslagen (--dry-run)" if report.dry_run else "geïmporteerd"
        self.stdout.write(
            f"{path.name}: {len(report.imported)} {verb}, {len(report.rejected_rows)} afgewezen "
            f"(van {report.total} rijen; auditkenmerk {request_id})."
        )
