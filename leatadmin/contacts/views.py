"""Customer service: look a contact up, see everything about them, fix them.

The contact page is a shell that paints at once; its panels (profile,
transactions, visits, bookings) load themselves in parallel through htmx,
each with its own spinner and its own error. Each Leat call happens once.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url

from leatadmin.core.htmx import redirect_after_write, render_form, render_page
from leatadmin.core.paging import page_number
from leatadmin.leat import errors
from leatadmin.leat.models import Contact
from leatadmin.visits.tables import VisitTable

from . import attributes, exports, selectors, services
from .forms import (
    AnonymousContactForm,
    AttributesForm,
    ClaimForm,
    ContactCreateForm,
    DeleteContactForm,
    FindOrCreateForm,
    LookupForm,
)
from .models import TransactionExport
from .tables import TransactionTable

TRANSACTION_TYPES = {"": "All types", "credit_receptions": "Credits received", "reward_receptions": "Rewards"}
PAGE_SIZES = (10, 25, 50, 100)
VISITS_PER_PAGE = 10


def _panel(request: HttpRequest, uuid: str, template: str, context: dict) -> HttpResponse:
    """Panels are htmx fragments; opened directly, they send you to the contact page."""
    if not request.htmx:
        query = request.GET.urlencode()
        return redirect(reverse("contacts:detail", args=[uuid]) + (f"?{query}" if query else ""))
    return render(request, template, {"uuid": uuid, **context})


def _page_query(request: HttpRequest, *own: str) -> list[tuple[str, str]]:
    """The page's other query parameters, kept when a panel changes its own."""
    return [(key, value) for key, values in request.GET.lists() if key not in own for value in values]


# --- Lookup and the contact page -------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("staff.view_contacts", raise_exception=True)
def lookup(request: HttpRequest) -> HttpResponse:
    # The email is posted, never put in a URL: request lines end up in access logs.
    form = LookupForm(request.POST or None)
    context: dict = {"form": form, "recent": selectors.recent_contacts(user=request.user)}
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["email"]
        try:
            contact = selectors.contact_lookup(query=query)
        except errors.ContactNotFound:
            context["not_found"] = query
            context["not_found_is_email"] = "@" in query
        except errors.InvalidInput as error:
            form.add_error("email", " ".join(sum(error.field_errors.values(), [])) or "Leat did not accept this email address.")
        else:
            return redirect("contacts:detail", uuid=contact.uuid)
    return render(request, "contacts/lookup.html", context)


@require_GET
@permission_required("staff.view_contacts", raise_exception=True)
def detail(request: HttpRequest, uuid: str) -> HttpResponse:
    query = request.GET.urlencode()
    return render(request, "contacts/detail.html", {"uuid": uuid, "query": f"?{query}" if query else ""})


@require_GET
@permission_required("staff.view_contacts", raise_exception=True)
def profile_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    contact = selectors.contact_get(uuid=uuid)
    services.recent_contact_record(user=request.user, contact=contact)
    return _panel(
        request,
        uuid,
        "contacts/panels/profile.html",
        {
            "contact": contact,
            "editable": [(attributes.label(n), contact.current_display_values.get(n) or contact.current_values.get(n)) for n in attributes.editable_names(contact.current_values)],
            "system": attributes.system_values(contact.current_values, contact.current_display_values),
        },
    )


@require_GET
@permission_required("staff.view_contacts", raise_exception=True)
def transactions_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    kind = request.GET.get("tx_type", "")
    kind = kind if kind in TRANSACTION_TYPES else ""
    try:
        per_page = int(request.GET.get("tx_per_page", PAGE_SIZES[0]))
    except ValueError:
        per_page = PAGE_SIZES[0]
    per_page = per_page if per_page in PAGE_SIZES else PAGE_SIZES[0]
    page = selectors.contact_transactions(uuid=uuid, type=kind or None, page=page_number(request, "tx_page"), per_page=per_page)
    table = TransactionTable(page, panel_url=reverse("contacts:transactions", args=[uuid]), page_field="tx_page")
    response = _panel(
        request,
        uuid,
        "contacts/panels/transactions.html",
        {"table": table, "types": TRANSACTION_TYPES, "kind": kind, "sizes": PAGE_SIZES, "per_page": per_page, "keep": _page_query(request, "tx_type", "tx_per_page", "tx_page")},
    )
    if request.htmx and request.htmx.trigger == "tx-filter":
        # A filter change is a new place in history: the contact page with these filters.
        push_url(response, reverse("contacts:detail", args=[uuid]) + f"?{request.GET.urlencode()}")
    return response


