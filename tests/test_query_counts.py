"""Pages cost a fixed number of queries, however much data there is (no N+1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from zsm.accounts.models import User
from zsm.accounts.selectors import membership_active
from zsm.audit.services import access_record


def record_views(world: dict[str, User], count: int) -> None:
    request = RequestFactory().get("/")
    request.user = world["officier"]
    membership_active(user=request.user)
    for index in range(count):
        access_record(request=request, event="person.viewed", person_id=index)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/overzicht/", "/account/"])
@pytest.mark.parametrize("username", ["werkplaats", "officier"])  # the officer's navigation counts the queue
def test_start_and_account_pages_have_a_fixed_query_budget(
    login_as: Callable[..., Client], django_assert_max_num_queries: DjangoAssertNumQueries, path: str, username: str
) -> None:
    client = login_as(username)
    client.get(path)  # warm the session
    with django_assert_max_num_queries(8):
        assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_the_access_log_does_not_grow_with_its_rows(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    client = login_as("privacy")
    record_views(world, 3)
    client.get(reverse("audit:access_log"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("audit:access_log"))
    record_views(world, 40)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("audit:access_log"))
    assert len(many.captured_queries) == len(few.captured_queries) <= 12
