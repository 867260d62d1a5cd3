from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render


def home(request: HttpRequest) -> HttpResponse:
    """The start page: customer service starts from the lookup."""
    if request.user.has_perm("staff.view_contacts"):
        return redirect("contacts:lookup")
    return render(request, "core/home.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 as a page, or as a small panel for htmx, so a panel never swaps in a whole page."""
    template = "core/denied_panel.html" if getattr(request, "htmx", False) else "403.html"
    return render(request, template, status=403)


@login_not_required
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmark's trivial-page baseline: no Leat, no database."""
    return JsonResponse({"ok": True})
