"""Encryption at rest: ciphertext in the column, round trips, key rotation, unknown keys, production keys."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, models
from django.test import override_settings
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.common.production import start_production
from zsm.accounts.models import User
from zsm.common import crypto
from zsm.common.fields import EncryptedTextField
from zsm.workplace.constants import LifeArea, NoteCategory
from zsm.workplace.models import Advice, Assessment, Conversation, SpecialCategoryNote, WerkplaatsCase

# The werkplaats case fixtures (a case assigned to a worker) live with the werkplaats tests.
from ..workplace.conftest import assigned, propose, zsm_case  # noqa: F401


@pytest.fixture
def werkplaats_case(request: pytest.FixtureRequest) -> WerkplaatsCase:
    """A werkplaats case assigned to the worker `werkplaats`."""
    return request.getfixturevalue("assigned")()


DUTCH = "Cliënt is geïrriteerd; één keer per week café-bezoek — €5, ‘ruzie’ met zijn zoon.\nTweede regel 🙂"


def new_key() -> str:
    return Fernet.generate_key().decode()


def raw(model: type[models.Model], pk: int, field: str) -> str:
    """The value as the database holds it, past the field's decryption."""
    column = model._meta.get_field(field).column
    table = model._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def raw_set(model: type[models.Model], pk: int, field: str, value: str) -> None:
    column = model._meta.get_field(field).column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = %s WHERE id = %s", [value, pk])


# --- the pure functions --------------------------------------------------------------------------


@given(st.text(max_size=300))
def test_encrypt_decrypt_round_trip(plain: str) -> None:
    stored = crypto.encrypt(plain)
    assert stored.startswith(crypto.PREFIX)
    assert crypto.decrypt(stored) == plain


def test_the_same_text_encrypts_differently_each_time() -> None:
    assert crypto.encrypt(DUTCH) != crypto.encrypt(DUTCH)


def test_plain_text_is_never_taken_for_a_token() -> None:
    token = crypto.encrypt("geheim").removeprefix(crypto.PREFIX)
    with pytest.raises(ValueError, match="Not an encrypted value"):
        crypto.decrypt(token)
    with pytest.raises(ValueError, match="Not an encrypted value"):
        crypto.decrypt("gewone tekst")


def test_an_unknown_key_is_an_error_not_garbage() -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key()]):
        stored = crypto.encrypt(DUTCH)
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key()]), pytest.raises(ImproperlyConfigured) as caught:
        crypto.decrypt(stored)
    assert stored.removeprefix(crypto.PREFIX) not in str(caught.value)


def test_a_tampered_value_is_an_error() -> None:
    stored = crypto.encrypt("geheim")
    tampered = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]
    with pytest.raises(ImproperlyConfigured):
        crypto.decrypt(tampered)


def test_rotate_with_an_unknown_key_fails_like_decrypt() -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key()]):
        stored = crypto.encrypt("geheim")
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key()]), pytest.raises(ImproperlyConfigured):
        crypto.rotate(stored)


def test_rotate_re_encrypts_with_the_first_key() -> None:
    old, new = new_key(), new_key()
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]):
        stored = crypto.encrypt(DUTCH)
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        rotated = crypto.rotate(stored)
        assert rotated.startswith(crypto.PREFIX)
        assert rotated != stored
    with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
        assert crypto.decrypt(rotated) == DUTCH
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]), pytest.raises(ImproperlyConfigured):
        crypto.decrypt(rotated)


def test_the_first_key_encrypts_and_every_key_decrypts() -> None:
    old, new = new_key(), new_key()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        stored = crypto.encrypt("nieuw")
    with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
        assert crypto.decrypt(stored) == "nieuw"
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]), pytest.raises(ImproperlyConfigured):
        crypto.decrypt(stored)


def test_outside_production_the_key_is_derived_from_the_secret_key() -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[], PRODUCTION=False):
        stored = crypto.encrypt("lokaal")
    with override_settings(FIELD_ENCRYPTION_KEYS=[crypto.derived_key(settings.SECRET_KEY)]):
        assert crypto.decrypt(stored) == "lokaal"
    other_secret = override_settings(FIELD_ENCRYPTION_KEYS=[], PRODUCTION=False, SECRET_KEY="een-ander-geheim")
    with other_secret, pytest.raises(ImproperlyConfigured):
        crypto.decrypt(stored)


def test_in_production_missing_keys_refuse_to_encrypt() -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[], PRODUCTION=True), pytest.raises(ImproperlyConfigured) as caught:
        crypto.encrypt("x")
    assert "ZSM_FIELD_ENCRYPTION_KEYS" in str(caught.value)


# --- the model field: ciphertext in the column ---------------------------------------------------

ENCRYPTED = [
    (SpecialCategoryNote, "text"),
    (Assessment, "professional_judgement"),
    (Assessment, "protective_factors"),
    (Assessment, "area_notes"),
    (Conversation, "notes"),
    (Advice, "shared_details"),
]


