"""One place that decides between a full page and an htmx partial."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect


def render_page(request: HttpRequest, template: str, context: dict[str, Any], *, partial: str, status: int = 200) -> HttpResponse:
    """The whole page, or for htmx just `template#partial`. Both at one URL:
    `Vary: HX-Request` keeps a browser from showing the partial it cached
    for an in-place redraw as the page, on Back to that URL."""
    name = f"{template}#{partial}" if getattr(request, "htmx", False) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def render_form(request: HttpRequest, template: str, context: dict[str, Any], *, partial: str = "form") -> HttpResponse:
    """Re-show a form with its errors and input; a Leat outage answers 502/503/504."""
    form = context["form"]
    status = getattr(form, "failure_status", None) or 200
    response = render_page(request, template, context, partial=partial, status=status)
    if getattr(form, "retry_after", None):
        response["Retry-After"] = str(form.retry_after)
    return response


def redirect_after_write(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful POST: htmx navigates the whole page, plain forms redirect."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)
