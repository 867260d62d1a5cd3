"""The batch pages: the list, the upload, a batch (its preview, progress and
result), leaving rows out, the result as CSV and the file templates."""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from leatadmin.core.badges import NEUTRAL
from leatadmin.core.failures import describe
from leatadmin.core.htmx import redirect_after_write, render_page
from leatadmin.core.spreadsheet import csv_writer
from leatadmin.leat.errors import LeatError
from leatadmin.shops.selectors import shop_choices, shop_names

from . import files, problems, resolve, selectors, services
from .forms import UploadForm
from .models import MADE, Batch, BatchRow, RowState
from .tables import BATCH_MEANINGS, BatchTable, PreviewTable, ResultTable
from .upload_limit import UploadLimit
from .words import answer_words, time_left

PER_PAGE = 50
#: What the rows can be narrowed to (the query's `only`).
ONLY = ("problems", "left_out", "refused", "unknown", "settled")
PREVIEWED = (Batch.State.PREVIEWING, Batch.State.READY, Batch.State.REFUSED)


def _detail(batch: Batch) -> str:
    return reverse("batches:detail", args=[batch.pk])


@require_GET
@permission_required("staff.correct_loyalty", raise_exception=True)
def batch_list(request: HttpRequest) -> HttpResponse:
    table = BatchTable(selectors.batch_list(), panel_url=reverse("batches:list"), may_apply=request.user.has_perm("staff.apply_batches"))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render_page(request, "batches/list.html", {"table": table}, partial="results")


@csrf_exempt  # only until the size limit is in place: CSRF's check reads the body, so it is done just below (Django's way for upload handlers)
@require_http_methods(["GET", "POST"])
@permission_required("staff.correct_loyalty", raise_exception=True)
def upload(request: HttpRequest) -> HttpResponse:
    limit = UploadLimit(request, limit=files.upload_limit())
    request.upload_handlers.insert(0, limit)  # before anything reads the body: a file too large is never kept
    return _upload(request, limit)


@csrf_protect
def _upload(request: HttpRequest, limit: UploadLimit) -> HttpResponse:
    failure = None
    try:
        shops = shop_choices()
    except LeatError as error:  # the form still works: each row names its shop
        shops, failure = [], describe(error)
    posted = request.method == "POST"
    data, sent = (request.POST, request.FILES) if posted else (None, None)  # read: the limit has had its say
    form = UploadForm(data, sent, shops=shops, refused=limit.refusal)
    if posted and form.is_valid():
        data = form.cleaned_data
        name = shop_names().get(data["shop"], "") if data["shop"] else ""
        batch = services.batch_create(user=request.user, upload=data["file"], shop_uuid=data["shop"], shop_name=name, reason=data["reason"])
        resolve.preview_start(batch=batch, user=request.user)
        return redirect_after_write(request, _detail(batch))
    languages = [(code, name) for code, name in settings.LANGUAGES]
    return render_page(request, "batches/upload.html", {"form": form, "failure": failure, "languages": languages}, partial="form")


