"""The starting intervention catalogue is there after migrating, and can be restored without duplicates."""

from __future__ import annotations

import pytest

from zsm.workplace.catalogue import DEFAULT_INTERVENTIONS
from zsm.workplace.models import Intervention
from zsm.workplace.services import intervention_catalogue_ensure

pytestmark = pytest.mark.django_db


def test_ensuring_the_catalogue_adds_only_what_is_missing_and_keeps_retired_entries() -> None:
    intervention_catalogue_ensure()
    first = DEFAULT_INTERVENTIONS[0].name
    Intervention.objects.filter(name=first).update(active=False)
    Intervention.objects.filter(name=DEFAULT_INTERVENTIONS[1].name).delete()
    assert intervention_catalogue_ensure() == 1
    assert intervention_catalogue_ensure() == 0
    assert Intervention.objects.filter(name__in=[e.name for e in DEFAULT_INTERVENTIONS]).count() == len(
        DEFAULT_INTERVENTIONS
    )
    assert not Intervention.objects.get(name=first).active  # a retired entry stays retired
