from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zsm.accounts.models import User
from zsm.accounts.services import api_token_create
from zsm.common.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Create an API token for a user and print it, alone, on the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="API", help="What the token is for, e.g. the calling system.")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            token, key = api_token_create(user=user, name=name)
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        self.stderr.write(f"Token {token.prefix}… created for {username}. It is shown once; store it safely.")
        self.stdout.write(key)
