"""The one place that makes Django form widgets look and behave as NL Design System components."""

from __future__ import annotations

from typing import Any

from django import forms

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


class ModelForm(UtrechtFormMixin, forms.ModelForm):
    pass
