"""The batch forms: the upload, the apply and the undo."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.core.fields import ReasonField
from leatadmin.core.forms import LeatForm

from . import files
from .models import Batch


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File of corrections"),
        help_text=gettext_lazy("A .csv or .xlsx file: one row per correction, with who, credits or a purchase amount, and optionally a shop and a reason."),
        error_messages={"required": gettext_lazy("Choose the file to upload."), "empty": gettext_lazy("The file is empty.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )
    shop = forms.ChoiceField(
        label=gettext_lazy("Shop for the whole file"), required=False,
        help_text=gettext_lazy("For the rows that name no shop of their own."),
    )
    reason = ReasonField(
        label=gettext_lazy("Reason for the whole file"), required=False,
        help_text=gettext_lazy("For the rows without a reason of their own (kept in the audit log), e.g. “till outage 3 March”."),
    )

    def __init__(self, *args: Any, shops: list[tuple[str, str]], refused: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shop"].choices = [("", _("None: each row names its shop")), *shops]
        #: Why the upload was let go of as it arrived (upload_limit.py): said at the field, not "choose a file".
        self.refused = refused
        if refused is not None:
            self.fields["file"].required = False

    def clean_file(self):
        """A file the reader refuses as a whole is said here, at the field; the rows are read by the preview."""
        if self.refused is not None:
            raise forms.ValidationError(str(self.refused))
        upload = self.cleaned_data["file"]
        try:
            reading = files.read_corrections(upload)
            next(iter(reading.rows), None)  # the header and the first row: most refusals show there
        except files.FileRefused as refused:
            raise forms.ValidationError(str(refused.message)) from None
        finally:
            upload.seek(0)
        return upload


class ApplyForm(LeatForm):
    """Nothing to fill in: the apply is the batch as previewed."""

    def __init__(self, *args: Any, batch: Batch | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.batch = batch


class CheckForm(ApplyForm):
    """Nothing to fill in: every row whose outcome is unknown is checked."""


class UndoForm(LeatForm):
    reason = ReasonField(help_text=gettext_lazy("Why the whole batch is undone (kept in the audit log with each reversal)."))

    def __init__(self, *args: Any, batch: Batch | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.batch = batch
