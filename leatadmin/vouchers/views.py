"""A voucher's page (why it can or cannot be used now), deactivating and
activating it; the contact page's vouchers panel and giving a voucher from it.
Redeeming is in redemption.py."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from leatadmin.actions.view import StaffAction
from leatadmin.audit.settlement import the_unaccounted_one
from leatadmin.contacts import page
from leatadmin.contacts import selectors as contacts
from leatadmin.contacts.corrections import ContactCorrection, contact_url
from leatadmin.core.claims import fingerprint
from leatadmin.core.htmx import render_page
from leatadmin.core.reads import Reads
from leatadmin.core.results import Did, Done, Settled
from leatadmin.leat import errors
from leatadmin.leat.models import Contact
from leatadmin.leat.models.vouchers import DEACTIVATED, LOCKED, REDEEMED

from . import selectors, services
from .finder import PERMISSION
from .forms import GiveForm, StatusForm
from .panels import VOUCHERS
from .status import status_text, usability, validity_text


def voucher_url(uuid: str) -> str:
    return reverse("vouchers:detail", args=[uuid])


@require_GET
@permission_required(PERMISSION, raise_exception=True)
def detail(request: HttpRequest, uuid: str) -> HttpResponse:
    """The voucher as Leat has it (handed over by the search box, else read),
    with what leatadmin's audit log adds; htmx asks for it again after an action."""
    voucher = selectors.voucher_get(uuid=uuid)
    redemption = selectors.voucher_redemption(uuid=uuid)
    status_change = selectors.voucher_status_change(uuid=uuid)
    # Locked by leatadmin's own redemption whose answer was lost: until when, and redeeming again uses that lock.
    held = selectors.voucher_lock_held(uuid=uuid) if voucher.status == LOCKED else None
    use = usability(voucher, now=timezone.now(), redemption=redemption, status_change=status_change, held_until=held.until if held else None, held=held is not None)
    context = {
        "voucher": voucher,
        "status": status_text(voucher.status),
        "use": use,
        "redemption": redemption,
        "validity": validity_text(voucher.promotion.expiration_duration if voucher.promotion else None),
        "may_redeem": use.usable or held is not None,
        "may_deactivate": voucher.status not in (DEACTIVATED, REDEEMED) and not voucher.is_redeemed,
        "may_activate": voucher.status == DEACTIVATED,
    }
    return render_page(request, "vouchers/detail.html", context, partial="voucher")


@require_GET
@permission_required("staff.view_contacts", raise_exception=True)
def vouchers_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    return page.panel_response(request, uuid, VOUCHERS)


class VoucherAction(StaffAction):
    """An action on one voucher, opened in its page's action slot."""

    in_place = True

    @property
    def voucher_uuid(self) -> str:
        return self.kwargs["uuid"]

    def load(self):
        return selectors.voucher_now(uuid=self.voucher_uuid)

    def values(self, target):
        return {"status": target.status}

    def labels(self):
        return {"status": _("Status")}

    def value_text(self, name, value):
        return status_text(value) if name == "status" and value else value

    def target_id(self, target):
        return self.voucher_uuid

    def success_url(self, done, target):
        return voucher_url(self.voucher_uuid)

    def cancel_url(self, target):
        return voucher_url(self.voucher_uuid)

    def check_url(self, form, target, entry):
        return voucher_url(self.voucher_uuid)


