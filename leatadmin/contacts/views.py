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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leatadmin.core.htmx import redirect_after_write, render_page
from leatadmin.core.reads import Reads
from leatadmin.directory.finder import CARD_RE, UUID_RE, Found, contact_find
from leatadmin.directory.folding import unquote
from leatadmin.leat import errors

from . import exports, lookup_extras, page, panels, selectors
from .forms import (
    TRANSACTION_TYPES,
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
            found, looked = _find(form, request.POST.get("page"), request.user)
        except errors.InvalidInput as error:
            form.add_error("q", " ".join(sum(error.field_errors.values(), [])) or _("Leat did not accept this search."))
        else:
            found = found or Found(query="")  # only quotes were typed: the message is at the field
            if found.contact is not None:
                selectors.contact_hand_over(found.contact)
            if found.target:
                return redirect("contacts:detail", uuid=found.target)
            if looked.hit is not None:  # a voucher, a gift card: its page, with what Leat said handed over
                if looked.hit.hand_over is not None:
                    looked.hit.hand_over()
                return redirect(looked.hit.url)
            context["found"], context["looked"] = found, looked
            if found.card_inactive and request.user.has_perm("staff.view_contacts"):
                # Whose the blocked card was: a customer's contact details, for staff who may see contacts only.
                context["card_owner"] = selectors.blocked_card_owner(value=found.query, told=found.card_contact)
            if found.not_found and not looked.hits:
                context["not_found"] = found.query
                context["not_found_is_email"] = found.is_email
                context["tried"] = _tried(found, looked)
    # Only a page that is shown lists them: a lookup that goes straight to the
    # contact asks Leat without this query ahead of it.
    context["recent"] = selectors.recent_contacts(user=request.user)
    return render(request, "contacts/lookup.html", context)


def _find(form: LookupForm, page: str | None, user) -> tuple[Found | None, lookup_extras.Looked]:
    """What the search finds (None, and a message at the field, when only
    quotes were typed around it), and what else the code was found to be.

    Leat is asked once, in parallel, whatever the query is: an email or UUID
    is a contact; a one-word code is asked about as a loyalty card, a voucher
    and a gift card at the same time; anything else is searched for in the
    contact directory (leatadmin's own), and only if that finds nobody is
    Leat asked whether it is a voucher or gift card (`vq7h m2kx p` as typed).
    A contact found wins; else a code Leat knows as exactly one voucher or
    gift card opens its page (an exact code beats a partial name match)."""
    query = unquote(form.cleaned_data["q"])
    if len(query) < 2:
        form.add_error("q", _("Type at least two characters: part of a name, an email, a phone or card number."))
        return None, lookup_extras.Looked()
    page_number = _page(page)
    reads = Reads()
    beside_card = lookup_extras.start(query, user=user, reads=reads) if _card_shaped(query) and page_number == 1 else []
    found = contact_find(query=query, page=page_number)
    if found.target:
        return found, lookup_extras.Looked()  # the contact wins: the other answers are not waited for
    if beside_card:
        return found, lookup_extras.collect(beside_card, reads)
    if found.not_found and not found.is_email and not UUID_RE.match(query) and page_number == 1:
        return found, lookup_extras.looked_for(query, user=user)
    return found, lookup_extras.Looked()


def _card_shaped(query: str) -> bool:
    """Asked about as a loyalty card (directory/finder.py), so the other codes are asked beside it."""
    return bool(CARD_RE.match(query)) and not UUID_RE.match(query)


def _tried(found: Found, looked: lookup_extras.Looked) -> list[str]:
    """What a search that found nothing looked for, in words."""
    if found.is_email:
        return []
    if UUID_RE.match(found.query):
        return [_("a contact with this identifier (UUID) in Leat")]
    tried = [_("a contact by name, email, phone number, postcode or city")]
    if _card_shaped(found.query):
        tried.append(_("a loyalty card numbered %(card)s") % {"card": found.query})
    return tried + [item.text for item in looked.tried]


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
