"""Forms of the social map: the search, an institution with its services, areas and contact persons (one form
with three inline formsets), the one-step confirmation, and the CSV upload.

`InstitutionForms` bundles the institution form and its formsets: it turns them into the service's
`InstitutionInput` and puts the service's field errors ("services.0.name", "areas.1") on the row they
belong to.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from zsm.common.forms import Form
from zsm.common.validators import PC4_MAX, PC4_MIN
from zsm.socialmap.constants import InstitutionKind, Need
from zsm.socialmap.models import Institution
from zsm.socialmap.services import AreaInput, ContactInput, InstitutionInput, ServiceInput

_NESTED = re.compile(r"^(services|areas|contacts)\.(\d+)(?:\.(\w+))?$")


class SearchForm(Form):
    q = forms.CharField(
        label=_("Need or name"),
        required=False,
        max_length=100,
        help_text=_("For example schuldhulp or a name."),
    )
    place = forms.CharField(
        label=_("Postcode or municipality"),
        required=False,
        max_length=100,
        help_text=_("For example 3521 AB or Utrecht."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs["autocomplete"] = "off"
        self.fields["place"].widget.attrs["autocomplete"] = "postal-code"


class InstitutionForm(Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter the institution's name.")}
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", "—"), *InstitutionKind.choices],
        error_messages={"required": _("Choose what kind of institution this is.")},
    )
    municipality = forms.CharField(
        label=_("Municipality"),
        max_length=100,
        error_messages={"required": _("Enter the municipality where the institution is based.")},
    )
    street_address = forms.CharField(label=_("Address"), required=False, max_length=200)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=30)
    email = forms.CharField(label=_("E-mail address"), required=False, max_length=254)
    website = forms.CharField(label=_("Website"), required=False, max_length=200)
    opening_hours = forms.CharField(label=_("Opening hours"), required=False, max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(label=_("Active (shown in searches)"), required=False, initial=True)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ItemForm(Form):
    """A row of an inline formset: `id` is set for an item that already exists."""

    id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ServiceForm(ItemForm):
    need = forms.ChoiceField(
        label=_("Need"),
        choices=[("", "—"), *Need.choices],
        error_messages={"required": _("Choose the need this service answers.")},
    )
    name = forms.CharField(
        label=_("Name of the service"), max_length=200, error_messages={"required": _("Enter the name of the service.")}
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class AreaForm(ItemForm):
    postcode_from = forms.IntegerField(
        label=_("Postcode from"),
        min_value=PC4_MIN,
        max_value=PC4_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Enter the first four-digit postcode of the range.")},
    )
    postcode_to = forms.IntegerField(
        label=_("Postcode to"),
        min_value=PC4_MIN,
        max_value=PC4_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Enter the last four-digit postcode of the range.")},
    )
    municipality = forms.CharField(label=_("Municipality"), required=False, max_length=100)


class ContactPersonForm(ItemForm):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter the contact person's name.")}
    )
    function = forms.CharField(label=_("Function"), required=False, max_length=200)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=30)
    email = forms.CharField(label=_("E-mail address"), required=False, max_length=254)
    receives_referrals = forms.BooleanField(label=_("Receives referrals"), required=False)


ServiceFormSet = formset_factory(ServiceForm, extra=1, can_delete=True)
AreaFormSet = formset_factory(AreaForm, extra=1, can_delete=True)
ContactFormSet = formset_factory(ContactPersonForm, extra=1, can_delete=True)


def _text(form: forms.Form, name: str) -> str:
    return str(form.cleaned_data.get(name) or "")


class InstitutionForms:
    """The institution form and its three inline formsets (prefixes "services", "areas", "contacts")."""

    def __init__(self, data: Any = None, *, institution: Institution | None = None) -> None:
        initial: dict[str, Any] = {}
        services: list[dict[str, Any]] = []
        areas: list[dict[str, Any]] = []
        contacts: list[dict[str, Any]] = []
        if institution is not None:
            initial = {
                name: getattr(institution, name)
                for name in InstitutionForm.base_fields
                if name != "version" and hasattr(institution, name)
            }
            initial["version"] = institution.version
            services = [
                {"id": s.pk, "need": s.need, "name": s.name, "description": s.description, "active": s.active}
                for s in institution.services.all()
            ]
            areas = [
                {
                    "id": a.pk,
                    "postcode_from": a.postcode_from,
                    "postcode_to": a.postcode_to,
                    "municipality": a.municipality,
                }
                for a in institution.areas.all()
            ]
            contacts = [
                {
                    "id": c.pk,
                    "name": c.name,
                    "function": c.function,
                    "phone": c.phone,
                    "email": c.email,
                    "receives_referrals": c.receives_referrals,
                }
                for c in institution.contact_persons.all()
            ]
        self.form = InstitutionForm(data, initial=initial)
        self.services = ServiceFormSet(data, initial=services, prefix="services")
        self.areas = AreaFormSet(data, initial=areas, prefix="areas")
        self.contacts = ContactFormSet(data, initial=contacts, prefix="contacts")
        # Errors about a whole section ("add at least one service"), shown above its rows.
        self.section_errors: dict[str, list[str]] = {}
        # The rows sent to the service, in order: the service's "services.0" is the first of these.
        self._rows: dict[str, list[forms.Form]] = {}

    @property
    def formsets(self) -> dict[str, Any]:
        return {"services": self.services, "areas": self.areas, "contacts": self.contacts}

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), *(formset.is_valid() for formset in self.formsets.values())]
        return all(results)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or self.section_errors
            or any(formset.total_error_count() for formset in self.formsets.values())
        )

    def _kept(self, section: str) -> list[forms.Form]:
        formset = self.formsets[section]
        # Existing rows stay unless removed; an extra row counts only when something was filled in.
        initial = formset.initial_form_count()
        rows = [
            form
            for index, form in enumerate(formset.forms)
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and (index < initial or form.has_changed())
        ]
        self._rows[section] = rows
        return rows

    def version(self) -> int | None:
        return self.form.cleaned_data.get("version")

    def to_input(self) -> InstitutionInput:
        data = self.form.cleaned_data
        return InstitutionInput(
            name=_text(self.form, "name"),
            kind=data["kind"],
            municipality=_text(self.form, "municipality"),
            street_address=_text(self.form, "street_address"),
            postcode=_text(self.form, "postcode"),
            city=_text(self.form, "city"),
            phone=_text(self.form, "phone"),
            email=_text(self.form, "email"),
            website=_text(self.form, "website"),
            opening_hours=_text(self.form, "opening_hours"),
            description=_text(self.form, "description"),
            active=bool(data.get("active")),
            services=[
                ServiceInput(
                    need=f.cleaned_data["need"],
                    name=_text(f, "name"),
                    description=_text(f, "description"),
                    active=bool(f.cleaned_data.get("active")),
                    id=f.cleaned_data.get("id"),
                )
                for f in self._kept("services")
            ],
            areas=[
                AreaInput(
                    postcode_from=f.cleaned_data["postcode_from"],
                    postcode_to=f.cleaned_data["postcode_to"],
                    municipality=_text(f, "municipality"),
                    id=f.cleaned_data.get("id"),
                )
                for f in self._kept("areas")
            ],
            contacts=[
                ContactInput(
                    name=_text(f, "name"),
                    function=_text(f, "function"),
                    phone=_text(f, "phone"),
                    email=_text(f, "email"),
                    receives_referrals=bool(f.cleaned_data.get("receives_referrals")),
                    id=f.cleaned_data.get("id"),
                )
                for f in self._kept("contacts")
            ],
        )

    def add_service_errors(self, field_errors: dict[str, list[str]], message: str) -> None:
        """Each of the service's field errors on its field: "name" on the institution form, "services.0.name"
        on the first service row sent, "areas" above the areas. What fits nowhere goes above the form."""
        if not field_errors:
            self.form.add_error(None, message)
        for key, texts in field_errors.items():
            nested = _NESTED.match(key)
            for text in texts:
                if key in self.form.fields:
                    self.form.add_error(key, text)
                elif key in self.formsets:
                    self.section_errors.setdefault(key, []).append(text)
                elif nested and int(nested[2]) < len(self._rows.get(nested[1], [])):
                    row = self._rows[nested[1]][int(nested[2])]
                    row.add_error(nested[3] if nested[3] in row.fields else None, text)
                else:
                    self.form.add_error(None, text)

    def refresh_version(self, version: int) -> None:
        """After a conflict: keep what was typed, with the current version, so saving again is deliberate."""
        data = {**dict(self.form.data.items()), "version": str(version)}
        self.form = InstitutionForm(data)
        self.form.is_valid()


class VerifyForm(Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ImportUploadForm(Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, separated by commas or semicolons; the columns of the export."),
        error_messages={"required": _("Choose the CSV file to check.")},
    )


class ImportApplyForm(Form):
    csv_text = forms.CharField(widget=forms.Textarea, strip=False)
