from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@login_not_required
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmark's trivial-page baseline: no Leat, no database."""
    return JsonResponse({"ok": True})
