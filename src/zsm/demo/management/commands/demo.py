from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from zsm.accounts.constants import Role
from zsm.demo.builders import DEMO_USERS, demo_build, demo_is_loaded
from zsm.demo.inflow import inflow_build
from zsm.demo.retention import retention_build
from zsm.demo.socialmap import socialmap_build
from zsm.demo.werkplaats import werkplaats_build


class Command(BaseCommand):
    help = (
        "Load the demo world (idempotent) and print the demo logins. The first run also adds two weeks of "
        "case inflow at Midden-Nederland (about 50 cases a day) and today's open cases."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Only load when no demo user exists yet.")
        parser.add_argument("--no-cases", action="store_true", help="Only the organisations and users, no cases.")

    def handle(self, *args: Any, if_empty: bool, no_cases: bool = False, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo data is not for production (ZSM_ENV=production).")
        if if_empty and demo_is_loaded():
            self.stdout.write("Demo data already loaded.")
        else:
            progress = lambda message: self.stdout.write(f"  {message}")  # noqa: E731
            demo_build(password=settings.ZSM_DEMO_PASSWORD, progress=progress)
            if not no_cases:
                started = time.perf_counter()
                result = inflow_build(progress=progress)
                if not result.skipped:
                    self.stdout.write(f"  Instroom geladen in {time.perf_counter() - started:.1f} s")
                started = time.perf_counter()
                werkplaats = werkplaats_build(progress=progress)
                if not werkplaats.skipped:
                    self.stdout.write(f"  Werkplaats geladen in {time.perf_counter() - started:.1f} s")
                started = time.perf_counter()
                socialmap = socialmap_build(progress=progress)
                if not socialmap.skipped:
                    self.stdout.write(f"  Sociale kaart geladen in {time.perf_counter() - started:.1f} s")
                retention_build(progress=progress)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {settings.ZSM_DEMO_PASSWORD}):")
        with translation.override(settings.LANGUAGE_CODE):
            for demo in DEMO_USERS:
                self.stdout.write(f"  {demo.username:<16} {Role(demo.role).label}")
        self.stdout.write("  (beheer and privacy set up a second factor, any TOTP app, at their first login)")
