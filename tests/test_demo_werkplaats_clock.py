"""`zsm demo` at awkward moments: nothing it writes lies after the moment it runs.

Kept apart from tests/test_demo_werkplaats.py on purpose: that module builds the demo once for all
its tests (a module-scoped fixture), and a demo already present would make `zsm demo` skip here.
"""

from __future__ import annotations

import io
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command

from tests.test_demo_werkplaats import _assert_the_days_of_werkplaats_are_full
from zsm.common.clock import AMSTERDAM
from zsm.workplace.models import (
    Advice,
    Assessment,
    Contact,
    Conversation,
    HelpAction,
    HelpInvolvement,
    MonitoringCheck,
    TimeEntry,
    WerkplaatsCase,
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 24, 0, 30, tzinfo=AMSTERDAM),  # just after midnight
        datetime(2027, 3, 29, 9, 5, tzinfo=AMSTERDAM),  # Monday morning, the day after the clocks went forward
    ],
)
def test_the_werkplaats_demo_loads_at_any_time_of_day(moment: datetime) -> None:
    assert not WerkplaatsCase.objects.exists()  # a fresh database: the demo is built, not skipped
    with time_machine.travel(moment, tick=False):
        call_command("demo", stdout=io.StringIO())
        assert WerkplaatsCase.objects.count() >= 15
        assert not WerkplaatsCase.objects.filter(proposed_at__gt=moment).exists()
        assert not WerkplaatsCase.objects.filter(assigned_at__gt=moment).exists()
        assert not WerkplaatsCase.objects.filter(closed_at__gt=moment).exists()
        assert not Contact.objects.filter(logged_at__gt=moment).exists()
        for model in (Assessment, Advice, MonitoringCheck, Conversation, TimeEntry, HelpInvolvement, HelpAction):
            assert not model.objects.filter(recorded_at__gt=moment).exists()
        assert not Assessment.objects.filter(reviewed_at__gt=moment).exists()
        assert not Advice.objects.filter(responded_at__gt=moment).exists()
        _assert_the_days_of_werkplaats_are_full()
