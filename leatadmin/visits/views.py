"""Shop managers' visits: Leat's list (paged by Leat), a visit, create and edit."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from leatadmin.actions.view import StaffAction
from leatadmin.contacts.selectors import contact_resolve
from leatadmin.core.claims import fingerprint
from leatadmin.core.failures import describe
from leatadmin.core.htmx import render_page
from leatadmin.core.person_filter import filter_form, filtered_url, kept_out_of_urls
from leatadmin.core.results import Settled
from leatadmin.core.values import holds_what_was_sent
from leatadmin.leat import errors
from leatadmin.shops.selectors import shop_choices
from leatadmin.staff.scoping import require_shop, scope_shop_choices, shops_of

from . import index, selectors, services
from .forms import VisitCreateForm, VisitEditForm, VisitFilterForm
from .tables import VisitListTable

PER_PAGE = 25


@require_http_methods(["GET", "POST"])
@permission_required("staff.view_visits", raise_exception=True)
@kept_out_of_urls(VisitFilterForm)
def visit_list(request: HttpRequest) -> HttpResponse:
    """The visits, newest start first, from leatadmin's index of Leat's visits
    (Leat can neither sort visits nor filter them by shop or day), after one
    read of Leat's newest page so what was just made elsewhere is there too.
    The filter is posted: the contact is never in the list's URL."""
    scope = shops_of(request.user)  # a staff member limited to shops sees only theirs (staff/scoping.py)
    form = filter_form(request, VisitFilterForm, shops=scope_shop_choices(request.user, selectors.visit_shop_choices()), unknown_shop=scope is None)
    table = catch_up = None
    contact_uuid = None
    if form.is_valid() and form.cleaned_data["contact"]:
        try:
            contact_uuid = contact_resolve(reference=form.cleaned_data["contact"]).uuid
        except errors.ContactNotFound:
            form.add_error("contact", _("No contact with this email."))
    if not form.errors:
        data = form.cleaned_data if form.is_bound else {}
        catch_up = index.visit_index_catch_up(contact_uuid=contact_uuid)
        visits = selectors.visit_search(contact_uuid=contact_uuid, shop_uuid=data.get("shop", ""), date_from=data.get("date_from"), date_to=data.get("date_to"), shops=scope)
        table = VisitListTable(visits, panel_url=reverse("visits:list"), link_contacts=request.user.has_perm("staff.view_contacts"))
        RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    context = {
        "form": form,
        "table": table,
        "catch_up": catch_up,
        "catch_up_failure": describe(catch_up.failure) if catch_up and catch_up.failure else None,
        "known": selectors.visit_index_size(contact_uuid=contact_uuid) if catch_up else 0,
        "index_run": index.visit_index_last(),
    }
    return render_page(request, "visits/list.html", context, partial="results")


@require_GET
@permission_required("staff.view_visits", raise_exception=True)
def visit_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    visit = selectors.visit_get(uuid=uuid)
    shop = selectors.visit_shops([visit])[visit.uuid]
    require_shop(request.user, shop.uuid)
    index.visit_store([visit])  # what Leat says now, for the list too
    return render(request, "visits/detail.html", {"visit": visit, "shop": shop})


class VisitCreate(StaffAction):
    permission = "staff.manage_visits"
    form_class = VisitCreateForm
    title, submit, noun = gettext_lazy("New visit"), gettext_lazy("Create visit"), gettext_lazy("visit")

    def choices(self, target):
        # Only their shops for staff limited to shops: another, posted, is refused at the field.
        return {"shop_choices": lambda: scope_shop_choices(self.request.user, shop_choices())}

    def initial(self, target):
        return {"contact": self.request.GET.get("contact", "")}

    def fingerprint(self, form, target):
        data = form.cleaned_data
        return fingerprint("visit", data["contact"], data["shop"], data.get("starts_at"))

    def perform(self, form, target):
        data = form.cleaned_data
        contact = contact_resolve(reference=data["contact"])
        return services.visit_create(user=self.request.user, shop_uuid=data["shop"], contact_uuid=contact.uuid, contact_label=data["contact"], fields=form.to_leat())

    def reconcile(self, form, target, entry):
        """Every visit leatadmin makes has an external id: look for it in Leat."""
        if not entry.sent.get("external_id"):
            return None
        found = selectors.visit_find(contact_uuid=entry.sent["contact_uuid"], external_id=entry.sent["external_id"])
        if found is None:
            return None
        services.visit_found(visit=found, shop_uuid=entry.sent.get("shop_uuid", ""))
        return Settled(reverse("visits:detail", args=[found.uuid]), found.uuid, {**selectors.visit_values(found), "uuid": found.uuid})

    def check_url(self, form, target, entry):
        # The list filtered by the contact's UUID (it names nobody, and the link
        # works for whoever sees it later); by reference if it is not known.
        contact = (entry.sent.get("contact_uuid") if entry else "") or form.cleaned_data.get("contact", "")
        return filtered_url(self.request, reverse("visits:list"), VisitFilterForm.person_field, contact)

    def success_url(self, done, target):
        return reverse("visits:detail", args=[done.obj.uuid])

    def cancel_url(self, target):
        return reverse("visits:list")

    def extra_context(self, target):
        return {"shop_refresh": True}


class VisitEdit(StaffAction):
    permission = "staff.manage_visits"
    form_class = VisitEditForm
    title, submit, noun = gettext_lazy("Edit visit"), gettext_lazy("Save visit"), gettext_lazy("visit")

    def load(self):
        visit = selectors.visit_get(uuid=self.kwargs["uuid"])
        require_shop(self.request.user, selectors.visit_shops([visit])[visit.uuid].uuid)
        return visit

    def initial(self, target):
        return selectors.visit_values(target) if target else {}

    def values(self, target):
        return selectors.visit_values(target)

    def labels(self):
        return {name: str(field.label) for name, field in VisitEditForm.base_fields.items()}

    def target_id(self, target):
        return self.kwargs["uuid"]

    def perform(self, form, target):
        return services.visit_update(user=self.request.user, visit=target, fields=form.to_leat())

    def reconcile(self, form, target, entry):
        """Settled if Leat now holds exactly what was sent."""
        now = selectors.visit_get(uuid=target.uuid)
        return Settled(reverse("visits:detail", args=[target.uuid]), after=dict(entry.sent)) if holds_what_was_sent(selectors.visit_values(now), entry.sent) else None

    def success_url(self, done, target):
        return reverse("visits:detail", args=[target.uuid])

    def check_url(self, form, target, entry):
        return reverse("visits:detail", args=[self.kwargs["uuid"]])

    def cancel_url(self, target):
        return reverse("visits:detail", args=[self.kwargs["uuid"]])

    def extra_context(self, target):
        if target is None:
            return {}
        # Leat does not let a visit change shop or contact: show them, not as fields.
        shop = selectors.visit_shops([target])[target.uuid]
        return {"facts": [(_("Shop"), shop.name if shop.known else _("not given by Leat")), (_("Contact"), target.contact.email if target.contact else _("(deleted contact)"))]}


visit_create = VisitCreate.as_view()
visit_edit = VisitEdit.as_view()
