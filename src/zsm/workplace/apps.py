from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplaceConfig(AppConfig):
    name = "zsm.workplace"
    label = "workplace"
    verbose_name = _("Werkplaats")

    def ready(self) -> None:
        # Its kinds of notification, known before any inbox or e-mail renders one (`cases.notices`).
        # The OM's decision answers the werkplaats advice; decisions sits below the werkplaats and does not
        # know it, so the werkplaats listens (the receiver runs inside the decision's transaction).
        from zsm.decisions.models import Decision
        from zsm.decisions.signals import decision_recorded
        from zsm.workplace import notices  # noqa: F401
        from zsm.workplace.services import advice_answer_from_decision

        decision_recorded.connect(advice_answer_from_decision, sender=Decision, dispatch_uid="workplace.advice_answer")
