from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from leatadmin.core.fields import BirthDateField, DayField, NumberField
from leatadmin.core.forms import LeatForm
from leatadmin.core.widgets import QuickSelect
from leatadmin.leat import errors
from leatadmin.leat.contacts import DELETION_TYPES
from leatadmin.leat.models import AttributeDefinition, Contact

from . import attributes
from .models import TRANSACTION_TYPES

EMAIL_MAX = 255


class LookupForm(forms.Form):
    """Anything a customer gives: email, UUID, card number, name, phone, postcode, part of an email."""

    q = forms.CharField(
        label=gettext_lazy("Search"),
        max_length=EMAIL_MAX,
        error_messages={"required": gettext_lazy("Type something to search for: an email, a name, a phone or card number.")},
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": gettext_lazy("Email, name, phone, postcode or card number"), "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, data=None, *args: Any, **kwargs: Any) -> None:
        # The box was called `email` before it took anything; old forms still post that.
        if data is not None and "q" not in data and "email" in data:
            data = data.copy()
            data["q"] = data["email"]
        super().__init__(data, *args, **kwargs)

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if len(query) < 2:
            raise forms.ValidationError(_("Type at least two characters: part of a name, an email, a phone or card number."))
        return query


PAGE_SIZES = (10, 25, 50, 100)


