"""The shop's figures: a shop (or every shop the staff member may see) and a
period, each figure a chart and its table, beside the period before; as CSV;
and a supervisor's "Read now" of Leat's transactions into the mirror.

Only local reads: the daily figures, the visit index and the booking ledger.
Leat's transactions are read by the mirror in the background (mirror.py),
never while a person waits."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import permission_required, user_passes_test
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from leatadmin.core.converters import is_leat_id
from leatadmin.core.htmx import render_page
from leatadmin.core.spreadsheet import csv_writer
from leatadmin.shops.selectors import cached_shop_name
from leatadmin.staff.scoping import require_shop, scope_shop_choices, shops_of

from .forms import FiguresForm
from .mirror import mirror_start, shop_zone
from .periods import today_in
from .sections import headlines, sections
from .selectors import STATUSES, Figures, figures_shop_choices, mirror_state, shop_figures
from .words import Words

#: Who sees the figures: shop managers and supervisors (those who manage a shop's visits or bookings, as the shops page).
#: The choices the page keeps in its URL.
KEPT = ("shop", "period", "date_from", "date_to")
START_PERMISSION = "staff.export_data"  # "Read now": supervisors, who start the other tracked runs over Leat's transactions (the export)


def _sees_figures(user) -> bool:
    if user.has_perm("staff.manage_visits") or user.has_perm("staff.manage_bookings"):
        return True
    raise PermissionDenied


sees_figures = user_passes_test(_sees_figures)


def _asked(request: HttpRequest) -> tuple[FiguresForm, Figures | None]:
    """The form from the URL and, when it is valid, the figures it asks for.
    A shop not one of a limited staff member's is refused (ShopScopeDenied: 403)."""
    scope = shops_of(request.user)
    shop = request.GET.get("shop", "")
    if shop:
        require_shop(request.user, shop)
    choices = scope_shop_choices(request.user, figures_shop_choices(scope))
    if shop and is_leat_id(shop) and shop not in dict(choices):  # a shop with nothing to count yet: zeros, not an error
        choices.append((shop, cached_shop_name(shop) or shop))
    form = FiguresForm(request.GET, shops=choices, limited=scope is not None, today=today_in(shop_zone()))
    if not form.is_valid():
        return form, None
    return form, shop_figures(shop_uuid=form.cleaned_data["shop"], scope=scope, period=form.chosen_period())


@require_GET
@sees_figures
def figures_page(request: HttpRequest) -> HttpResponse:
    form, figures = _asked(request)
    words = Words(figures.unit_label if figures else "")
    context = {
        "form": form,
        "figures": figures,
        "period": (words.day(figures.period.first), words.day(figures.period.last), words.day(figures.previous.first), words.day(figures.previous.last)) if figures else (),
        "shop_name": dict(form.fields["shop"].choices).get(figures.shop_uuid, "") if figures else "",
        "headlines": headlines(figures, words) if figures else [],
        "sections": sections(figures, words) if figures else [],
        "mirror": mirror_state(),
        "may_read": request.user.has_perm(START_PERMISSION),
        "query": request.GET.urlencode(),
    }
    return render_page(request, "figures/index.html", context, partial="figures")


CENTS = Decimal("0.01")


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_COLUMNS = [
    "day", "visits", "bookings", "no_shows", *(f"bookings_{status.replace(' ', '_')}" for status in STATUSES), "transactions",
    "credits_given", "credits_taken_back", "rewards", "reward_credits", "purchase_amount", "purchases", "contacts",
]


def _csv(figures: Figures) -> Iterator[str]:
    writer = csv_writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for each in figures.days:
        yield writer.writerow([
            each.day.isoformat(), each.visits, each.bookings, each.no_shows, *(each.statuses.get(status, 0) for status in STATUSES), each.transactions,
            each.credits_given, each.credits_taken, each.rewards, each.reward_credits, each.purchase_amount.quantize(CENTS), each.purchases, each.contacts,
        ])


@require_GET
@sees_figures
def figures_csv(request: HttpRequest) -> HttpResponse:
    """The page's days as CSV (ISO days, plain numbers, as leatadmin's other exports); a bad choice goes back to the page."""
    form, figures = _asked(request)
    if figures is None:
        return render_page(request, "figures/index.html", {"form": form, "mirror": mirror_state(), "query": request.GET.urlencode()}, partial="figures", status=400)
    name = f"leatadmin-figures-{figures.shop_uuid or 'all'}-{figures.period.first:%Y%m%d}-{figures.period.last:%Y%m%d}.csv"
    response = StreamingHttpResponse(_csv(figures), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@sees_figures
@permission_required(START_PERMISSION, raise_exception=True)
def mirror_read(request: HttpRequest) -> HttpResponse:
    """Queue a read of Leat's transactions now (resuming one that stopped); the page never waits for it."""
    run = mirror_start()
    if run.status == run.Status.FAILED:
        messages.error(request, _("The read of Leat's loyalty transactions failed: %(failure)s") % {"failure": run.failure})
    elif run.status == run.Status.DONE:  # a worker that took it at once (or the tests' immediate one)
        messages.success(request, ngettext("Leat's loyalty transactions were read: %(count)d new.", "Leat's loyalty transactions were read: %(count)d new.", run.added) % {"count": run.added})
    else:
        messages.success(request, _("A read of Leat's loyalty transactions is under way; the figures follow when it is done."))
    # Back to the figures the button was pressed on (only the page's own choices are kept).
    asked = QueryDict(request.POST.get("query", ""))
    kept = QueryDict(mutable=True)
    for name in KEPT:
        if asked.get(name):
            kept[name] = asked[name]
    return redirect(f"{reverse('figures:index')}?{kept.urlencode()}" if kept else reverse("figures:index"))
