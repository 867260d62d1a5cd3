"""The Batches page's table, and a batch's rows: as previewed, and what happened to each."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from leatadmin.core.badges import NEUTRAL, OK, PENDING, STOPPED
from leatadmin.core.tables import ContactColumn, LocalDateTimeColumn, ModelTable
from leatadmin.core.templatetags.leat_format import count, signed_credits

from . import problems
from .models import Batch, BatchRow, RowState
from .words import answer_words

NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}
STATE_MEANINGS = {
    RowState.DONE: OK, RowState.SETTLED: OK, RowState.PENDING: NEUTRAL, RowState.WRITING: PENDING,
    RowState.UNKNOWN: PENDING, RowState.REFUSED: STOPPED, RowState.SKIPPED: NEUTRAL,
}
BATCH_MEANINGS = {
    Batch.State.READY: NEUTRAL, Batch.State.APPLIED: OK, Batch.State.UNDONE: NEUTRAL, Batch.State.REFUSED: STOPPED,
    Batch.State.PREVIEWING: PENDING, Batch.State.APPLYING: PENDING, Batch.State.UNDOING: PENDING,
}


def state_badge(meaning: str, text: object) -> str:
    return format_html('<span class="badge {}">{}</span>', meaning, text)


def _batch_url(batch: Batch) -> str:
    return reverse("batches:detail", args=[batch.pk])


class BatchTable(ModelTable):
    created_at = LocalDateTimeColumn(verbose_name=_("Uploaded"), url_of=_batch_url)
    username = tables.Column(verbose_name=_("Who"))
    file_name = tables.Column(verbose_name=_("File"), attrs={"td": {"class": "token"}})
    rows = tables.Column(verbose_name=_("Rows"), attrs=NUMBER)
    contacts = tables.Column(verbose_name=_("Contacts"), attrs=NUMBER)
    credits_given = tables.Column(verbose_name=_("Credits given"), attrs=NUMBER)
    credits_taken = tables.Column(verbose_name=_("Credits taken"), attrs=NUMBER)
    state = tables.Column(verbose_name=_("State"))
    links = tables.Column(verbose_name=_("Open"), empty_values=(), orderable=False)

    pager_label = _("Batch pages")

    class Meta:
        model = Batch
        fields = ("created_at", "username", "file_name", "rows", "contacts", "credits_given", "credits_taken", "state")
        empty_text = _("No batches yet.")
        attrs = {"class": "batches"}

    def __init__(self, *args, may_apply: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.may_apply = may_apply

    def render_rows(self, value: int) -> str:
        return count(value)

    def render_contacts(self, value: int) -> str:
        return count(value)

    def render_credits_given(self, value: int) -> str:
        return count(value)

    def render_credits_taken(self, value: int) -> str:
        return count(value)

    def render_state(self, value: str, record: Batch) -> str:
        return state_badge(BATCH_MEANINGS.get(value, NEUTRAL), record.get_state_display())

    def render_links(self, record: Batch) -> str:
        url = _batch_url(record)
        links = [(url, _("Preview"))]
        if record.state in (Batch.State.APPLYING, Batch.State.APPLIED, Batch.State.UNDOING, Batch.State.UNDONE):
            links.append((url + "#result", _("Result")))
        if self.may_apply and record.state in (Batch.State.APPLIED, Batch.State.APPLYING, Batch.State.UNDOING):
            links.append((reverse("batches:undo", args=[record.pk]), _("Undo")))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)


class RowTable(ModelTable):
    """A batch's rows, in file order."""

    number = tables.Column(verbose_name=_("Row"), attrs=NUMBER)
    who = tables.Column(verbose_name=_("In the file"), attrs={"td": {"class": "token"}})
    contact = ContactColumn(verbose_name=_("Contact"), uuid_of=lambda row: row.contact_uuid, email_of=lambda row: row.contact_email, orderable=False)
    contact_name = tables.Column(verbose_name=_("Name"), orderable=False)
    balance = tables.Column(verbose_name=_("Balance"), attrs=NUMBER, orderable=False)
    give = tables.Column(verbose_name=_("Credits"), attrs=NUMBER, orderable=False)
    after = tables.Column(verbose_name=_("Balance after"), empty_values=(), attrs=NUMBER, orderable=False)
    shop_name = tables.Column(verbose_name=_("Shop"), orderable=False)
    reason = tables.Column(verbose_name=_("Reason"), orderable=False)
    problems = tables.Column(verbose_name=_("Problems"), empty_values=(), orderable=False)

    pager_label = _("Row pages")

    class Meta:
        model = BatchRow
        fields = ("number", "who", "contact", "contact_name", "balance", "give", "after", "shop_name", "reason", "problems")
        empty_text = _("No rows.")
        attrs = {"class": "batch-rows"}
        orderable = False

    def render_balance(self, value: int) -> str:
        return count(value)

    def render_give(self, value: int, record: BatchRow) -> str:
        if record.purchase is not None:
            return format_html("{} <span class=\"muted\">({})</span>", signed_credits(value), _("purchase"))
        return signed_credits(value)

    def render_after(self, record: BatchRow) -> str:
        return count(record.balance_then) if record.balance_then is not None else "—"

    def render_problems(self, record: BatchRow) -> str:
        if not record.problems:
            return "—"
        return format_html('<ul class="problems">{}</ul>', format_html_join("", "<li>{}</li>", ((words,) for words in problems.all_in_words(record.problems))))


class PreviewTable(RowTable):
    """The preview: each row with a box to leave it out (before the apply)."""

    out = tables.Column(verbose_name=_("Leave out"), empty_values=(), orderable=False)

    class Meta(RowTable.Meta):
        sequence = ("out", "...")
        row_attrs = {"class": lambda record: "has-problem" if record.has_problem else ""}

    def __init__(self, *args, editable: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not editable:
            self.columns.hide("out")

    def render_out(self, record: BatchRow) -> str:
        label = _("Leave out row %(row)s") % {"row": record.number}
        return format_html(
            '<input type="hidden" name="shown" value="{}" form="leave-out"><input type="checkbox" name="left_out" value="{}" form="leave-out" aria-label="{}"{}>',
            record.number, record.number, label, " checked" if record.left_out else "",
        )


class ResultTable(RowTable):
    """What happened to each row: given, refused (Leat's reason in words), outcome unknown, settled; and its undo."""

    outcome = tables.Column(verbose_name=_("What happened"), empty_values=(), orderable=False)
    undo = tables.Column(verbose_name=_("Undo"), empty_values=(), orderable=False)

    class Meta(RowTable.Meta):
        exclude = ("after", "reason")
        sequence = ("number", "who", "contact", "contact_name", "give", "outcome", "undo", "shop_name", "problems")

    def render_outcome(self, record: BatchRow) -> str:
        words = answer_words(record, undo=False)
        return format_html("{} {}", state_badge(STATE_MEANINGS.get(record.state, NEUTRAL), record.get_state_display()), words)

    def render_undo(self, record: BatchRow) -> str:
        if not record.undo_state:
            return "—"
        words = answer_words(record, undo=True)
        return format_html("{} {}", state_badge(STATE_MEANINGS.get(record.undo_state, NEUTRAL), record.get_undo_state_display()), words)
