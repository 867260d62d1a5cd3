"""Submit-once for create forms.

A create form carries a random token. The first POST with a token claims it
(a unique row) before Leat is called; a second POST with the same token
finds the claim and is sent to what the first one created instead of
creating it again. If Leat refuses the first attempt, the claim is released
so the corrected form can be sent.
"""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from django.db import IntegrityError, transaction

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
