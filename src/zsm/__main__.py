"""The `zsm` command: Django management with the project's settings.

`zsm worker` is the task worker (django-tasks database backend); every other
word is a management command (`zsm migrate`, `zsm demo`, `zsm api-token NAME`).
"""

import os
import sys

ALIASES = {"worker": "db_worker"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zsm.config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "zsm"
    if len(argv) > 1:
        # `zsm api-token` reads better than Django's `api_token`; both work.
        argv[1] = ALIASES.get(argv[1], argv[1].replace("-", "_"))
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