@require_GET
@permission_required("staff.view_visits", raise_exception=True)
def visits_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    page = selectors.contact_visits(uuid=uuid, page=page_number(request, "v_page"), per_page=VISITS_PER_PAGE)
    table = VisitTable(page, panel_url=reverse("contacts:visits", args=[uuid]), page_field="v_page")
    return _panel(request, uuid, "contacts/panels/visits.html", {"table": table})


# --- Actions ----------------------------------------------------------------


def _form_page(request: HttpRequest, form, *, title: str, submit: str, cancel: str, contact: Contact | None = None, intro: str = "", danger: bool = False) -> HttpResponse:
    context = {"form": form, "title": title, "submit": submit, "cancel_url": cancel, "contact": contact, "intro": intro, "danger": danger}
    return render_form(request, "core/form_page.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("staff.create_contacts", raise_exception=True)
def create(request: HttpRequest) -> HttpResponse:
    if "prefill" in request.POST:
        # From the lookup's "not found": the email comes in the body, not in a logged URL.
        form = ContactCreateForm(initial={"email": request.POST.get("email", "")})
    else:
        form = ContactCreateForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            ref = services.contact_create(
                user=request.user, email=form.cleaned_data["email"], referral_code=form.cleaned_data["referral_code"], asynchronous=form.cleaned_data["asynchronous"]
            )
        except errors.LeatError as error:
            form.apply_leat_error(error)
        else:
            messages.success(request, f"Contact {form.cleaned_data['email']} created.")
            return redirect_after_write(request, reverse("contacts:detail", args=[ref.uuid]))
    return _form_page(request, form, title="Create a contact", submit="Create contact", cancel=reverse("contacts:lookup"))


@require_http_methods(["GET", "POST"])
@permission_required("staff.create_contacts", raise_exception=True)
def find_or_create(request: HttpRequest) -> HttpResponse:
    form = FindOrCreateForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_find_or_create(user=request.user, email=form.cleaned_data["email"])
        except errors.LeatError as error:
            form.apply_leat_error(error)
        else:
            selectors.contact_hand_over(contact)
            messages.success(request, f"Found or created {contact.email}.")
            return redirect_after_write(request, reverse("contacts:detail", args=[contact.uuid]))
    intro = "Finds the contact with this email, or creates it if there is none."
    return _form_page(request, form, title="Find or create a contact", submit="Find or create", cancel=reverse("contacts:lookup"), intro=intro)


@require_http_methods(["GET", "POST"])
@permission_required("staff.create_contacts", raise_exception=True)
def create_anonymous(request: HttpRequest) -> HttpResponse:
    form = AnonymousContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ref = services.contact_create_anonymous(user=request.user, identifier=form.cleaned_data["contact_identifier_value"])
        except errors.LeatError as error:
            form.apply_leat_error(error)
        else:
            messages.success(request, "Anonymous contact created. Claim it with a real email when the customer gives one.")
            return redirect_after_write(request, reverse("contacts:detail", args=[ref.uuid]))
    intro = "For a customer who cannot (yet) be identified by email: they can collect credits now and be claimed later."
    return _form_page(request, form, title="Create an anonymous contact", submit="Create anonymous contact", cancel=reverse("contacts:lookup"), intro=intro)


def _contact_for_write(request: HttpRequest, uuid: str, form_class):
    """Fetch the contact a write is about. If Leat fails now, the form comes
    back with what was typed and the failure, instead of an error page."""
    try:
        return selectors.contact_get(uuid=uuid), None
    except (errors.Unavailable, errors.RateLimited) as error:
        posted = [name for name in request.POST if name != "csrfmiddlewaretoken" and not attributes.is_system(name)]
        stand_in = Contact(uuid=uuid, email="", current_values={name: "" for name in posted})
        form = form_class(request.POST or None, contact=stand_in)
        form.apply_leat_error(error)
        return None, form


@require_http_methods(["GET", "POST"])
@permission_required("staff.edit_contacts", raise_exception=True)
def claim(request: HttpRequest, uuid: str) -> HttpResponse:
    cancel = reverse("contacts:detail", args=[uuid])
    contact, failed = _contact_for_write(request, uuid, ClaimForm)
    if failed is not None:
        return _form_page(request, failed, title="Claim anonymous contact", submit="Claim", cancel=cancel)
    form = ClaimForm(request.POST or None, contact=contact)
    if request.method == "POST" and form.is_valid():
        try:
            claimed = services.contact_claim(user=request.user, contact=contact, email=form.cleaned_data["email"])
        except errors.LeatError as error:
            form.apply_leat_error(error)
        else:
            selectors.contact_hand_over(claimed)
            if claimed.uuid != contact.uuid:
                messages.success(request, f"{claimed.email} already existed: the anonymous contact was merged into it.")
            else:
                messages.success(request, f"The anonymous contact is now {claimed.email}.")
            return redirect_after_write(request, reverse("contacts:detail", args=[claimed.uuid]))
    intro = "Give this anonymous contact the customer's real email. If a contact with that email exists, Leat merges the two into it."
    if not contact.is_anonymous:
        intro = "This contact is not anonymous; Leat will refuse to claim it."
    return _form_page(request, form, title="Claim anonymous contact", submit="Claim", cancel=cancel, contact=contact, intro=intro)


@require_http_methods(["GET", "POST"])
@permission_required("staff.edit_contacts", raise_exception=True)
def edit(request: HttpRequest, uuid: str) -> HttpResponse:
    cancel = reverse("contacts:detail", args=[uuid])
    contact, failed = _contact_for_write(request, uuid, AttributesForm)
    if failed is not None:
        return _form_page(request, failed, title="Edit contact", submit="Save changes", cancel=cancel)
    form = AttributesForm(request.POST or None, contact=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update_attributes(user=request.user, contact=contact, attributes=form.attributes())
        except errors.LeatError as error:
            form.apply_leat_error(error)
        else:
            messages.success(request, "Changes saved in Leat.")
            return redirect_after_write(request, cancel)
    intro = "System values (balances, dates, statuses) belong to Leat and are not editable."
    return _form_page(request, form, title=f"Edit {contact.email or 'contact'}", submit="Save changes", cancel=cancel, contact=contact, intro=intro)


@require_http_methods(["GET", "POST"])
@permission_required("staff.delete_contacts", raise_exception=True)
def delete(request: HttpRequest, uuid: str) -> HttpResponse:
    cancel = reverse("contacts:detail", args=[uuid])
    contact, failed = _contact_for_write(request, uuid, DeleteContactForm)
    if failed is not None:
        return _form_page(request, failed, title="Delete contact", submit="Delete contact", cancel=cancel, danger=True)
    form = DeleteContactForm(request.POST or None, contact=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_delete(user=request.user, contact=contact, type=form.cleaned_data["type"])
        except errors.LeatError as error:
            form.apply_leat_error(error)
        else:
            messages.success(request, f"Deletion of {contact.email} ({form.cleaned_data['type']}) is scheduled. Leat removes the contact within a few minutes.")
            return redirect_after_write(request, reverse("contacts:lookup"))
    intro = "This cannot be undone. The contact's credit balance and links to visits, bookings and transactions are removed."
    return _form_page(request, form, title=f"Delete {contact.email}", submit="Delete contact", cancel=cancel, contact=contact, intro=intro, danger=True)


# --- Export ---------------------------------------------------------------------


@require_POST
@permission_required("staff.export_data", raise_exception=True)
def export_transactions(request: HttpRequest, uuid: str) -> HttpResponse:
    kind = request.POST.get("tx_type", "")
    export = exports.export_start(user=request.user, contact_uuid=uuid, kind=kind if kind in TRANSACTION_TYPES and kind else None)
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
        raise Http404("This export has expired. Start it again.")
    return FileResponse(file, as_attachment=True, filename=f"transactions-{export.contact_uuid}.csv", content_type="text/csv; charset=utf-8")
