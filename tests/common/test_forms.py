"""Form.submit: the one way a page form runs its service and shows a refusal."""

from __future__ import annotations

from typing import NoReturn

from django import forms

from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.common.forms import Form


class NoteForm(Form):
    note = forms.CharField()


def bound() -> NoteForm:
    form = NoteForm({"note": "Gebeld met de schuldhulp"})
    assert form.is_valid()
    return form


def test_a_stored_write_gives_its_result() -> None:
    done = bound().submit(lambda: 42)
    assert (done.stored, done.status, done.result) == (True, 200, 42)


def test_a_conflict_is_a_message_above_the_form_and_409() -> None:
    def changed() -> NoReturn:
        raise ConflictError("Iemand anders wijzigde dit intussen.")

    form = bound()
    done = form.submit(changed)
    assert (done.stored, done.status, done.result) == (False, 409, None)
    assert form.non_field_errors() == ["Iemand anders wijzigde dit intussen."]
    assert form.data["note"] == "Gebeld met de schuldhulp"  # what was typed stays


def test_field_errors_land_on_their_fields_and_400() -> None:
    def refused() -> NoReturn:
        raise ApplicationError("Niet opgeslagen.", field_errors={"note": ["Te kort."], "elsewhere": ["Anders."]})

    form = bound()
    done = form.submit(refused)
    assert (done.stored, done.status) == (False, 400)
    assert form.errors["note"] == ["Te kort."]
    assert form.non_field_errors() == ["Anders."]
