"""Today at my shop: one shop's day, its bookings and visits in time order.

`/agenda/` opens the staff member's shop (their only shop, else the one they
last opened, else a picker) on today; `/agenda/<shop>/<yyyy-mm-dd>/` is a
day, everything in the URL (previous and next day are links, the picker a
GET form): it can be bookmarked, reloaded, and sent to a colleague. Showing
a day makes no Leat call (selectors.py).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from leatadmin.core.fields import EARLIEST_DAY, LATEST_DAY
from leatadmin.core.htmx import render_page
from leatadmin.staff.scoping import may_see_shop, require_shop, shops_of

from . import selectors
from .forms import AgendaPickForm
from .tables import AgendaTable

#: The shop a staff member last opened the agenda of, in their session.
LAST_SHOP = "agenda-shop"


def now() -> dt.datetime:
    """This moment (one place, so a test can hold the clock still)."""
    return timezone.now()


def day_url(shop_uuid: str, day: dt.date) -> str:
    return reverse("agenda:day", args=[shop_uuid, day.isoformat()])


@require_GET
@permission_required("staff.view_bookings", raise_exception=True)
def agenda_home(request: HttpRequest) -> HttpResponse:
    """The staff member's shop today, or the picker (also the picker's answer: ?shop=…&day=…)."""
    shops = selectors.agenda_shops(request.user)
    if "shop" in request.GET or "day" in request.GET:
        form = AgendaPickForm(request.GET, shops=shops)
        if form.is_valid():
            return redirect(day_url(form.cleaned_data["shop"], form.cleaned_data["day"]))
        return _pick(request, form, shops, status=400)
    shop = _their_shop(request, shops)
    if shop:
        return redirect(day_url(shop, timezone.localdate()))
    return _pick(request, AgendaPickForm(shops=shops, initial={"day": timezone.localdate()}), shops)


@require_GET
@permission_required("staff.view_bookings", raise_exception=True)
def agenda_today(request: HttpRequest, shop: str) -> HttpResponse:
    require_shop(request.user, shop)
    return redirect(day_url(shop, timezone.localdate()))


@require_GET
@permission_required("staff.view_bookings", raise_exception=True)
def agenda_day(request: HttpRequest, shop: str, day: str) -> HttpResponse:
    require_shop(request.user, shop)  # another shop's agenda: 403, "This shop is not one of yours"
    shops = _with(selectors.agenda_shops(request.user), shop)
    form = AgendaPickForm({"shop": shop, "day": day}, shops=shops)
    if not form.is_valid():
        # A day that is not one (2026-02-30, "tomorrow"): said at the picker, no 500.
        return _pick(request, form, shops, status=404, no_such_day=day)
    date = form.cleaned_data["day"]
    if day != date.isoformat():
        return redirect(day_url(shop, date))  # one URL per day
    if request.session.get(LAST_SHOP) != shop:
        request.session[LAST_SHOP] = shop  # saved only when it changes: a redraw writes no session
    agenda = selectors.agenda_day(shop_uuid=shop, day=date, now=now())
    here = day_url(shop, date)
    table = AgendaTable(
        agenda.rows, next_url=here, csrf_token=get_token(request), may_manage=request.user.has_perm("staff.manage_bookings"),
        may_open_visits=request.user.has_perm("staff.view_visits"), link_contacts=request.user.has_perm("staff.view_contacts"),
    )  # fmt: skip
    today = timezone.localdate()
    context = {
        "agenda": agenda, "table": table, "form": form, "shop_name": dict(shops).get(shop) or selectors.agenda_shop_name(shop) or shop,
        "here": here, "today": today, "no_show_minutes": settings.AGENDA_NO_SHOW_MINUTES, "is_today": date == today, "today_url": day_url(shop, today),
        "previous_url": day_url(shop, date - dt.timedelta(days=1)) if date > EARLIEST_DAY else "",
        "next_url": day_url(shop, date + dt.timedelta(days=1)) if date < LATEST_DAY else "",
    }  # fmt: skip
    return render_page(request, "agenda/day.html", context, partial="agenda")


def _their_shop(request: HttpRequest, shops: list[tuple[str, str]]) -> str:
    """Their only shop, else the one they last opened (if still theirs), else the only one there is."""
    scope = shops_of(request.user)
    if scope is not None and len(scope) == 1:
        return next(iter(scope))
    last = request.session.get(LAST_SHOP, "")
    if last and may_see_shop(request.user, last):
        return last
    return shops[0][0] if len(shops) == 1 else ""


def _with(shops: list[tuple[str, str]], shop: str) -> list[tuple[str, str]]:
    """The picker's shops, with this one (a shop leatadmin knows no name of yet is still a shop)."""
    return shops if any(uuid == shop for uuid, _name in shops) else [*shops, (shop, selectors.agenda_shop_name(shop) or shop)]


def _pick(request: HttpRequest, form: AgendaPickForm, shops: list[tuple[str, str]], *, status: int = 200, no_such_day: str = "") -> HttpResponse:
    return render(request, "agenda/pick.html", {"form": form, "shops": shops, "no_such_day": no_such_day}, status=status)
