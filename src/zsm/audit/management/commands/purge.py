"""`zsm purge [--dry-run]`: the scheduled retention purge (run it daily, see docs/operations.md).

It first makes a dry run that lists per data class what the policies make due now, then applies
exactly that list (unless `--dry-run`). Both runs stay as the purge log that the privacy officer
reads at /privacy/bewaartermijnen/. Progress goes to stderr; the exit code is 1 when a run failed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from zsm.audit.constants import PurgeStatus, RetentionClass
from zsm.audit.purge import purge_scheduled


class Command(BaseCommand):
    help = "Apply the retention policies: a dry run, then the purge that applies it (docs/operations.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only list what is due; change nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            runs = purge_scheduled(apply=not dry_run, on_step=self._progress)
            for run in runs:
                kind = "proefdraai" if run.dry_run else "verwijdering"
                self.stdout.write(f"{run} ({kind}): {run.get_status_display()}")
                for data_class in RetentionClass:
                    entry = run.report.get(data_class.value)
                    if entry is not None:
                        self.stdout.write(f"  {data_class.label}: {entry['count']}")
            if any(run.status == PurgeStatus.FAILED for run in runs):
                raise CommandError("De opschoning is gestopt op een fout; zie het opschoonlog.")

    def _progress(self, step: str, percent: int) -> None:
        label = RetentionClass(step).label if step else "klaar"
        self.stderr.write(f"{percent:3d}% {label}")
