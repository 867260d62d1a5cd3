"""Bookings: the ledger list, a booking with its history, create, correct,
correct one made elsewhere, and the one-click actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from leatadmin.contacts.selectors import contact_resolve
from leatadmin.core.failures import describe
from leatadmin.core.htmx import redirect_after_write, render_form, render_page
from leatadmin.core.submissions import create_once, new_token
from leatadmin.leat import errors
from leatadmin.shops.selectors import shop_choices

from . import selectors, services, status
from .forms import BookingCorrectForm, BookingCreateForm, BookingDetailsForm, BookingElsewhereForm, BookingFilterForm
from .tables import BookingTable, ContactBookingTable

PER_PAGE = 25
ACTIONS = {
    "check-in": (services.booking_check_in, "Checked in."),
    "complete": (services.booking_complete, "Marked completed."),
    "cancel": (services.booking_cancel, "Booking canceled."),
}


@require_GET
@permission_required("staff.view_bookings", raise_exception=True)
def booking_list(request: HttpRequest) -> HttpResponse:
    form = BookingFilterForm(request.GET or None, shops=selectors.booking_shop_choices(), statuses=selectors.booking_status_choices())
    bookings = selectors.booking_search()
    if form.is_valid():
        data = form.cleaned_data
        bookings = selectors.booking_search(query=data["q"], shop_uuid=data["shop"], status=data["status"], date_from=data["date_from"], date_to=data["date_to"])
    elif form.is_bound:
        bookings = bookings.none()  # a filter that cannot be read lists nothing, not everything
    table = BookingTable(bookings, panel_url=reverse("bookings:list"))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render_page(request, "bookings/list.html", {"form": form, "table": table}, partial="results")


@require_GET
@permission_required("staff.view_bookings", raise_exception=True)
def booking_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    record = selectors.booking_get(uuid=uuid)
    return render(request, "bookings/detail.html", {"booking": record, "history": record.changes.select_related("audit")})


@require_GET
@permission_required("staff.view_bookings", raise_exception=True)
def contact_bookings_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    """The contact page's bookings panel: from the ledger, no Leat call."""
    if not request.htmx:
        return redirect("contacts:detail", uuid=uuid)
    table = ContactBookingTable(selectors.contact_bookings(contact_uuid=uuid), panel_url=reverse("contacts:bookings", args=[uuid]), page_field="b_page", prefix="b_")
    RequestConfig(request, paginate={"per_page": 10}).configure(table)
    return render(request, "contacts/panels/bookings.html", {"table": table, "uuid": uuid})


def _form_page(request, form, *, title, submit, cancel, booking=None, intro=""):
    # Shop and contact cannot change in Leat: shown, not fields.
    facts = [("Shop", booking.shop_name or booking.shop_uuid), ("Contact", booking.contact_email or booking.contact_uuid)] if booking else None
    context = {"form": form, "title": title, "submit": submit, "cancel_url": cancel, "facts": facts, "intro": intro, "shop_refresh": "shop" in form.fields}
    return render_form(request, "core/form_page.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("staff.manage_bookings", raise_exception=True)
def booking_create(request: HttpRequest) -> HttpResponse:
    initial = {"token": new_token(), "status": "created", "contact": request.GET.get("contact", "")}
    form = BookingCreateForm(request.POST or None, shop_choices=shop_choices(), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create() -> str:
            contact = contact_resolve(reference=data["contact"])
            record = services.booking_create(user=request.user, shop_uuid=data["shop"], contact_uuid=contact.uuid, contact_email=contact.email, fields=form.to_leat())
            return reverse("bookings:detail", args=[record.uuid])

        if response := create_once(request, form, create, noun="booking"):
            return response
    return _form_page(request, form, title="New booking", submit="Create booking", cancel=reverse("bookings:list"))


@require_http_methods(["GET", "POST"])
@permission_required("staff.manage_bookings", raise_exception=True)
def booking_correct(request: HttpRequest, uuid: str) -> HttpResponse:
    record = selectors.booking_get(uuid=uuid)
    form = BookingCorrectForm(request.POST or None, initial=BookingDetailsForm.initial_from(record))
    if request.method == "POST" and form.is_valid():
        try:
            before = record.updated_at
            services.booking_correct(user=request.user, record=record, fields=form.to_leat(), reason=form.cleaned_data["reason"])
        except errors.LeatError as error:
            form.apply_leat_error(error)
        else:
            messages.success(request, "Correction saved in Leat." if record.updated_at != before else "Nothing was changed, so nothing was sent.")
            return redirect_after_write(request, reverse("bookings:detail", args=[uuid]))
    intro = "Change what came in wrong. Only the fields you change are sent to Leat; the reason goes into the booking's history."
    return _form_page(request, form, title="Correct booking", submit="Save correction", cancel=reverse("bookings:detail", args=[uuid]), booking=record, intro=intro)


@require_http_methods(["GET", "POST"])
@permission_required("staff.manage_bookings", raise_exception=True)
def booking_correct_elsewhere(request: HttpRequest) -> HttpResponse:
    form = BookingElsewhereForm(request.POST or None, initial={"uuid": request.GET.get("uuid", "")})
    if request.method == "POST" and form.is_valid():
        try:
            record = services.booking_correct_elsewhere(user=request.user, uuid=form.cleaned_data["uuid"], fields=form.to_leat(), reason=form.cleaned_data["reason"])
        except errors.LeatError as error:
            form.apply_leat_error(error)
        else:
            messages.success(request, "Correction saved in Leat; the booking is now in the ledger.")
            return redirect_after_write(request, reverse("bookings:detail", args=[record.uuid]))
    intro = "For a booking made outside leatadmin: paste its identifier and fill in only what should change. Blank fields stay as they are in Leat."
    return _form_page(request, form, title="Correct a booking made elsewhere", submit="Send correction", cancel=reverse("bookings:list"), intro=intro)


@require_POST
@permission_required("staff.manage_bookings", raise_exception=True)
def booking_action(request: HttpRequest, uuid: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such booking action.")
    record = selectors.booking_get(uuid=uuid)
    run, done = ACTIONS[action]
    if why := status.refusal(record, action):
        # Refused by the booking's status: nothing goes to Leat.
        context = {"booking": record, "history": record.changes.select_related("audit"), "action_failure": {"title": "Not done.", "advice": why}}
        return render(request, "bookings/detail.html", context, status=409)
    try:
        run(user=request.user, record=record)
    except errors.LeatError as error:
        # Stay on the booking, saying what failed, with Leat's status (never a 500).
        failure = describe(error)
        context = {"booking": record, "history": record.changes.select_related("audit"), "action_failure": failure}
        return render(request, "bookings/detail.html", context, status=failure.status if failure.status >= 500 else 200)
    messages.success(request, done)
    return redirect_after_write(request, reverse("bookings:detail", args=[uuid]))