def make(model: type[models.Model], wc: WerkplaatsCase, user: User, **values: Any) -> Any:
    common = {"werkplaats_case": wc, "recorded_by": user, "recorded_at": timezone.now()}
    if model is SpecialCategoryNote:
        return SpecialCategoryNote.objects.create(**common | {"category": NoteCategory.HEALTH, "text": "x"} | values)
    if model is Assessment:
        defaults = {"scores": dict.fromkeys(LifeArea.values, 0), "risk_level": "low", "problem_level": "few",
                    "approach": "nothing", "professional_judgement": "x", "minutes": 30}  # fmt: skip
        return Assessment.objects.create(**common | defaults | values)
    if model is Conversation:
        defaults = {"number": 1, "held_on": date(2026, 1, 14), "goals": "Doel", "minutes": 30}
        return Conversation.objects.create(**common | defaults | values)
    if model is Advice:
        return Advice.objects.create(**common | {"disposal": "summons", "rationale": "Waarom", "minutes": 20} | values)
    raise AssertionError(model)


def test_every_encrypted_field_is_covered() -> None:
    from django.apps import apps

    found = {
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    }
    assert found == set(ENCRYPTED)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field"), ENCRYPTED, ids=lambda v: getattr(v, "__name__", v))
def test_the_column_holds_ciphertext_and_the_model_plain_text(
    world: dict[str, User], werkplaats_case: WerkplaatsCase, model: type[models.Model], field: str
) -> None:
    obj = make(model, werkplaats_case, world["werkplaats"], **{field: DUTCH})
    stored = raw(model, obj.pk, field)
    assert stored.startswith(crypto.PREFIX)
    for fragment in ("Cliënt", "geïrriteerd", "café", "ruzie", "zoon"):
        assert fragment not in stored
    assert crypto.decrypt(stored) == DUTCH
    fresh = model.objects.get(pk=obj.pk)
    assert getattr(fresh, field) == DUTCH
    assert model.objects.filter(pk=obj.pk).values_list(field, flat=True).get() == DUTCH


@pytest.mark.django_db
def test_an_empty_value_stays_empty(world: dict[str, User], werkplaats_case: WerkplaatsCase) -> None:
    obj = make(Assessment, werkplaats_case, world["werkplaats"], protective_factors="", area_notes="")
    assert raw(Assessment, obj.pk, "protective_factors") == ""
    assert Assessment.objects.get(pk=obj.pk).protective_factors == ""


@pytest.mark.django_db
def test_an_encrypted_field_is_not_searchable(world: dict[str, User], werkplaats_case: WerkplaatsCase) -> None:
    make(SpecialCategoryNote, werkplaats_case, world["werkplaats"], text="Diabetes")
    assert not SpecialCategoryNote.objects.filter(text="Diabetes").exists()


# --- rotation on stored rows ----------------------------------------------------------------------


@pytest.mark.django_db
def test_after_rotation_old_rows_read_and_rotate_moves_them_to_the_new_key(
    world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    old, new = new_key(), new_key()
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]):
        note = make(SpecialCategoryNote, werkplaats_case, world["werkplaats"], text=DUTCH)
    stored_under_old = raw(SpecialCategoryNote, note.pk, "text")

    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        assert SpecialCategoryNote.objects.get(pk=note.pk).text == DUTCH  # old rows stay readable
        raw_set(SpecialCategoryNote, note.pk, "text", crypto.rotate(stored_under_old))
    assert raw(SpecialCategoryNote, note.pk, "text") != stored_under_old

    with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
        assert SpecialCategoryNote.objects.get(pk=note.pk).text == DUTCH
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]), pytest.raises(ImproperlyConfigured):
        SpecialCategoryNote.objects.get(pk=note.pk)


@pytest.mark.django_db
def test_the_rotation_command_re_encrypts_every_encrypted_field(
    world: dict[str, User], werkplaats_case: WerkplaatsCase
) -> None:
    old, new = new_key(), new_key()
    wc, user = werkplaats_case, world["werkplaats"]
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]):
        objects = {(model, field): make(model, wc, user, **{field: f"{DUTCH} {field}"}) for model, field in ENCRYPTED}
        empty = make(Assessment, wc, user, protective_factors="", area_notes="")
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        call_command("rotate_encryption_keys", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
        for (model, field), obj in objects.items():
            assert getattr(model.objects.get(pk=obj.pk), field) == f"{DUTCH} {field}"
        assert raw(Assessment, empty.pk, "protective_factors") == ""
        assert Assessment.objects.get(pk=empty.pk).professional_judgement == "x"


# --- production refuses to start without keys ----------------------------------------------------


@pytest.mark.parametrize("keys", [None, "", " , "])
def test_production_without_keys_refuses_to_start(keys: str | None) -> None:
    result = start_production(**({} if keys is None else {"ZSM_FIELD_ENCRYPTION_KEYS": keys}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ZSM_FIELD_ENCRYPTION_KEYS" in result.stderr
    assert "started" not in result.stdout


def test_production_with_keys_starts() -> None:
    result = start_production(ZSM_FIELD_ENCRYPTION_KEYS=f"{new_key()}, {new_key()}")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_production_without_a_mail_server_refuses_to_start() -> None:
    # Otherwise the agencies' acknowledgement links would be written to files nobody reads.
    result = start_production(ZSM_FIELD_ENCRYPTION_KEYS=new_key(), EMAIL_HOST="")
    assert result.returncode != 0
    assert "EMAIL_HOST" in result.stderr
