"""Changing a contact: claim an anonymous one, edit its attributes, delete it
(DEFAULT or GDPR). Each is one StaffAction (leatadmin/actions)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.actions.view import StaffAction
from leatadmin.core.results import Did, Settled
from leatadmin.core.templatetags.leat_format import yes_no
from leatadmin.core.values import holds_what_was_sent
from leatadmin.leat import errors
from leatadmin.leat.models import AttributeDefinition, Contact

from . import attributes, selectors, services
from .corrections import contact_url
from .forms import AttributesForm, ClaimForm, DeleteContactForm


class _ContactAction(StaffAction):
    """An action on one existing contact, loaded from Leat first."""

    permission = "staff.edit_contacts"
    noun = gettext_lazy("change")

    def load(self):
        return selectors.contact_get(uuid=self.kwargs["uuid"])

    def stand_in(self):
        # Leat is unavailable: bind the form to a blank contact so what was typed is kept.
        posted = {name: "" for name in self.request.POST if name not in ("csrfmiddlewaretoken", "token", "version", "confirm_duplicate")}
        return Contact(uuid=self.kwargs["uuid"], email="", current_values=posted)

    def form_kwargs(self, target):
        return {"contact": target}

    def target_id(self, target):
        return self.kwargs["uuid"]

    def cancel_url(self, target):
        return contact_url(self.kwargs["uuid"])

    def check_url(self, form, target, entry):
        return contact_url(self.kwargs["uuid"])

    def extra_context(self, target):
        return {"contact": target if target and target.email else None}


class ContactClaim(_ContactAction):
    form_class = ClaimForm
    title, submit = gettext_lazy("Claim anonymous contact"), gettext_lazy("Claim")

    def values(self, target):
        return {"email": target.email, "is_anonymous": target.is_anonymous} if target.email else None

    def labels(self):
        return {"email": _("Email"), "is_anonymous": _("Anonymous")}

    def value_text(self, name, value):
        return yes_no(value) if name == "is_anonymous" else value

    def perform(self, form, target):
        done = services.contact_claim(user=self.request.user, contact=target, email=form.cleaned_data["email"])
        selectors.contact_hand_over(done.obj)
        return done

    def reconcile(self, form, target, entry):
        try:
            found = selectors.contact_by_email(email=form.cleaned_data["email"])
        except errors.ContactNotFound:
            return None
        return Settled(contact_url(found.uuid), found.uuid, {"email": found.email})

    def success_url(self, done, target):
        return contact_url(done.obj.uuid)

    def success_message(self, done, target):
        if done.note:
            return _("%(email)s already existed: the anonymous contact was merged into it.") % {"email": done.obj.email}
        return _("The anonymous contact is now %(email)s.") % {"email": done.obj.email}

    def extra_context(self, target):
        intro = _("Give this anonymous contact the customer's real email. If a contact with that email exists, Leat merges the two into it.")
        if target is not None and target.email and not target.is_anonymous:
            intro = _("This contact is not anonymous; Leat will refuse to claim it.")
        return {**super().extra_context(target), "intro": intro}


class ContactEdit(_ContactAction):
    form_class = AttributesForm
    submit = gettext_lazy("Save changes")
    intro = gettext_lazy("Attributes Leat marks read-only (balances, dates, statuses) are not editable and are not shown here.")

    def definitions(self):
        """Leat's attribute definitions, asked once per request (None if Leat failed)."""
        if not hasattr(self, "_definitions"):
            try:
                self._definitions = attributes.attribute_definitions()
            except errors.LeatError as error:
                self._definitions, self._definitions_error = None, error
        return self._definitions

    def form_kwargs(self, target):
        definitions = self.definitions()
        if definitions is None:
            # Leat is unavailable: keep whatever was typed as plain text fields.
            definitions = [AttributeDefinition(name=name, label=name.replace("_", " ").capitalize(), type="text") for name in target.current_values]
        return {"contact": target, "definitions": definitions}

    def load(self):
        contact = super().load()
        if self.definitions() is None:
            raise self._definitions_error  # shown on the form, like a failure to load the contact
        return contact

    def values(self, target):
        if not target.email:
            return None
        return {name: target.current_values.get(name) for name in sorted(target.current_values) if name in self._editable()}

    def _editable(self):
        return {d.name for d in self.definitions() or [] if attributes.is_editable(d)}

    def labels(self):
        return {d.name: d.label for d in self.definitions() or []}

    def perform(self, form, target):
        return services.contact_update_attributes(user=self.request.user, contact=target, attributes=form.attributes())

    def reconcile(self, form, target, entry):
        """Settled if Leat now holds exactly what was sent."""
        now = selectors.contact_now(uuid=target.uuid)
        return Settled(contact_url(target.uuid), after=dict(entry.sent)) if holds_what_was_sent(now.current_values, entry.sent) else None

    def success_url(self, done, target):
        return contact_url(target.uuid)

    def success_message(self, done, target):
        if done.did is Did.UNCHANGED:
            return _("No changes, nothing was sent.")
        return _("Changes saved in Leat: %(fields)s.") % {"fields": ", ".join(self.labels().get(name, name) for name in done.fields)}

    def extra_context(self, target):
        title = _("Edit %(email)s") % {"email": target.email} if target.email else _("Edit contact")
        return {**super().extra_context(target), "title": title}


class ContactDelete(_ContactAction):
    permission = "staff.delete_contacts"
    form_class = DeleteContactForm
    submit = gettext_lazy("Delete contact")
    danger = True
    fresh_check = True  # either kind cannot be undone (leatadmin/signin/fresh.py)
    intro = gettext_lazy("This cannot be undone. The contact's credit balance and links to visits, bookings and transactions are removed.")

    def perform(self, form, target):
        return services.contact_delete(user=self.request.user, contact=target, type=form.cleaned_data["type"])

    def reconcile(self, form, target, entry):
        try:
            selectors.contact_now(uuid=target.uuid)
        except errors.NotFound:
            return Settled(reverse("contacts:lookup"), after={"deleted": True})  # gone already: the deletion happened
        return None  # still there: Leat may only have scheduled it, or not received it

    def success_url(self, done, target):
        return reverse("contacts:lookup")

    def success_message(self, done, target):
        return _("Deletion of %(email)s (%(type)s) is scheduled. Leat removes the contact within a few minutes.") % {"email": target.email, "type": self.request.POST.get("type")}

    def extra_context(self, target):
        title = _("Delete %(email)s") % {"email": target.email} if target.email else _("Delete contact")
        return {**super().extra_context(target), "title": title}


claim = ContactClaim.as_view()
edit = ContactEdit.as_view()
delete = ContactDelete.as_view()
