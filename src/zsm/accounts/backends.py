"""Model permissions for the admin pages, decided by role instead of per-user grants."""

from __future__ import annotations

from typing import Any

import rules

# What a functional administrator manages: people, organisations and login security.
# Never case content or the audit log.
ADMINISTERED_APPS = frozenset({"accounts", "axes", "otp_totp", "otp_static"})


class FunctionalAdministratorBackend:
    """Answers permission questions only: it authenticates no one and loads no user."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        app_label = perm.split(".", 1)[0]
        return app_label in ADMINISTERED_APPS and self.has_module_perms(user_obj, app_label)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return (
            app_label in ADMINISTERED_APPS
            and getattr(user_obj, "is_active", False)
            # Asked of rules directly: through user.has_perm it would come back here.
            and rules.has_perm("accounts.use_admin_site", user_obj)
        )
