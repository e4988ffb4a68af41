"""Start the application with production settings in a fresh interpreter (settings are read once)."""

from __future__ import annotations

import os
import subprocess
import sys

STARTED = "import django; django.setup(); print('started')"


def start_production(code: str = STARTED, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run `code` after Django's setup under ZSM_ENV=production, with the minimum a production start needs
    (override or blank any of it through `extra`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZSM_", "DJANGO_", "DATABASE_", "EMAIL_"))}
    env |= {
        "ZSM_ENV": "production",
        "SECRET_KEY": "x",
        "EMAIL_HOST": "smtp.example.org",
        "DJANGO_SETTINGS_MODULE": "zsm.config.settings",
    } | extra
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
    )