class VoucherStatusChange(VoucherAction):
    """Deactivate a voucher (nobody can use it) or activate it again, with a reason."""

    permission = "staff.manage_vouchers"
    form_class = StatusForm
    noun = gettext_lazy("voucher change")

    @property
    def status(self) -> str:
        return self.kwargs["status"]

    def needs_fresh_check(self) -> bool:
        return self.status == DEACTIVATED  # asks for the second factor again

    def form_kwargs(self, target):
        return {"voucher": target, "status": self.status}

    def fingerprint(self, form, target):
        return fingerprint("voucher.status", self.voucher_uuid, self.status)

    def perform(self, form, target):
        return services.voucher_set_status(user=self.request.user, voucher=target, status=self.status, reason=form.cleaned_data["reason"].strip())

    def reconcile(self, form, target, entry):
        """Done if Leat now has the status asked for (an activated voucher may read as expired or not active yet)."""
        now = selectors.voucher_now(uuid=self.voucher_uuid)
        done = now.status == DEACTIVATED if self.status == DEACTIVATED else now.status != DEACTIVATED
        return Settled(voucher_url(self.voucher_uuid), after={"status": now.status}) if done else None

    def success_message(self, done, target):
        if self.status == DEACTIVATED:
            return _("Voucher %(code)s is deactivated: nobody can use it now.") % {"code": done.obj.code}
        return _("Voucher %(code)s is active again: it is %(status)s now.") % {"code": done.obj.code, "status": status_text(done.obj.status).lower()}

    def extra_context(self, target):
        if self.status == DEACTIVATED:
            said = {"title": _("Deactivate voucher"), "submit": _("Deactivate"), "danger": True}
            intro = _("Nobody can use a deactivated voucher, at a till or online, until a supervisor activates it again.")
        else:
            said = {"title": _("Activate voucher again"), "submit": _("Activate"), "danger": False}
            intro = _("The customer can use it again, within its dates.")
        return {**said, "intro": intro}


class VoucherGive(ContactCorrection):
    """A voucher of an active promotion for this contact, as goodwill, with a reason."""

    permission = "staff.manage_vouchers"
    form_class = GiveForm
    title, submit = gettext_lazy("Give a voucher"), gettext_lazy("Give voucher")
    intro = gettext_lazy("Leat makes a voucher of the promotion for this contact, with the promotion's dates and limits. The customer can use it at once.")
    noun = gettext_lazy("voucher")

    def load(self):
        """The contact (for the audit log) and the promotions, asked at once."""
        self.reads = Reads()
        self.reads.start("promotions", selectors.promotions_to_give)
        return contacts.contact_get(uuid=self.contact_uuid)

    def stand_in(self):
        return Contact(uuid=self.contact_uuid, email="")

    def choices(self, target):
        reads = getattr(self, "reads", None)
        return {"promotions": (lambda: reads.result("promotions")) if reads is not None else selectors.promotions_to_give}

    def initial(self, target):
        return {"code": services.new_code()}  # this form's voucher: a lost answer is settled by finding it

    def fingerprint(self, form, target):
        return fingerprint("voucher.give", self.contact_uuid, form.cleaned_data["promotion"])

    def perform(self, form, target):
        promotion, code = form.promotions[form.cleaned_data["promotion"]], form.cleaned_data["code"]
        try:
            return services.voucher_give(user=self.request.user, contact_uuid=self.contact_uuid, contact_label=target.email, promotion=promotion, code=code, reason=self.reason(form))
        except errors.VoucherAlreadyExists:
            made = self._made(code)  # an earlier send of this very form (its outcome unknown) made it
            if made is None:
                raise
            return Done(Did.FOUND, made)

    def reconcile(self, form, target, entry):
        made = self._made(form.cleaned_data["code"])
        found = the_unaccounted_one([made] if made is not None else [])
        return Settled(contact_url(self.contact_uuid), found.uuid, services.voucher_values(found)) if found is not None else None

    def _made(self, code: str):
        """The voucher with this form's code, if it is this contact's."""
        try:
            voucher = selectors.voucher_by_code(code=code)
        except errors.VoucherNotFound:
            return None
        return voucher if voucher.contact is not None and voucher.contact.uuid == self.contact_uuid else None

    def success_message(self, done, target):
        if done.did is Did.FOUND:
            return _("An earlier send of this form already gave voucher %(code)s: nothing was sent again.") % {"code": done.obj.code}
        name = done.obj.promotion.name if done.obj.promotion else done.obj.name
        return _("Voucher %(code)s (%(promotion)s) given to this contact.") % {"code": done.obj.code, "promotion": name}


status_change = VoucherStatusChange.as_view()
give = VoucherGive.as_view()
