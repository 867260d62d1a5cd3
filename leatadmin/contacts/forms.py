from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from leatadmin.core.fields import BirthDateField, ContactReferenceField
from leatadmin.core.forms import LeatForm
from leatadmin.leat import errors
from leatadmin.leat.contacts import DELETION_TYPES
from leatadmin.leat.models import Contact

from . import attributes

EMAIL_MAX = 255


class LookupForm(forms.Form):
    email = ContactReferenceField(
        label="Email", help_text="", widget=forms.TextInput(attrs={"placeholder": "name@example.com or contact UUID", "autocomplete": "off", "spellcheck": "false"})
    )


class EmailField(forms.EmailField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", EMAIL_MAX)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return super().clean(value).lower()


class ContactCreateForm(LeatForm):
    email = EmailField(label="Email")
    referral_code = forms.CharField(label="Referral code", required=False, max_length=255, help_text="Optional: a code from Leat's referral programme.")
    asynchronous = forms.BooleanField(label="Create asynchronously", required=False, help_text="Faster: Leat skips the system values it normally sets up at once.")
    leat_error_fields = {errors.ContactAlreadyExists: "email", errors.UsageLimitReached: None}


class FindOrCreateForm(LeatForm):
    email = EmailField(label="Email")
    leat_error_fields = {errors.UsageLimitReached: None}


class AnonymousContactForm(LeatForm):
    contact_identifier_value = forms.CharField(
        label="Loyalty card (identifier)", required=False, max_length=255, help_text="Optional: the identifier of an unlinked loyalty card, e.g. CARD-200010."
    )
    leat_error_fields = {
        errors.IdentifierNotFound: "contact_identifier_value",
        errors.IdentifierAlreadyLinked: "contact_identifier_value",
        errors.ContactAlreadyExists: "contact_identifier_value",
        errors.UsageLimitReached: None,
    }


class ContactForm(LeatForm):
    """A write about one existing contact, which the form keeps as `self.contact`."""

    def __init__(self, *args: Any, contact: Contact, **kwargs: Any) -> None:
        self.contact = contact
        super().__init__(*args, **kwargs)


class ClaimForm(ContactForm):
    email = EmailField(label="Real email", help_text="If a contact with this email exists, the anonymous contact is merged into it.")
    leat_error_fields = {errors.ContactNotAnonymous: None, errors.ContactNotFound: None}


class AttributesForm(ContactForm):
    """One field per editable attribute of this contact; system values are not fields at all."""

    leat_error_fields = {errors.ContactNotFound: None}

    def __init__(self, *args: Any, contact: Contact, **kwargs: Any) -> None:
        names = attributes.editable_names(contact.current_values)
        kwargs.setdefault("initial", {name: contact.current_values.get(name) or "" for name in names})
        super().__init__(*args, contact=contact, **kwargs)
        self.leat_fields = {f"attributes.{name}": name for name in names}
        for name in names:
            if name == "birthdate":
                field: forms.Field = BirthDateField()
            else:
                field = forms.CharField(required=False, max_length=255)
            field.label = attributes.label(name)
            self.fields[name] = field

    def attributes(self) -> dict[str, Any]:
        values = {}
        for name, value in self.cleaned_data.items():
            values[name] = value.isoformat() if isinstance(value, dt.date) else (value or "")
        return values


class DeleteContactForm(ContactForm):
    type = forms.ChoiceField(
        label="Deletion type",
        choices=[("DEFAULT", "Default: remove the contact, keep a log"), ("GDPR", "GDPR: remove every reference to personal data")],
        widget=forms.RadioSelect,
        initial="DEFAULT",
    )
    confirm_email = forms.CharField(label="Type the contact's email to confirm", max_length=EMAIL_MAX)
    leat_error_fields = {errors.ContactNotFound: None}

    def clean_type(self) -> str:
        value = self.cleaned_data["type"]
        assert value in DELETION_TYPES
        return value

    def clean_confirm_email(self) -> str:
        typed = self.cleaned_data["confirm_email"].strip().lower()
        if self.contact.email and typed != self.contact.email.lower():
            raise forms.ValidationError("This is not the contact's email. Type it exactly to confirm.")
        return typed
