"""Access rows for the subject-access URLs (see tests/test_url_access.py for Rule and how rows are checked).

Only the privacy officer (with a verified second factor) asks for, follows and downloads an export;
every other role gets 403 whatever the request.
"""

from __future__ import annotations

from tests.access_rule import Rule
from tests.cases.test_views import register_case
from zsm.accounts.models import User
from zsm.audit.purge import purge_dry_run_request, purge_run_execute
from zsm.audit.subject_access import subject_access_build_run, subject_access_request

PRIVACY = frozenset({"privacy"})


def built_request(world: dict[str, User]) -> dict[str, object]:
    """A finished export about a fresh suspect, requested by the privacy officer."""
    officer = world["privacy"]
    officer.is_verified = lambda: True  # type: ignore[attr-defined]  # as django-otp marks a verified session
    row = subject_access_request(user=officer, person_id=register_case(world).suspect_id)
    subject_access_build_run(row.pk)
    return {"request_pk": row.pk}


SUBJECT_ACCESS_ACCESS: dict[str, Rule] = {
    "audit:subject_access": Rule(allowed=PRIVACY),
    "audit:subject_access_detail": Rule(location_bound=False, allowed=PRIVACY, setup=built_request),
    "audit:subject_access_status": Rule(location_bound=False, allowed=PRIVACY, setup=built_request),
    "audit:subject_access_json": Rule(location_bound=False, allowed=PRIVACY, setup=built_request),
    "audit:subject_access_pdf": Rule(location_bound=False, allowed=PRIVACY, setup=built_request),
}


def dry_run(world: dict[str, User]) -> dict[str, object]:
    """A finished dry run, started by the privacy officer."""
    officer = world["privacy"]
    officer.is_verified = lambda: True  # type: ignore[attr-defined]
    run = purge_dry_run_request(user=officer, enqueue=False)
    purge_run_execute(run.pk)
    return {"run_pk": run.pk}


# Retention: the privacy officer sees the terms and the purge log, starts dry runs and applies them.
RETENTION_ACCESS: dict[str, Rule] = {
    "audit:retention": Rule(allowed=PRIVACY),
    "audit:purge_run": Rule(location_bound=False, allowed=PRIVACY, setup=dry_run),
    "audit:purge_run_status": Rule(location_bound=False, allowed=PRIVACY, setup=dry_run),
    # Applying answers with a redirect to the new purge run.
    "audit:purge_apply": Rule(location_bound=False, allowed=PRIVACY, method="post", ok=302, setup=dry_run),
}
