"""New contacts: create one, find or create one, create an anonymous one.
Each is one StaffAction (leatadmin/actions): submit-once, stale-form and
outcome-unknown handling come from there; here is only what is particular."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.actions.view import StaffAction
from leatadmin.core.claims import fingerprint
from leatadmin.core.failures import describe
from leatadmin.core.results import Did, Settled
from leatadmin.leat import errors

from . import selectors, services
from .corrections import contact_url
from .forms import AnonymousContactForm, ContactCreateForm, FindOrCreateForm


class _NewContact(StaffAction):
    permission = "staff.create_contacts"
    noun = gettext_lazy("contact")

    def post(self, request, *args, **kwargs):
        if "prefill" in request.POST:
            # From the lookup's "not found": the email comes in the body, not in a logged URL.
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def initial(self, target):
        return {"email": self.request.POST.get("email", "") if "prefill" in self.request.POST else ""}

    def cancel_url(self, target):
        return reverse("contacts:lookup")

    def check_url(self, form, target, entry):
        return reverse("contacts:lookup")

    def reconcile(self, form, target, entry):
        """A contact is found by its email: if Leat made it, it is there now."""
        email = form.cleaned_data.get("email")
        if not email:
            return None
        try:
            found = selectors.contact_by_email(email=email)
        except errors.ContactNotFound:
            return None
        return Settled(contact_url(found.uuid), found.uuid, {"uuid": found.uuid})


class ContactCreate(_NewContact):
    form_class = ContactCreateForm
    title, submit = gettext_lazy("Create a contact"), gettext_lazy("Create contact")

    def perform(self, form, target):
        data = form.cleaned_data
        try:
            return services.contact_create(
                user=self.request.user, email=data["email"], referral_code=data["referral_code"], asynchronous=data["asynchronous"], names=form.names()
            )
        except errors.ContactAlreadyExists:
            form.existing_url = self._existing(data["email"])  # the error links to it
            raise

    @staticmethod
    def _existing(email: str) -> str:
        try:
            return contact_url(selectors.contact_by_email(email=email).uuid)
        except errors.LeatError:
            return ""

    def success_url(self, done, target):
        return contact_url(done.obj.uuid)

    def success_message(self, done, target):
        email = self.request.POST.get("email", "").strip().lower()
        created = _("Contact %(email)s created in Leat.") % {"email": email}
        if done.note is None:
            return created
        # Made, but the names (a second write) did not go through: say so, and where to fix it.
        if done.note.outcome_unknown:
            return created + " " + _("Leat's answer to saving the name was lost, so the name may not be saved: check it on the contact page.")
        return created + " " + _("The name was not saved (%(reason)s): add it with Edit attributes.") % {"reason": describe(done.note).title}


class ContactFindOrCreate(_NewContact):
    form_class = FindOrCreateForm
    title, submit = gettext_lazy("Find or create a contact"), gettext_lazy("Find or create")
    intro = gettext_lazy("Finds the contact with this email, or creates it if there is none.")

    def perform(self, form, target):
        done = services.contact_find_or_create(user=self.request.user, email=form.cleaned_data["email"])
        selectors.contact_hand_over(done.obj)
        return done

    def success_url(self, done, target):
        return contact_url(done.obj.uuid)

    def success_message(self, done, target):
        if done.did is Did.FOUND:
            return _("Found an existing contact: %(email)s. Nothing was created.") % {"email": done.obj.email}
        return _("Created a new contact: %(email)s.") % {"email": done.obj.email}


class ContactCreateAnonymous(_NewContact):
    form_class = AnonymousContactForm
    title, submit = gettext_lazy("Create an anonymous contact"), gettext_lazy("Create anonymous contact")
    intro = gettext_lazy("For a customer who cannot (yet) be identified by email: they can collect credits now and be claimed later.")

    def initial(self, target):
        return {}

    def fingerprint(self, form, target):
        # The same card twice is the same customer; without a card, the token guards.
        card = form.cleaned_data.get("contact_identifier_value")
        return fingerprint("contact.create_anonymous", card) if card else None

    def reconcile(self, form, target, entry):
        return None  # an anonymous contact cannot be looked up by anything leatadmin knows

    def perform(self, form, target):
        return services.contact_create_anonymous(user=self.request.user, identifier=form.cleaned_data["contact_identifier_value"])

    def success_url(self, done, target):
        return contact_url(done.obj.uuid)

    def success_message(self, done, target):
        return _("Anonymous contact created. Claim it with a real email when the customer gives one.")


create = ContactCreate.as_view()
find_or_create = ContactFindOrCreate.as_view()
create_anonymous = ContactCreateAnonymous.as_view()
