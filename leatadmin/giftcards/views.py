"""A gift card's page: its balance, program, expiry and state, and its
transactions (paged by Leat); the writes are in actions.py.

The page's Leat reads start together as the request arrives (core/reads.py):
the card (unless the search box handed it over), its transactions (by the
card's number, once leatadmin knows it: selectors.giftcard_number) and the
programs (cached). Its two parts refresh themselves after an action in place
(`leat-changed`): the card from this page's URL, the transactions from their own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from leatadmin.core.failures import describe
from leatadmin.core.htmx import render_page
from leatadmin.core.paging import page_number
from leatadmin.core.reads import Reads
from leatadmin.leat import errors
from leatadmin.leat.models import Giftcard

from . import selectors
from .tables import GiftcardTransactionTable

PER_PAGE = 10
#: The transactions' page in the query (the page's own URL keeps it: back, forward, reload).
PAGE_FIELD = "page"
TEMPLATE = "giftcards/detail.html"


def card_url(uuid: str) -> str:
    return reverse("giftcards:detail", args=[uuid])


def _with_query(url: str, request: HttpRequest) -> str:
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


def _start_transactions(request: HttpRequest, reads: Reads, number: str) -> None:
    page = page_number(request, PAGE_FIELD)
    reads.start("transactions", lambda: selectors.giftcard_transactions(number=number, page=page, per_page=PER_PAGE))


def _transactions_context(request: HttpRequest, uuid: str, reads: Reads) -> dict[str, Any]:
    """The transactions' table, or what failed with a Retry (the rest of the page still shows)."""
    retry_url = _with_query(reverse("giftcards:transactions", args=[uuid]), request)
    try:
        page = reads.result("transactions")
    except errors.LeatError as error:
        return {"failure": describe(error), "retry_url": retry_url, "page_url": _with_query(card_url(uuid), request)}
    return {"table": _table(request, uuid, page)}


def _table(request: HttpRequest, uuid: str, page: Any) -> GiftcardTransactionTable:
    may_undo = request.user.has_perm("staff.manage_giftcards")
    marks = selectors.undo_marks(card_uuid=uuid) if page.items else ({}, {})
    return GiftcardTransactionTable(page, panel_url=reverse("giftcards:transactions", args=[uuid]), page_field=PAGE_FIELD, card_uuid=uuid, may_undo=may_undo, marks=marks)


def card_context(card: Giftcard, programs: Any) -> dict[str, Any]:
    """What the page says of the card: its program (with its maximum), whether it can be used now and why not."""
    now = timezone.now()
    expired = card.is_expired(now)
    state = "inactive" if not card.active else "expired" if expired else "active"
    return {"card": card, "program": selectors.program_of(card, programs), "state": state}


@require_GET
@permission_required("staff.giftcard_transactions", raise_exception=True)
def detail(request: HttpRequest, uuid: str) -> HttpResponse:
    """The whole page; for htmx (the card's part refreshing after an action) only the card."""
    reads = Reads()
    handed = selectors.giftcard_handed_over(uuid=uuid)
    if handed is not None:
        reads.put("card", handed)  # the search box just read it: not asked twice
    else:
        reads.start("card", lambda: selectors.giftcard_now(uuid=uuid))
    whole = not request.htmx
    number = handed.hash if handed is not None else selectors.giftcard_number(uuid=uuid)
    if whole and number:
        _start_transactions(request, reads, number)
    reads.start_cached("programs", selectors.giftcard_programs, selectors.PROGRAMS_CACHE_KEY)
    card = reads.result("card")  # not found, or Leat down: the error middleware's page
    try:
        programs = reads.result("programs")
    except errors.LeatError:
        programs = None  # the card's own word on its program stands in
    context = {"uuid": uuid, **card_context(card, programs)}
    if not whole:
        return render_page(request, TEMPLATE, context, partial="card")
    if not number:  # a card leatadmin had not seen: its number first
        _start_transactions(request, reads, card.hash)
    context.update(_transactions_context(request, uuid, reads))
    return render_page(request, TEMPLATE, context, partial="card")


@require_GET
@permission_required("staff.giftcard_transactions", raise_exception=True)
def transactions(request: HttpRequest, uuid: str) -> HttpResponse:
    """The transactions alone, for htmx (paging, Retry, refresh); opened
    directly, the card's page with the same query."""
    if not request.htmx:
        return redirect(_with_query(card_url(uuid), request))
    number = selectors.giftcard_number(uuid=uuid) or selectors.giftcard_now(uuid=uuid).hash
    # A failure: the error middleware's panel, with a Retry.
    page = selectors.giftcard_transactions(number=number, page=page_number(request, PAGE_FIELD), per_page=PER_PAGE)
    return render_page(request, TEMPLATE, {"uuid": uuid, "table": _table(request, uuid, page)}, partial="transactions")
