from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from zsm.common.forms import Form, UtrechtFormMixin

LOGIN_FAILED = _("Login failed. Check your username and password.")


class LoginForm(UtrechtFormMixin, AuthenticationForm):
    """Says only that the login failed: never whether the user exists or is active."""

    error_messages = {"invalid_login": LOGIN_FAILED, "inactive": LOGIN_FAILED}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")


class TokenForm(Form):
    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the 6 digits from your app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class MembershipChoiceForm(Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
