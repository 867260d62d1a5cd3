"""Shop managers' visits: Leat's list (paged by Leat), a visit, create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from leatadmin.contacts.selectors import contact_resolve
from leatadmin.core.htmx import redirect_after_write, render_form, render_page
from leatadmin.core.paging import page_number
from leatadmin.core.submissions import create_once, new_token
from leatadmin.leat import errors
from leatadmin.shops.selectors import shop_choices

from . import selectors, services
from .forms import VisitCreateForm, VisitEditForm, VisitFilterForm
from .tables import VisitListTable

PER_PAGE = 25


@require_GET
@permission_required("staff.view_visits", raise_exception=True)
def visit_list(request: HttpRequest) -> HttpResponse:
    form = VisitFilterForm(request.GET or None)
    contact_uuid = None
    table = None
    if form.is_valid() and form.cleaned_data["contact"]:
        try:
            contact_uuid = contact_resolve(reference=form.cleaned_data["contact"]).uuid
        except errors.ContactNotFound:
            form.add_error("contact", "No contact with this email.")
    if not form.errors:
        page = selectors.visit_list(page=page_number(request, "page"), per_page=PER_PAGE, contact_uuid=contact_uuid)
        table = VisitListTable(page, panel_url=reverse("visits:list"), page_field="page")
    return render_page(request, "visits/list.html", {"form": form, "table": table}, partial="results")


@require_GET
@permission_required("staff.view_visits", raise_exception=True)
def visit_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    return render(request, "visits/detail.html", {"visit": selectors.visit_get(uuid=uuid)})


def _form_page(request, form, *, title, submit, cancel, visit=None):
    # Leat does not let a visit change shop or contact: show them, not as fields.
    facts = [("Shop", visit.shop.name if visit.shop else ""), ("Contact", visit.contact.email if visit.contact else "(deleted contact)")] if visit else None
    context = {"form": form, "title": title, "submit": submit, "cancel_url": cancel, "facts": facts, "shop_refresh": "shop" in form.fields}
    return render_form(request, "core/form_page.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("staff.manage_visits", raise_exception=True)
def visit_create(request: HttpRequest) -> HttpResponse:
    form = VisitCreateForm(request.POST or None, shop_choices=shop_choices(), initial={"token": new_token(), "contact": request.GET.get("contact", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create() -> str:
            contact = contact_resolve(reference=data["contact"])
            visit = services.visit_create(user=request.user, shop_uuid=data["shop"], contact_uuid=contact.uuid, contact_label=data["contact"], fields=form.to_leat())
            return reverse("visits:detail", args=[visit.uuid])

        if response := create_once(request, form, create, noun="visit"):
            return response
    return _form_page(request, form, title="New visit", submit="Create visit", cancel=reverse("visits:list"))


@require_http_methods(["GET", "POST"])
@permission_required("staff.manage_visits", raise_exception=True)
def visit_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    cancel = reverse("visits:detail", args=[uuid])
    try:
        visit = selectors.visit_get(uuid=uuid)
    except (errors.Unavailable, errors.RateLimited) as error:
        if request.method != "POST":
            raise
        # Leat failed before the change could be sent: keep what was typed.
        form = VisitEditForm(request.POST)
        form.apply_leat_error(error)
        return _form_page(request, form, title="Edit visit", submit="Save visit", cancel=cancel)
    form = VisitEditForm(request.POST or None, initial=selectors.visit_values(visit))
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_update(user=request.user, visit=visit, fields=form.to_leat())
        except errors.LeatError as error:
            form.apply_leat_error(error)
        else:
            messages.success(request, "Visit saved in Leat.")
            return redirect_after_write(request, reverse("visits:detail", args=[uuid]))
    return _form_page(request, form, title="Edit visit", submit="Save visit", cancel=cancel, visit=visit)
