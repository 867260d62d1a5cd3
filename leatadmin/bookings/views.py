"""Bookings: the ledger list, a booking with its history, create, correct,
correct one made elsewhere, and the one-click actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import RequestConfig

from leatadmin.audit.services import last_entry
from leatadmin.contacts.selectors import contact_resolve
from leatadmin.core.actions import StaffAction, fingerprint
from leatadmin.core.failures import describe
from leatadmin.core.htmx import redirect_after_write, render_page
from leatadmin.leat import errors
from leatadmin.shops.selectors import shop_choices

from . import selectors, services, status
from .forms import BookingCorrectForm, BookingCreateForm, BookingDetailsForm, BookingElsewhereForm, BookingFilterForm, BookingSettleForm
from .models import LABELS
from .tables import BookingTable

PER_PAGE = 25
ACTIONS = {
    "check-in": (services.booking_check_in, gettext_lazy("Checked in.")),
    "complete": (services.booking_complete, gettext_lazy("Marked completed.")),
    "cancel": (services.booking_cancel, gettext_lazy("Booking canceled.")),
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
    table = BookingTable(bookings, panel_url=reverse("bookings:list"), link_contacts=request.user.has_perm("staff.view_contacts"))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render_page(request, "bookings/list.html", {"form": form, "table": table}, partial="results")


@require_GET
@permission_required("staff.view_bookings", raise_exception=True)
def booking_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    record = selectors.booking_get(uuid=uuid)
    return render(request, "bookings/detail.html", {"booking": record, "history": record.changes.select_related("audit")})


def _detail(uuid: str) -> str:
    return reverse("bookings:detail", args=[uuid])


class BookingCreate(StaffAction):
    permission = "staff.manage_bookings"
    form_class = BookingCreateForm
    title, submit, noun = gettext_lazy("New booking"), gettext_lazy("Create booking"), gettext_lazy("booking")

    def form_kwargs(self, target):
        return {"shop_choices": self.leat_choices(shop_choices, [])}

    def initial(self, target):
        return {"status": "created", "contact": self.request.GET.get("contact", "")}

    def fingerprint(self, form, target):
        data = form.cleaned_data
        return fingerprint("booking", data["contact"], data["shop"], data.get("starts_at"))

    def perform(self, form, target):
        data = form.cleaned_data
        contact = contact_resolve(reference=data["contact"])
        return services.booking_create(user=self.request.user, shop_uuid=data["shop"], contact_uuid=contact.uuid, contact_email=contact.email, fields=form.to_leat())

    def check_url(self, form, target):
        # Leat cannot show a booking: the ledger keeps it as unconfirmed, to be settled there.
        entry = last_entry.get()
        external = entry.sent.get("external_id") if entry else ""
        return _detail(services.UNCONFIRMED_PREFIX + external) if external else reverse("bookings:list")

    def success_url(self, done, target):
        return _detail(done.obj.uuid)

    def cancel_url(self, target):
        return reverse("bookings:list")

    def extra_context(self, target):
        return {"shop_refresh": True}


class BookingCorrect(StaffAction):
    permission = "staff.manage_bookings"
    form_class = BookingCorrectForm
    title, submit, noun = gettext_lazy("Correct booking"), gettext_lazy("Save correction"), gettext_lazy("correction")
    intro = gettext_lazy("Change what came in wrong. Only the fields you change are sent to Leat; the reason goes into the booking's history.")

    def load(self):
        record = selectors.booking_get(uuid=self.kwargs["uuid"])
        if not record.confirmed:
            raise Http404(_("This booking is unconfirmed: settle it first."))
        return record

    def initial(self, target):
        return BookingDetailsForm.initial_from(target)

    def values(self, target):
        return target.values()

    def labels(self):
        return LABELS

    def target_id(self, target):
        return target.uuid

    def perform(self, form, target):
        return services.booking_correct(user=self.request.user, record=target, fields=form.to_leat(), reason=form.cleaned_data["reason"])

    def success_url(self, done, target):
        return _detail(target.uuid)

    def success_message(self, done, target):
        if not done.sent:
            return _("No changes, nothing was sent.")
        return _("Correction saved in Leat: %(fields)s.") % {"fields": ", ".join(str(LABELS.get(name, name)) for name in done.fields)}

    def check_url(self, form, target):
        return _detail(target.uuid)

    def cancel_url(self, target):
        return _detail(self.kwargs["uuid"])

    def extra_context(self, target):
        # Shop and contact cannot change in Leat: shown, not fields.
        return {"facts": [(_("Shop"), target.shop_name or target.shop_uuid), (_("Contact"), target.contact_email or target.contact_uuid)]}


class BookingCorrectElsewhere(StaffAction):
    permission = "staff.manage_bookings"
    form_class = BookingElsewhereForm
    title, submit, noun = gettext_lazy("Correct a booking made elsewhere"), gettext_lazy("Send correction"), gettext_lazy("correction")
    intro = gettext_lazy(
        "For a booking made outside leatadmin: paste its identifier (or its external id if the ledger knows it) and fill in only what should change. Blank fields stay as they are in Leat."
    )

    def initial(self, target):
        return {"uuid": self.request.GET.get("uuid", "")}

    def perform(self, form, target):
        return services.booking_correct_elsewhere(user=self.request.user, uuid=form.cleaned_data["uuid"], fields=form.to_leat(), reason=form.cleaned_data["reason"])

    def success_url(self, done, target):
        return _detail(done.obj.uuid)

    def success_message(self, done, target):
        return _("Correction saved in Leat; the booking is now in the ledger.") if done.sent else _("No changes, nothing was sent.")

    def check_url(self, form, target):
        return reverse("bookings:list")

    def cancel_url(self, target):
        return reverse("bookings:list")


booking_create = BookingCreate.as_view()
booking_correct = BookingCorrect.as_view()
booking_correct_elsewhere = BookingCorrectElsewhere.as_view()


@require_POST
@permission_required("staff.manage_bookings", raise_exception=True)
def booking_settle(request: HttpRequest, uuid: str) -> HttpResponse:
    """An unconfirmed booking, checked in Leat by staff: made (its identifier) or not."""
    record = selectors.booking_get(uuid=uuid)
    if record.confirmed:
        messages.info(request, _("This booking is already confirmed; nothing changed."))
        return redirect_after_write(request, _detail(uuid))
    form = BookingSettleForm(request.POST)
    if not form.is_valid():
        return render(request, "bookings/detail.html", {"booking": record, "history": record.changes.select_related("audit"), "settle_form": form}, status=200)
    if form.cleaned_data["made"]:
        done = services.booking_settle(user=request.user, record=record, uuid=form.cleaned_data["uuid"])
        messages.success(request, _("Confirmed: the booking is in Leat, and the ledger now knows its identifier."))
        return redirect_after_write(request, _detail(done.obj.uuid))
    services.booking_settle(user=request.user, record=record, uuid=None)
    messages.success(request, _("Removed from the ledger: it was not made in Leat. Make it again if it is still wanted."))
    return redirect_after_write(request, reverse("bookings:list"))


@require_POST
@permission_required("staff.manage_bookings", raise_exception=True)
def booking_action(request: HttpRequest, uuid: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404(_("No such booking action."))
    record = selectors.booking_get(uuid=uuid)
    if not record.confirmed:
        raise Http404(_("This booking is unconfirmed: settle it first."))
    run, done = ACTIONS[action]
    if why := status.refusal(record, action):
        # Refused by the booking's status: nothing goes to Leat.
        context = {"booking": record, "history": record.changes.select_related("audit"), "action_failure": {"title": _("Not done."), "advice": why}}
        return render(request, "bookings/detail.html", context, status=409)
    try:
        run(user=request.user, record=record)
    except errors.LeatError as error:
        # Stay on the booking, saying what happened, with Leat's status (never a 500).
        context = {"booking": record, "history": record.changes.select_related("audit")}
        if error.outcome_unknown:
            context["action_failure"] = {
                "title": _("Leat may have made this change."),
                "advice": _(
                    "leatadmin sent it, but Leat's answer was lost, so nobody knows whether Leat acted; the audit log says “outcome unknown” and the ledger still shows the booking as it was. Check the booking in Leat before trying again."
                ),
            }
            return render(request, "bookings/detail.html", context, status=202)
        failure = describe(error)
        context["action_failure"] = failure
        return render(request, "bookings/detail.html", context, status=failure.status if failure.status >= 500 else 200)
    messages.success(request, done)
    return redirect_after_write(request, reverse("bookings:detail", args=[uuid]))
