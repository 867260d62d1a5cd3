"""The role matrix's rows for batches of corrections (#25), added to tests/security/test_permissions.py:
(name, method, url builder taking the targets dict, permission needed).

Each builder makes the batch it needs (a previewed one, or one applied), so
the matrix's shared targets stay as they are."""

from __future__ import annotations

from django.urls import reverse

from leatadmin.batches.models import Batch


def _batch(state: str = Batch.State.READY) -> int:
    return Batch.objects.create(username="matrix", file_name="matrix.csv", state=state).pk


ENDPOINTS: list[tuple] = [
    ("batches page", "get", lambda t: reverse("batches:list"), "correct_loyalty"),
    ("batch upload", "post", lambda t: reverse("batches:upload"), "correct_loyalty"),
    ("batch template", "get", lambda t: reverse("batches:template", args=["csv", "nl"]), "correct_loyalty"),
    ("batch page", "get", lambda t: reverse("batches:detail", args=[_batch()]), "correct_loyalty"),
    ("batch rows panel", "get", lambda t: reverse("batches:rows", args=[_batch()]), "correct_loyalty"),
    ("batch leave out", "post", lambda t: reverse("batches:leave_out", args=[_batch()]), "correct_loyalty"),
    ("batch leave out problems", "post", lambda t: reverse("batches:leave_out_problems", args=[_batch()]), "correct_loyalty"),
    ("batch result", "get", lambda t: reverse("batches:result_csv", args=[_batch(Batch.State.APPLIED)]), "export_data"),
    ("apply batch", "post", lambda t: reverse("batches:apply", args=[_batch()]), "apply_batches"),
    ("undo batch", "post", lambda t: reverse("batches:undo", args=[_batch(Batch.State.APPLIED)]), "apply_batches"),
]
