"""Bookings: the ledger list, a booking with its history, create, correct,
correct one made elsewhere, and the one-click actions."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from leatadmin.actions import staleness
from leatadmin.actions.view import StaffAction
from leatadmin.contacts.selectors import contact_resolve
from leatadmin.core import claims
from leatadmin.core.claims import fingerprint
from leatadmin.core.htmx import render_page
from leatadmin.core.person_filter import filter_form, kept_out_of_urls
from leatadmin.shops.selectors import shop_choices
from leatadmin.staff.scoping import require_shop, scope_shop_choices, shops_of

from . import selectors, services, status
from .forms import BookingActionForm, BookingCorrectForm, BookingCreateForm, BookingDetailsForm, BookingElsewhereForm, BookingFilterForm, BookingSettleForm
from .models import LABELS
from .tables import BookingTable

PER_PAGE = 25
#: action -> (service, what it did, its page's title)
ACTIONS = {
    "check-in": (services.booking_check_in, gettext_lazy("Checked in."), gettext_lazy("Check in now")),
    "complete": (services.booking_complete, gettext_lazy("Marked completed."), gettext_lazy("Mark completed")),
    "cancel": (services.booking_cancel, gettext_lazy("Booking canceled."), gettext_lazy("Cancel booking")),
}


@require_http_methods(["GET", "POST"])
@permission_required("staff.view_bookings", raise_exception=True)
@kept_out_of_urls(BookingFilterForm)
def booking_list(request: HttpRequest) -> HttpResponse:
    # The search (an email, often) is posted: it is never in the list's URL.
    # Staff limited to shops: their shops' bookings, and only theirs in the shop filter (staff/scoping.py).
    scope = shops_of(request.user)
    form = filter_form(request, BookingFilterForm, shops=scope_shop_choices(request.user, selectors.booking_shop_choices()), statuses=selectors.booking_status_choices())
    bookings = selectors.booking_search(shops=scope)
    if form.is_valid():
        data = form.cleaned_data
        bookings = selectors.booking_search(query=data["q"], shop_uuid=data["shop"], status=data["status"], date_from=data["date_from"], date_to=data["date_to"], shops=scope)
    elif form.is_bound:
        bookings = bookings.none()  # a filter that cannot be read lists nothing, not everything
    table = BookingTable(bookings, panel_url=reverse("bookings:list"), link_contacts=request.user.has_perm("staff.view_contacts"))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render_page(request, "bookings/list.html", {"form": form, "table": table}, partial="results")


@require_GET
@permission_required("staff.view_bookings", raise_exception=True)
def booking_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    record = selectors.booking_get(uuid=uuid)
    require_shop(request.user, record.shop_uuid)
    # The one-click buttons are staff actions: each its own submit-once token, and
    # the booking as shown, so a click on a page a colleague has since changed sends nothing.
    guards = {"version": staleness.version(record.values()), **{name: claims.new_token() for name in ("check_in", "complete", "cancel", "settle")}}
    return render(request, "bookings/detail.html", {"booking": record, "history": record.changes.select_related("audit"), "guards": guards})


def _detail(uuid: str) -> str:
    return reverse("bookings:detail", args=[uuid])


def _theirs(request: HttpRequest, record):
    """The booking, if it is at one of the staff member's shops (staff/scoping.py); else a 403."""
    require_shop(request.user, record.shop_uuid)
    return record


class BookingCreate(StaffAction):
    permission = "staff.manage_bookings"
    form_class = BookingCreateForm
    title, submit, noun = gettext_lazy("New booking"), gettext_lazy("Create booking"), gettext_lazy("booking")

    def choices(self, target):
        # Only their shops for staff limited to shops: another, posted, is refused at the field.
        return {"shop_choices": lambda: scope_shop_choices(self.request.user, shop_choices())}

    def initial(self, target):
        return {"status": "created", "contact": self.request.GET.get("contact", "")}

    def fingerprint(self, form, target):
        data = form.cleaned_data
        return fingerprint("booking", data["contact"], data["shop"], data.get("starts_at"))

    def perform(self, form, target):
        data = form.cleaned_data
        contact = contact_resolve(reference=data["contact"])
        return services.booking_create(user=self.request.user, shop_uuid=data["shop"], contact_uuid=contact.uuid, contact_email=contact.email, fields=form.to_leat())

    def check_url(self, form, target, entry):
        # Leat cannot show a booking: the ledger keeps it as unconfirmed, to be settled there.
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
        record = _theirs(self.request, selectors.booking_get(uuid=self.kwargs["uuid"]))
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

    def check_url(self, form, target, entry):
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

    def form_kwargs(self, target):
        return {"shops": shops_of(self.request.user)}

    def perform(self, form, target):
        return services.booking_correct_elsewhere(user=self.request.user, uuid=form.cleaned_data["uuid"], fields=form.to_leat(), reason=form.cleaned_data["reason"])

    def success_url(self, done, target):
        return _detail(done.obj.uuid)

    def success_message(self, done, target):
        return _("Correction saved in Leat; the booking is now in the ledger.") if done.sent else _("No changes, nothing was sent.")

    def check_url(self, form, target, entry):
        return reverse("bookings:list")

    def cancel_url(self, target):
        return reverse("bookings:list")


