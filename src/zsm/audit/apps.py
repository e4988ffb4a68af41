from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "zsm.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        # Its kinds of notification, known before any inbox or e-mail renders one (`cases.notices`).
        from zsm.audit import notices  # noqa: F401
