"""Background work for the audit app, run by `zsm worker`."""

from __future__ import annotations

from django_tasks import task

from zsm.audit.purge import purge_run_execute
from zsm.audit.subject_access import subject_access_build_run


@task()
def subject_access_build(request_id: int) -> None:
    """Build a subject-access export (JSON and PDF), reporting progress on its request row."""
    subject_access_build_run(request_id)


@task()
def purge_run_task(run_id: int) -> None:
    """Run a dry run or a purge, reporting progress on its run row (the purge log)."""
    purge_run_execute(run_id)
