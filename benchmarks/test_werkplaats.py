"""The werkplaats pages on the full demo (≈700 ZSM cases, ≈28 werkplaats cases with all their casework).

Run with `make bench`. Reports medians and query counts per page; it never fails on speed.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zsm.accounts.models import User
from zsm.workplace.constants import WerkplaatsStatus
from zsm.workplace.models import WerkplaatsCase

ROUNDS = 100


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _measure(client: Client, path: str) -> tuple[float, int]:
    client.get(path)  # warm caches, templates and the session
    connection.queries_log.clear()  # a full log (it keeps the last 9,000) would hide the count
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
        count = len(queries.captured_queries)  # now: the next request's reset_queries empties the log
    timings = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), count


def _paths() -> list[tuple[str, str]]:
    busiest = (
        WerkplaatsCase.objects.filter(status=WerkplaatsStatus.MONITORING).order_by("-pk").first()
        or WerkplaatsCase.objects.order_by("-pk").first()
    )
    assert busiest is not None
    case = f"/werkplaats/zaken/{busiest.pk}/"
    return [
        ("werkplaats", "/werkplaats/"),
        ("coordinator", "/werkplaats/coordinatie/"),
        ("officier", "/werkplaats/coordinatie/"),
        ("werkplaats", case),
        ("werkplaats", f"{case}samenvatting/"),
        ("werkplaats", f"{case}samenvatting.pdf"),
        ("officier", f"/werkplaats/advies/{busiest.pk}/"),
        ("officier", f"/zsm/zaken/{busiest.case_id}/"),
    ]


@pytest.mark.django_db
def test_werkplaats_page_medians(demo: None) -> None:
    for username, path in _paths():
        client = Client()
        client.force_login(User.objects.get(username=username))
        median, queries = _measure(client, path)
        print(f"\nBENCH {path:<40} as {username:<12} median {median:6.1f} ms, {queries:3d} queries over {ROUNDS}")
