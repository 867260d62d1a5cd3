from django.contrib import messages
from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from .selectors import shop_list, shop_refresh


def _manages_shop_forms(user) -> bool:
    if user.has_perm("staff.manage_visits") or user.has_perm("staff.manage_bookings"):
        return True
    raise PermissionDenied


shop_pickers = user_passes_test(_manages_shop_forms)


@require_GET
@shop_pickers
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "shops/index.html", {"shops": shop_list()})


@require_POST
@shop_pickers
def refresh(request: HttpRequest) -> HttpResponse:
    """Fetch the shop list from Leat now instead of waiting for the cache to expire."""
    count = len(shop_refresh())
    messages.success(request, ngettext("Shop list refreshed from Leat: %(count)d shop.", "Shop list refreshed from Leat: %(count)d shops.", count) % {"count": count})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "shops:index"
    return redirect(target)
