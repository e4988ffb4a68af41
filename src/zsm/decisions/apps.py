from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "zsm.decisions"
    label = "decisions"
    verbose_name = _("OM decisions")

    def ready(self) -> None:
        checks.register(dismissal_grounds_check, checks.Tags.compatibility, deploy=True)


def dismissal_grounds_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """In production the full annex of sepotgronden belongs in ZSM_DISMISSAL_GROUNDS_FILE (docs/operations.md);
    a configured file is read now, so a malformed one fails the check rather than the first decision."""
    from zsm.decisions.dismissal_grounds import all_grounds

    path = getattr(settings, "ZSM_DISMISSAL_GROUNDS_FILE", "")
    if not path:
        return [
            checks.Warning(
                "No ZSM_DISMISSAL_GROUNDS_FILE: only the built-in, verified dismissal grounds can be chosen "
                "(01, 02, 09, 58, 59).",
                hint="Load the OM's annex 'Overzicht sepotgronden' (docs/operations.md).",
                id="zsm.W001",
            )
        ]
    try:
        all_grounds()
    except Exception as error:
        return [checks.Error(str(error), id="zsm.E001")]
    return []
