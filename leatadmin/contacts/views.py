"""Customer service: look a contact up, see everything about them, fix them.

The contact page is one streamed request: its Leat calls start together and
each panel shows as its calls are in (contacts/page.py). Each panel
also has its own URL, which htmx uses to page, filter, retry or refresh it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leatadmin.actions.view import StaffAction
from leatadmin.core.claims import fingerprint
from leatadmin.core.failures import describe
from leatadmin.core.htmx import redirect_after_write, render_page
from leatadmin.core.results import Did, Settled
from leatadmin.core.templatetags.leat_format import yes_no
from leatadmin.core.values import holds_what_was_sent
from leatadmin.directory.finder import Found, contact_find
from leatadmin.directory.folding import unquote
from leatadmin.leat import errors
from leatadmin.leat.models import AttributeDefinition, Contact

from . import attributes, exports, page, panels, selectors, services
from .forms import (
    TRANSACTION_TYPES,
    AnonymousContactForm,
    AttributesForm,
    ClaimForm,
    ContactCreateForm,
    DeleteContactForm,
    FindOrCreateForm,
    LookupForm,
)
from .models import TransactionExport

# --- Lookup and the contact page -------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("staff.view_contacts", raise_exception=True)
def lookup(request: HttpRequest) -> HttpResponse:
    # The query is posted, never put in a URL: request lines end up in access
    # logs, and results are rendered in the answer for the same reason. The
    # next page of results is posted the same way (the query in the body).
    form = LookupForm(request.POST or None)
    context: dict = {"form": form}
    if form.is_bound and form.is_valid():
        try:
            found = _find(form, request.POST.get("page"))
        except errors.InvalidInput as error:
            form.add_error("q", " ".join(sum(error.field_errors.values(), [])) or _("Leat did not accept this search."))
        else:
            found = found or Found(query="")  # only quotes were typed: the message is at the field
            if found.contact is not None:
                selectors.contact_hand_over(found.contact)
            if found.target:
                return redirect("contacts:detail", uuid=found.target)
            context["found"] = found
            if found.card_inactive and request.user.has_perm("staff.view_contacts"):
                # Whose the blocked card was: a customer's contact details, for staff who may see contacts only.
                context["card_owner"] = selectors.blocked_card_owner(value=found.query, told=found.card_contact)
            if found.not_found:
                context["not_found"] = found.query
                context["not_found_is_email"] = found.is_email
    # Only a page that is shown lists them: a lookup that goes straight to the
    # contact asks Leat without this query ahead of it.
    context["recent"] = selectors.recent_contacts(user=request.user)
    return render(request, "contacts/lookup.html", context)


def _find(form: LookupForm, page: str | None) -> Found | None:
    """What the search finds, or None (and a message at the field) when only quotes were typed around it."""
    query = unquote(form.cleaned_data["q"])
    if len(query) < 2:
        form.add_error("q", _("Type at least two characters: part of a name, an email, a phone or card number."))
        return None
    return contact_find(query=query, page=_page(page))


def _page(value: str | None) -> int:
    """The results page asked for (the lookup's Next / Previous buttons); anything else is the first."""
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


@require_GET
@permission_required("staff.view_contacts", raise_exception=True)
def detail(request: HttpRequest, uuid: str) -> HttpResponse:
    return page.page(request, uuid)


@require_GET
def panel(request: HttpRequest, uuid: str, name: str) -> HttpResponse:
    """One panel of the contact page on its own URL (htmx: paging, filters, Retry, refresh)."""
    shown = panels.named(name)
    if not request.user.has_perm(shown.permission):
        raise PermissionDenied
    response = page.panel_response(request, uuid, shown)
    return page.with_history(request, uuid, response, trigger=shown.history_trigger) if shown.history_trigger else response


# --- Actions ----------------------------------------------------------------
# Each is one StaffAction (leatadmin/actions): submit-once, stale-form and
# outcome-unknown handling come from there; here is only what is particular.


def _detail(uuid: str) -> str:
    return reverse("contacts:detail", args=[uuid])


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
        return Settled(_detail(found.uuid), found.uuid, {"uuid": found.uuid})


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
            return _detail(selectors.contact_by_email(email=email).uuid)
        except errors.LeatError:
            return ""

    def success_url(self, done, target):
        return _detail(done.obj.uuid)

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
        return _detail(done.obj.uuid)

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
        return _detail(done.obj.uuid)

    def success_message(self, done, target):
        return _("Anonymous contact created. Claim it with a real email when the customer gives one.")


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
        return _detail(self.kwargs["uuid"])

    def check_url(self, form, target, entry):
        return _detail(self.kwargs["uuid"])

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
        return Settled(_detail(found.uuid), found.uuid, {"email": found.email})

    def success_url(self, done, target):
        return _detail(done.obj.uuid)

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
        return Settled(_detail(target.uuid), after=dict(entry.sent)) if holds_what_was_sent(now.current_values, entry.sent) else None

    def success_url(self, done, target):
        return _detail(target.uuid)

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


create = ContactCreate.as_view()
find_or_create = ContactFindOrCreate.as_view()
create_anonymous = ContactCreateAnonymous.as_view()
claim = ContactClaim.as_view()
edit = ContactEdit.as_view()
delete = ContactDelete.as_view()


# --- Export ---------------------------------------------------------------------


@require_POST
@permission_required("staff.export_data", raise_exception=True)
def export_transactions(request: HttpRequest, uuid: str) -> HttpResponse:
    kind = request.POST.get("tx_type", "")
    export = exports.export_start(user=request.user, contact_uuid=uuid, kind=kind if kind in TRANSACTION_TYPES else None)
    return redirect_after_write(request, reverse("contacts:export", args=[export.pk]))


@require_GET
@permission_required("staff.export_data", raise_exception=True)
def export_progress(request: HttpRequest, pk: int) -> HttpResponse:
    export = exports.export_check(get_object_or_404(TransactionExport, pk=pk, user=request.user))
    return render_page(request, "contacts/export.html", {"export": export}, partial="progress")


@require_GET
@permission_required("staff.export_data", raise_exception=True)
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = get_object_or_404(TransactionExport, pk=pk, user=request.user, status=TransactionExport.Status.DONE)
    file = exports.export_open(export)
    if file is None:
        raise Http404(_("This export has expired. Start it again."))
    return FileResponse(file, as_attachment=True, filename=f"transactions-{export.contact_uuid}.csv", content_type="text/csv; charset=utf-8")