booking_create = BookingCreate.as_view()
booking_correct = BookingCorrect.as_view()
booking_correct_elsewhere = BookingCorrectElsewhere.as_view()


class BookingSettle(StaffAction):
    """An unconfirmed booking, checked in Leat by staff: made (its identifier) or not."""

    permission = "staff.manage_bookings"
    form_class = BookingSettleForm
    http_method_names = ["post"]  # the form is on the booking's page
    title, submit, noun = gettext_lazy("Settle an unconfirmed booking"), gettext_lazy("Settle"), gettext_lazy("settlement")

    def load(self):
        return _theirs(self.request, selectors.booking_get(uuid=self.kwargs["uuid"]))

    def form_kwargs(self, target):
        return {"record": target}

    def target_id(self, target):
        return target.uuid

    def perform(self, form, target):
        return services.booking_settle(user=self.request.user, record=target, uuid=form.cleaned_data["uuid"] if form.cleaned_data["made"] else None)

    def success_url(self, done, target):
        return _detail(done.obj.uuid) if done.obj is not None else reverse("bookings:list")

    def success_message(self, done, target):
        if done.obj is not None:
            return _("Confirmed: the booking is in Leat, and the ledger now knows its identifier.")
        return _("Removed from the ledger: it was not made in Leat. Make it again if it is still wanted.")

    def cancel_url(self, target):
        return _detail(self.kwargs["uuid"])

    def extra_context(self, target):
        return {"facts": _facts(target)}


class BookingQuickAction(StaffAction):
    """Check in, complete or cancel, with one click on the booking's page; the
    booking's status decides what is allowed (bookings/status.py)."""

    permission = "staff.manage_bookings"
    form_class = BookingActionForm
    http_method_names = ["post"]  # buttons on the booking's page, and on the agenda's rows
    noun = gettext_lazy("booking change")
    # From the agenda (leatadmin/agenda) with htmx: finished in its action slot, the agenda redraws itself.
    in_place = True

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in ACTIONS:
            raise Http404(_("No such booking action."))
        return super().dispatch(request, *args, **kwargs)

    @property
    def title(self) -> str:
        return str(ACTIONS[self.kwargs["action"]][2])

    @property
    def submit(self) -> str:
        return self.title

    def load(self):
        record = _theirs(self.request, selectors.booking_get(uuid=self.kwargs["uuid"]))
        if not record.confirmed:
            raise Http404(_("This booking is unconfirmed: settle it first."))
        return record

    def form_kwargs(self, target):
        return {"record": target, "action": self.kwargs["action"]}

    def values(self, target):
        return target.values()

    def labels(self):
        return LABELS

    def value_text(self, name, value):
        return status.label(value) if name == "status" else value

    def target_id(self, target):
        return target.uuid

    def perform(self, form, target):
        run = ACTIONS[self.kwargs["action"]][0]
        return run(user=self.request.user, record=target)

    def success_url(self, done, target):
        return _back(self.request) or _detail(target.uuid)

    def success_message(self, done, target):
        return str(ACTIONS[self.kwargs["action"]][1])

    def check_url(self, form, target, entry):
        # Leat cannot show a booking: staff check it in Leat; the ledger still shows it as it was.
        return _detail(target.uuid)

    def cancel_url(self, target):
        return _back(self.request) or _detail(self.kwargs["uuid"])

    def extra_context(self, target):
        return {"facts": _facts(target)}


def _back(request: HttpRequest) -> str:
    """The page a one-click action was sent from (the agenda's `?next=`, kept in
    the URL so a re-shown form keeps it too), if it is one of leatadmin's own."""
    target = request.GET.get("next", "")
    own = target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return target if own else ""


def _facts(record) -> list[tuple[str, object]]:
    return [(_("Contact"), record.contact_email or record.contact_uuid), (_("Shop"), record.shop_name or record.shop_uuid), (_("Status"), status.label(record.status))]


booking_settle = BookingSettle.as_view()
booking_action = BookingQuickAction.as_view()
