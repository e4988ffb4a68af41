from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialMapConfig(AppConfig):
    name = "zsm.socialmap"
    label = "socialmap"
    verbose_name = _("Social map")

    def ready(self) -> None:
        # Its kinds of notification, known before any inbox or e-mail renders one (`cases.notices`).
        from zsm.socialmap import notices  # noqa: F401