class TransactionFilterForm(forms.Form):
    """The transactions panel's filters, all in the URL (`tx_*`), as Leat
    filters them: type, shop and a range of days in the staff member's time zone."""

    tx_type = forms.ChoiceField(label=gettext_lazy("Type"), required=False, choices=list(TRANSACTION_TYPES.items()), widget=QuickSelect)
    tx_shop = forms.ChoiceField(label=gettext_lazy("Shop"), required=False, widget=QuickSelect)
    tx_from = DayField(label=pgettext_lazy("date range", "From"))
    tx_to = DayField(label=pgettext_lazy("date range", "To"))
    tx_per_page = forms.TypedChoiceField(label=gettext_lazy("Per page"), required=False, coerce=int, choices=[(n, n) for n in PAGE_SIZES], empty_value=PAGE_SIZES[0], widget=QuickSelect)

    def __init__(self, *args: Any, shops: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tx_shop"].choices = [("", _("All shops")), *shops]

    def full_clean(self) -> None:
        # Nonsense in a shared URL falls back to the defaults instead of an error.
        data = self.data.copy()
        for name in ("tx_type", "tx_per_page"):
            if data.get(name) not in {str(value) for value, _ in self.fields[name].choices}:
                data.pop(name, None)
        self.data = data
        super().full_clean()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        zone = timezone.get_current_timezone()
        first, last = cleaned.get("tx_from"), cleaned.get("tx_to")
        if first and last and last < first:
            self.add_error("tx_to", _("The end date is before the start date."))
        # Whole days in the staff member's zone, both ends included.
        cleaned["tx_from"] = dt.datetime.combine(first, dt.time.min, tzinfo=zone) if first else None
        cleaned["tx_to"] = dt.datetime.combine(last, dt.time.max.replace(microsecond=0), tzinfo=zone) if last else None
        cleaned["tx_per_page"] = cleaned.get("tx_per_page") or PAGE_SIZES[0]
        return cleaned


class EmailField(forms.EmailField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", EMAIL_MAX)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return super().clean(value).lower()


class ContactCreateForm(LeatForm):
    email = EmailField(label=gettext_lazy("Email"))
    # Leat creates a contact from its email alone; the names are its attributes
    # `firstname` and `lastname`, sent right after (contacts.services.contact_create).
    firstname = forms.CharField(label=gettext_lazy("First name"), required=False, max_length=255)
    lastname = forms.CharField(label=gettext_lazy("Last name"), required=False, max_length=255)
    referral_code = forms.CharField(label=gettext_lazy("Referral code"), required=False, max_length=255, help_text=gettext_lazy("Optional: a code from Leat's referral programme."))
    asynchronous = forms.BooleanField(
        label=gettext_lazy("Quick create (skip Leat's automatic set-up)"),
        required=False,
        help_text=gettext_lazy("Leat makes the contact faster, but leaves out the values it normally sets up for a new contact straight away. Leave this off unless you were asked to use it."),
    )
    leat_error_fields = {errors.ContactAlreadyExists: "email", errors.UsageLimitReached: None}
    leat_fields = {"attributes.firstname": "firstname", "attributes.lastname": "lastname"}

    #: The page of the contact that already has this email, when Leat refused a duplicate.
    existing_url = ""

    def names(self) -> dict[str, str]:
        return {name: self.cleaned_data[name].strip() for name in ("firstname", "lastname") if self.cleaned_data.get(name, "").strip()}

    def apply_leat_error(self, error: errors.LeatError) -> None:
        if isinstance(error, errors.ContactAlreadyExists) and self.existing_url:
            self.add_error("email", format_html(_('A contact with this email already exists. <a href="{}">Open that contact</a>.'), self.existing_url))
            return
        super().apply_leat_error(error)


class FindOrCreateForm(LeatForm):
    email = EmailField(label=gettext_lazy("Email"))
    leat_error_fields = {errors.UsageLimitReached: None}


class AnonymousContactForm(LeatForm):
    contact_identifier_value = forms.CharField(
        label=gettext_lazy("Loyalty card (identifier)"), required=False, max_length=255, help_text=gettext_lazy("Optional: the identifier of an unlinked loyalty card, e.g. CARD-200010.")
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
    email = EmailField(label=gettext_lazy("Real email"), help_text=gettext_lazy("If a contact with this email exists, the anonymous contact is merged into it."))
    leat_error_fields = {errors.ContactNotAnonymous: None, errors.ContactNotFound: None}


BOOLEAN_CHOICES = [("", "—"), ("true", gettext_lazy("Yes")), ("false", gettext_lazy("No"))]


def attribute_field(definition: AttributeDefinition) -> forms.Field:
    """The right field for one of Leat's attribute types."""
    kind = definition.type
    if kind == "select":
        field: forms.Field = forms.ChoiceField(required=False, choices=[("", "—"), *[(o.value, o.label) for o in definition.options]])
    elif kind == "boolean":
        field = forms.ChoiceField(required=False, choices=BOOLEAN_CHOICES)
    elif kind == "birth_date":
        field = BirthDateField()
    elif kind == "date":
        field = DayField()
    elif kind in attributes.NUMBER_TYPES:
        # A count ("Visits per month") is never negative; Leat's definition says no more than its name.
        floor = 0 if attributes.is_count(definition) else None
        field = NumberField(required=False, max_digits=15, decimal_places=4, min_value=floor, error_messages={"min_value": _("%(label)s cannot be negative.") % {"label": definition.label}})
    elif kind == "phone":
        field = forms.RegexField(
            regex=r"^\+?[0-9 ()\-]{3,30}$", required=False, max_length=30, error_messages={"invalid": gettext_lazy("Use digits, spaces, +, - and brackets only.")}, widget=forms.TextInput(attrs={"inputmode": "tel"})
        )
    elif kind == "email":
        field = forms.EmailField(required=False, max_length=EMAIL_MAX)
    else:
        field = forms.CharField(required=False, max_length=255)
    field.label = definition.label
    field.help_text = definition.description
    return field


class AttributesForm(ContactForm):
    """One field per editable attribute, built from Leat's definitions, in
    Leat's groups and order. Read-only attributes are never fields."""

    leat_error_fields = {errors.ContactNotFound: None}

    def __init__(self, *args: Any, contact: Contact, definitions: list[AttributeDefinition], **kwargs: Any) -> None:
        self.definitions = {d.name: d for d in definitions if attributes.is_editable(d)}
        kwargs["initial"] = {**{name: attributes.from_leat(d, contact.current_values.get(name)) for name, d in self.definitions.items()}, **kwargs.get("initial", {})}
        super().__init__(*args, contact=contact, **kwargs)
        self.leat_fields = {f"attributes.{name}": name for name in self.definitions}
        for name, definition in self.definitions.items():
            self.fields[name] = attribute_field(definition)

    def groups(self) -> list[tuple[str, list]]:
        """(legend, bound fields) per Leat group, for the form's fieldsets."""
        grouped: dict[str, list] = {}
        for name, definition in self.definitions.items():
            grouped.setdefault(attributes.group_label(definition.group), []).append(self[name])
        return list(grouped.items())

    def attributes(self) -> dict[str, Any]:
        """Each submitted field's value in the format Leat expects. A field the
        request did not carry at all is left alone, never taken as a wish to clear it."""
        return {name: attributes.to_leat(self.definitions[name], value) for name, value in self.cleaned_data.items() if name in self.definitions and name in self.data}


class DeleteContactForm(ContactForm):
    type = forms.ChoiceField(
        label=gettext_lazy("Deletion type"),
        choices=[("DEFAULT", gettext_lazy("Default: remove the contact, keep a log")), ("GDPR", gettext_lazy("GDPR: remove every reference to personal data"))],
        widget=forms.RadioSelect,
        initial="DEFAULT",
    )
    confirm_email = forms.CharField(label=gettext_lazy("Type the contact's email to confirm"), max_length=EMAIL_MAX)
    leat_error_fields = {errors.ContactNotFound: None}

    def clean_type(self) -> str:
        value = self.cleaned_data["type"]
        assert value in DELETION_TYPES
        return value

    def clean_confirm_email(self) -> str:
        typed = self.cleaned_data["confirm_email"].strip().lower()
        if self.contact.email and typed != self.contact.email.lower():
            raise forms.ValidationError(_("This is not the contact's email. Type it exactly to confirm."))
        return typed
