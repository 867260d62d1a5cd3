"""Submit-once for create forms.

A create form carries a random token. The first POST with a token claims it
(a unique row) before Leat is called; a second POST with the same token
finds the claim and is sent to what the first one created instead of
creating it again. If Leat refuses the first attempt, the claim is released
so the corrected form can be sent.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse

from leatadmin.leat.errors import LeatError

from .forms import LeatForm
from .htmx import redirect_after_write
from .models import FormSubmission


def new_token() -> str:
    return secrets.token_urlsafe(24)


class AlreadySubmitted(Exception):
    def __init__(self, result_url: str) -> None:
        super().__init__(result_url)
        self.result_url = result_url  # "" while the first submission is still running


@dataclass
class Claim:
    row: FormSubmission

    def done(self, result_url: str) -> None:
        self.row.result_url = result_url
        self.row.save(update_fields=["result_url"])


@contextmanager
def submit_once(token: str, user) -> Iterator[Claim]:
    try:
        with transaction.atomic():
            row = FormSubmission.objects.create(token=token, user=user)
    except IntegrityError:
        existing = FormSubmission.objects.filter(token=token).first()
        raise AlreadySubmitted(existing.result_url if existing else "") from None
    claim = Claim(row)
    try:
        yield claim
    except BaseException:
        row.delete()  # not created: the same form may be sent again
        raise


def create_once(request: HttpRequest, form: LeatForm, create: Callable[[], str], *, noun: str) -> HttpResponse | None:
    """Run `create` (which writes to Leat and returns the new thing's URL) at
    most once for this form's token, and answer like a create view does.
    None means: show the form again, now with its errors."""
    try:
        with submit_once(form.cleaned_data["token"], request.user) as claim:
            url = create()
            claim.done(url)
    except AlreadySubmitted as already:
        if already.result_url:
            messages.info(request, f"This form was already sent; here is the {noun} it created.")
            return redirect_after_write(request, already.result_url)
        form.add_error(None, "This form is already being sent. Wait a moment.")
        return None
    except LeatError as error:
        form.apply_leat_error(error)
        return None
    messages.success(request, f"{noun.capitalize()} created in Leat.")
    return redirect_after_write(request, url)
