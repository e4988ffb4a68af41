"""Background work for the audit app, run by `zsm worker`."""

from __future__ import annotations

from django_tasks import task

from zsm.audit.subject_access import subject_access_build_run


@task()
def subject_access_build(request_id: int) -> None:
    """Build a subject-access export (JSON and PDF), reporting progress on its request row."""
    subject_access_build_run(request_id)
