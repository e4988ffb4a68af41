"""The one place that makes Django form widgets look and behave as NL Design System components."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms

from zsm.common.exceptions import ApplicationError, ConflictError

T = TypeVar("T")


@dataclass(frozen=True)
class Submitted(Generic[T]):
    """What a form's service call came to: stored (with the result), or refused with its HTTP status."""

    stored: bool
    status: int
    result: T | None = None


WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    # CheckboxSelectMultiple is a RadioSelect subclass in Django: it must come first.
    (forms.CheckboxSelectMultiple, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
)


class UtrechtFormMixin:
    """Gives each widget its Utrecht class. Django itself ties help and error texts to the field
    (`aria-describedby` = `<id>_helptext` / `<id>_error`, `aria-invalid`); includes/field.html uses those ids."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = next((css for kind, css in WIDGET_CLASSES if isinstance(widget, kind)), "")
            if css and not widget.is_hidden:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class Form(UtrechtFormMixin, forms.Form):
    def field_for(self, key: str) -> str | None:
        """The form field a service's field error belongs on (None: above the form)."""
        return key if key in self.fields else None

    def add_service_errors(self, field_errors: dict[str, list[str]], message: str) -> None:
        """Show a service's refusal: each field error on its field, the message alone when none is named."""
        if not field_errors:
            self.add_error(None, message)
        for key, texts in field_errors.items():
            name = self.field_for(key)
            for text in texts:
                self.add_error(name, text)

    def submit(self, write: Callable[[], T]) -> Submitted[T]:
        """Run the form's one service call. A refusal keeps what was typed: a conflict (someone changed
        the record meanwhile) as a message above the form, 409; field errors on their fields, 400."""
        try:
            result = write()
        except ConflictError as error:
            self.add_error(None, error.message)
            return Submitted(stored=False, status=409)
        except ApplicationError as error:
            self.add_service_errors(error.field_errors, error.message)
            return Submitted(stored=False, status=400)
        return Submitted(stored=True, status=200, result=result)


class ModelForm(UtrechtFormMixin, forms.ModelForm):
    pass
