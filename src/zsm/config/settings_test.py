"""Test settings: the same stack, with fast hashing and mail kept in memory."""

import os

os.environ.setdefault("ZSM_ENV", "test")

from zsm.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOG_LEVEL = "WARNING"
LOGGING = {**LOGGING, "root": {"handlers": ["stream"], "level": "WARNING"}}  # noqa: F405
