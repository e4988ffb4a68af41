"""Backup and restore as docs/operations.md describes it: a populated PostgreSQL database dumped with
pg_dump, restored with pg_restore into an empty one, has every row and the same audit trail, and its
audit table still refuses UPDATE and DELETE."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="backup and restore are PostgreSQL's pg_dump and pg_restore"
)

AUDIT_TRAIL = "SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM audit_auditevent t"


def _server() -> dict[str, str]:
    settings = connection.settings_dict
    return {
        "PGHOST": settings["HOST"] or "127.0.0.1",
        "PGPORT": str(settings["PORT"] or 5432),
        "PGUSER": settings["USER"] or "postgres",
        "PGPASSWORD": settings["PASSWORD"] or "",
    }


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"


def _connect(name: str, server: dict[str, str]) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(
        dbname=name, host=server["PGHOST"], port=server["PGPORT"], user=server["PGUSER"], password=server["PGPASSWORD"]
    )


def _counts(name: str, server: dict[str, str]) -> dict[str, object]:
    with _connect(name, server) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
            )
        ]
        counts = {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}  # type: ignore[index]
        counts["<audit trail>"] = db.execute(AUDIT_TRAIL).fetchone()[0]  # type: ignore[index]
        return counts


def test_a_populated_database_survives_dump_and_restore(tmp_path: Path) -> None:
    server = _server()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ZSM_", "DJANGO_", "DATABASE_"))}
    env |= server
    suffix = f"{os.getpid()}_{time.time_ns()}"
    source, target = f"zsm_backup_src_{suffix}", f"zsm_backup_dst_{suffix}"
    app_env = env | {
        "DJANGO_SETTINGS_MODULE": "zsm.config.settings",
        "DATABASE_URL": f"postgres://{server['PGUSER']}@{server['PGHOST']}:{server['PGPORT']}/{source}",
        "ZSM_VAR_DIR": str(tmp_path / "var"),
    }
    if server["PGPASSWORD"]:
        app_env["DATABASE_URL"] = app_env["DATABASE_URL"].replace("@", f":{server['PGPASSWORD']}@", 1)
    dump = tmp_path / "zsm.dump"
    _run(["createdb", source], env)
    try:
        _run([sys.executable, "-m", "zsm", "migrate", "--noinput", "-v", "0"], app_env)
        _run([sys.executable, "-m", "zsm", "demo"], app_env)
        _run(["pg_dump", "--format=custom", "--file", str(dump), source], env)
        _run(["createdb", target], env)
        _run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", target, str(dump)], env)

        before, after = _counts(source, server), _counts(target, server)
        assert after == before
        assert before["audit_auditevent"] > 0
        assert before["cases_case"] > 0
        assert before["socialmap_referral"] > 0

        # The restored audit table is append-only too: the trigger came along.
        with _connect(target, server) as db, pytest.raises(psycopg.errors.InsufficientPrivilege):
            db.execute("UPDATE audit_auditevent SET event = 'rewritten'")
    finally:
        for name in (source, target):
            subprocess.run(["dropdb", "--if-exists", name], env=env, capture_output=True, timeout=120, check=False)