@require_GET
@permission_required("staff.correct_loyalty", raise_exception=True)
def template(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    if kind not in ("csv", "xlsx") or language not in dict(settings.LANGUAGES):
        raise Http404(_("No such template."))
    content, filename, content_type = files.template_file(kind, language)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _table(request: HttpRequest, batch: Batch, only: str):
    rows = selectors.batch_rows(batch, only=only)
    link_contacts = request.user.has_perm("staff.view_contacts")
    panel_url = reverse("batches:rows", args=[batch.pk])
    if batch.state in PREVIEWED:
        editable = batch.state == Batch.State.READY
        table = PreviewTable(rows, panel_url=panel_url, link_contacts=link_contacts, editable=editable)
    else:
        table = ResultTable(rows, panel_url=panel_url, link_contacts=link_contacts)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return table


def _progress(batch: Batch, run) -> dict:
    return {"batch": batch, "run": run, "time_left": time_left(run.seconds_left) if run is not None else ""}


def _counts(counts: dict[str, int]) -> dict[str, int]:
    made = sum(counts.get(state, 0) for state in MADE)
    refused, unknown = counts.get(RowState.REFUSED, 0), counts.get(RowState.UNKNOWN, 0)
    return {"made": made, "refused": refused, "unknown": unknown, "skipped": counts.get(RowState.SKIPPED, 0), "other": refused + unknown}


def _context(request: HttpRequest, batch: Batch) -> dict:
    only = request.GET.get("only", "")
    only = only if only in ONLY else ""
    run = selectors.batch_run(batch)
    idle = run is None or not run.is_active
    previewed = batch.state in PREVIEWED
    undoing = batch.state in (Batch.State.UNDOING, Batch.State.UNDONE)
    counts = {} if previewed else _counts(selectors.row_counts(batch))
    undo_counts = _counts(selectors.row_counts(batch, undo=True)) if undoing else {}
    return {
        **_progress(batch, run),
        "table": _table(request, batch, only),
        "only": only,
        "previewed": previewed,
        "state_meaning": BATCH_MEANINGS.get(batch.state, NEUTRAL),
        "refused": problems.in_reader_language(batch.refused) if batch.refused else "",
        "may_apply": request.user.has_perm("staff.apply_batches"),
        "can_apply": batch.state == Batch.State.READY or (batch.state == Batch.State.APPLYING and idle),
        "can_undo": batch.state == Batch.State.APPLIED or (batch.state in (Batch.State.APPLYING, Batch.State.UNDOING) and idle),
        "counts": counts,
        "undo_counts": undo_counts,
        # Rows whose outcome is unknown can be checked against Leat again (actions.CheckUnknown), once no run is under way.
        "can_check": idle and bool(counts.get("unknown") or undo_counts.get("unknown")),
    }


@require_GET
@permission_required("staff.correct_loyalty", raise_exception=True)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(Batch, pk=pk)
    return render_page(request, "batches/detail.html", _context(request, batch), partial="page")


@require_GET
@permission_required("staff.correct_loyalty", raise_exception=True)
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's progress, which the page asks for every second while a run is under way; once it
    ended, the page is drawn again whole (htmx's HX-Refresh) to show what the run made."""
    batch = get_object_or_404(Batch, pk=pk)
    run = selectors.batch_run(batch)
    if not getattr(request, "htmx", False):
        return redirect(_detail(batch))
    if run is None or not run.is_active:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render_page(request, "batches/detail.html", _progress(batch, run), partial="progress")


@require_GET
@permission_required("staff.correct_loyalty", raise_exception=True)
def rows(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows' table alone, for htmx's paging and narrowing; without htmx, the batch's page."""
    batch = get_object_or_404(Batch, pk=pk)
    if not getattr(request, "htmx", False):
        query = request.GET.urlencode()
        return redirect(_detail(batch) + (f"?{query}" if query else ""))
    return render_page(request, "batches/detail.html", _context(request, batch), partial="rows")


def _numbers(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit() and len(value) < 10]


def _back(request: HttpRequest, batch: Batch) -> str:
    """The batch's page where staff were (its page of rows and its narrowing)."""
    page, only = request.POST.get("page", ""), request.POST.get("only", "")
    query = [f"page={int(page)}"] if page.isdigit() and len(page) < 7 else []
    query += [f"only={only}"] if only in ONLY else []
    return _detail(batch) + ("?" + "&".join(query) if query else "")


@require_POST
@permission_required("staff.correct_loyalty", raise_exception=True)
def leave_out(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(Batch, pk=pk)
    if batch.state != Batch.State.READY:
        messages.error(request, _("Rows can only be left out before the batch is applied."))
        return redirect_after_write(request, _back(request, batch))
    changed = services.rows_leave_out(batch, shown=_numbers(request.POST.getlist("shown")), left_out=_numbers(request.POST.getlist("left_out")))
    messages.success(request, ngettext("%(count)s row changed.", "%(count)s rows changed.", changed) % {"count": changed})
    return redirect_after_write(request, _back(request, batch))


@require_POST
@permission_required("staff.correct_loyalty", raise_exception=True)
def leave_out_problems(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(Batch, pk=pk)
    if batch.state != Batch.State.READY:
        messages.error(request, _("Rows can only be left out before the batch is applied."))
        return redirect_after_write(request, _back(request, batch))
    changed = services.rows_leave_out_problems(batch)
    messages.success(request, ngettext("%(count)s row with a problem left out.", "%(count)s rows with a problem left out.", changed) % {"count": changed})
    return redirect_after_write(request, _back(request, batch))


@require_POST
@permission_required("staff.correct_loyalty", raise_exception=True)
def preview_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Take up a preview that stopped (Leat down, the worker gone)."""
    batch = get_object_or_404(Batch, pk=pk, state=Batch.State.PREVIEWING)
    resolve.preview_start(batch=batch, user=request.user)
    return redirect_after_write(request, _detail(batch))


COLUMNS = ["row", "in_the_file", "contact_email", "contact_uuid", "name", "credits", "purchase", "shop", "reason", "state", "what_happened", "transaction", "balance_after", "undo", "undo_what_happened", "reversal", "problems"]


@require_GET
@permission_required("staff.export_data", raise_exception=True)  # customers' emails and names: an export like any other
def result_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Every row and what happened to it, streamed (memory stays flat however many rows)."""
    batch = get_object_or_404(Batch, pk=pk)

    def lines() -> Iterator[str]:
        text = io.StringIO()
        writer = csv_writer(text)
        writer.writerow(COLUMNS)
        for number, row in enumerate(selectors.batch_rows(batch).iterator(chunk_size=1000)):
            writer.writerow(_csv_row(row))
            if number % 200 == 0:
                yield text.getvalue()
                text.seek(0)
                text.truncate()
        yield text.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="batch-{batch.pk}-result.csv"'
    return response


def _csv_row(row: BatchRow) -> list:
    return [
        row.number, row.who, row.contact_email, row.contact_uuid, row.contact_name, row.give, "" if row.purchase is None else f"{row.purchase:.2f}",
        row.shop_name or row.shop_text, row.reason, row.get_state_display(), answer_words(row, undo=False), row.transaction_uuid,
        row.balance_after, row.get_undo_state_display() if row.undo_state else "", answer_words(row, undo=True) if row.undo_state else "",
        row.undo_transaction_uuid, " ".join(problems.all_in_words(row.problems)),
    ]
