"""Page timings on demo data, reported as medians (a benchmark, not a timed test: it never fails on speed).

Run with `make bench`. Later issues add the board with 1,000 open and 100,000 closed cases.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pytest
from django.test import Client

ROUNDS = 200


def median_ms(client: Client, path: str) -> float:
    client.get(path)  # warm caches, templates and the session
    timings = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return statistics.median(timings)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "path"), [(None, "/inloggen/"), ("politie", "/"), ("privacy", "/privacy/toegangslog/")]
)
def test_page_medians(login_as: Callable[..., Client], client: Client, username: str | None, path: str) -> None:
    browser = login_as(username) if username else client
    print(
        f"\nBENCH {path:<24} as {username or 'anonymous':<10} median {median_ms(browser, path):6.1f} ms over {ROUNDS}"
    )
