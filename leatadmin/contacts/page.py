"""The contact page in one request, at the speed of its slowest Leat call.

Every panel's Leat reads start as the request arrives, in parallel. The page
is streamed: first the shell (header, CSS, one placeholder per panel), then
the panels as their reads are in, whichever comes first; panels whose answers
come in together go out together (GATHER_SECONDS). A slow Leat route delays
only its own panel.

Panels arrive in the order Leat answers, but are shown in reading order
without JavaScript: the shell is a declarative shadow root with one named
<slot> per panel (holding its placeholder), and each streamed panel names
its slot (`slot="transactions"`). Browsers place it there as it is parsed;
reading and tab order follow the slots, not the arrival.

A proxy that buffers responses would hold the page back until the last panel;
the response says `X-Accel-Buffering: no` (nginx), and README says what
other proxies need.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from django_htmx.http import push_url

from leatadmin.core.failures import Failure, describe
from leatadmin.core.reads import Reads
from leatadmin.leat import errors

from . import panels, selectors

logger = logging.getLogger(__name__)

#: Where the streamed panels go in the rendered shell (contacts/detail.html).
PANELS_GO_HERE = "<!-- panels -->"

#: Panels drawn while the next one's answers are coming in are sent on
#: together, unless no other panel is ready within this long. A browser lays
#: out and paints the page after each part it receives (10-20 ms on a busy
#: core), and a part that arrives meanwhile waits for it: six panels sent one
#: by one as their answers came in (within ~25 ms) had chromium's page
#: complete at 358-359 ms with Leat at 300 ms a call; gathered, at 343-344
#: (20 ms gave 342). A late answer still lets every other panel show: they go
#: out after this lull.
GATHER_SECONDS = 0.01

#: A panel that failed in leatadmin itself (a bug): said so, the rest of the page still shows.
BROKEN = Failure(500, gettext_lazy("This part of the page could not be shown."), gettext_lazy("Reload the page; if it keeps happening, tell an administrator."), True)


def visible(request: HttpRequest) -> list[panels.Panel]:
    return [panel for panel in panels.all_panels() if request.user.has_perm(panel.permission)]


def detail_url(uuid: str, request: HttpRequest) -> str:
    query = request.GET.urlencode()
    return reverse("contacts:detail", args=[uuid]) + (f"?{query}" if query else "")


def _body(request: HttpRequest, uuid: str, panel: panels.Panel, reads: Reads, *, in_page: bool) -> tuple[str, Failure | None]:
    """The panel's inner HTML: its content, or what failed and a Retry."""
    query = request.GET.urlencode()
    retry_url = panel.url(uuid) + (f"?{query}" if panel.paged and query else "")
    try:
        context = panel.context(request, uuid, reads)
    except errors.LeatError as error:
        failure = describe(error)
    except Exception:
        if not in_page:
            raise  # on its own URL, Django's error handling applies
        # The page's headers are sent: say it here, and log it like Django would.
        logger.exception("The %s panel failed on the contact page", panel.name)
        failure = BROKEN
    else:
        return render_to_string(panel.template, {"uuid": uuid, **context}, request=request), None
    context = {"failure": failure, "retry_url": retry_url, "page_url": detail_url(uuid, request)}
    return render_to_string("core/leat_error_panel.html", context, request=request), failure


def _finish(request: HttpRequest, uuid: str, panel: panels.Panel, reads: Reads) -> None:
    """The panel's unseen bookkeeping; on the streamed page a failure is logged, never shown."""
    try:
        panel.finish(request, uuid, reads)
    except Exception:
        logger.exception("The %s panel's finishing work failed on the contact page", panel.name)


def _frame(request: HttpRequest, uuid: str, panel: panels.Panel, body: str) -> str:
    """One panel as it is streamed into its slot. The inner [data-panel] is what
    htmx replaces when the panel pages, filters, retries or refreshes after an
    action (`leat-changed`). Written here rather than in a template: it is
    drawn seven times a page view, after Leat has answered."""
    query = request.GET.urlencode()
    panel_url = panel.url(uuid) + (f"?{query}" if panel.paged and query else "")
    refresh = mark_safe(' hx-trigger="leat-changed from:body"') if panel.refresh else ""
    if not panel.title:  # the profile: its own heading
        return format_html('<section class="panel" slot="{}" data-panel id="{}" hx-get="{}"{} aria-live="polite">\n{}\n</section>', panel.name, panel.name, panel_url, refresh, body)
    note = format_html(' <small class="muted">{}</small>', panel.note) if panel.note else ""
    return format_html(
        '<section class="panel" slot="{}" aria-labelledby="{}-title">\n<h2 id="{}-title">{}{}</h2>\n<div data-panel id="{}" hx-get="{}"{}>\n{}\n</div>\n</section>',
        panel.name, panel.name, panel.name, panel.title, note, panel.name, panel_url, refresh, body,
    )


def page(request: HttpRequest, uuid: str) -> StreamingHttpResponse:
    """The whole contact page: the shell at once, then the panels as they are ready."""
    shown = visible(request)
    reads = Reads()
    # Every panel starts its calls, in reading order (the profile first: its
    # cache check, done before the read threads compete for the interpreter,
    # costs nothing; done last, it waited for them all).
    waits = {panel.name: panel.start(request, uuid, reads) for panel in shown}
    reads.from_cache()  # the account's definitions, in one cache read
    # Leat removes a deleted contact a few minutes later; until then it is still found.
    pending = selectors.contact_pending_deletion(uuid=uuid)
    shell = render_to_string("contacts/detail.html", {"uuid": uuid, "panels": shown, "pending_deletion": pending}, request=request)
    head, tail = shell.split(PANELS_GO_HERE, 1)
    by_name = {panel.name: panel for panel in shown}

    def stream() -> Iterator[str]:
        yield head
        drawn: list[str] = []
        for name in reads.as_ready(waits, lull=GATHER_SECONDS):
            if name is None:  # nothing else is about to be ready: what is drawn goes out
                yield "".join(drawn)
                drawn.clear()
                continue
            panel = by_name[name]
            body, _ = _body(request, uuid, panel, reads, in_page=True)
            drawn.append(_frame(request, uuid, panel, body))
        yield "".join(drawn) + tail
        for panel in shown:
            _finish(request, uuid, panel, reads)

    response = StreamingHttpResponse(stream(), content_type="text/html; charset=utf-8")
    response["X-Accel-Buffering"] = "no"  # nginx: pass each panel on as it comes
    response["Cache-Control"] = "no-store"
    return response


def panel_response(request: HttpRequest, uuid: str, panel: panels.Panel) -> HttpResponse:
    """One panel on its own URL, for htmx (paging, filters, Retry, refresh).
    Opened directly, it sends the browser to the contact page with the same query."""
    if not request.htmx:
        return redirect(detail_url(uuid, request))
    reads = Reads()
    panel.start(request, uuid, reads)
    body, failure = _body(request, uuid, panel, reads, in_page=False)
    if failure is None:
        panel.finish(request, uuid, reads)
    response = HttpResponse(body, status=failure.status if failure else 200)
    if failure and failure.retry_after:
        response["Retry-After"] = str(failure.retry_after)
    return response


def with_history(request: HttpRequest, uuid: str, response: HttpResponse, trigger: str) -> HttpResponse:
    """A filter change is a new place in history: the contact page with these filters."""
    if request.htmx and request.htmx.trigger == trigger:
        push_url(response, detail_url(uuid, request))
    return response

