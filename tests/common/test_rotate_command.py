"""`zsm rotate-encryption-keys` moves every encrypted value to the newest key, and old rows stay readable."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.workplace.flow import assessed_case
from zsm.accounts.models import User
from zsm.workplace.models import Assessment

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def _stored_judgement(pk: int) -> str:
    table = Assessment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT professional_judgement FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_rotation_re_encrypts_with_the_new_key_and_the_old_key_can_go(world: dict[str, User]) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        _case, assessment = assessed_case(world)
        before = _stored_judgement(assessment.pk)
    assert "Schulden" not in before  # ciphertext at rest

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        # Before rotating, the old row is still readable with the old key behind the new one.
        assert "Schulden drukken" in Assessment.objects.get(pk=assessment.pk).professional_judgement
        out = StringIO()
        call_command("rotate_encryption_keys", stdout=out)
        assert "Re-encrypted" in out.getvalue()
    after = _stored_judgement(assessment.pk)
    assert after != before

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        assert "Schulden drukken" in Assessment.objects.get(pk=assessment.pk).professional_judgement
