"""The upload's size limit, held while the request's body arrives.

Django keeps an upload as it comes in (in memory up to
FILE_UPLOAD_MAX_MEMORY_SIZE, then in a temporary file) and the form sees its
size only once all of it is stored: a 200 MB file would be written to disk
before being refused. This handler (django.core.files.uploadhandler), put
first for the upload view alone, refuses it as it starts instead:

* by the request's length (CONTENT_LENGTH): a body larger than the limit and
  the form's few other fields is refused before a byte of the file is kept;
* by the bytes received: a file that grows past the limit all the same is
  let go of at once (the handlers after this one never got more than the limit).

Either way the file is skipped (SkipFile): the rest of its bytes are read
and thrown away, the form's other fields are still read (the CSRF token
first of all), and the form says why at the file, with the limit in words.
"""

from __future__ import annotations

import posixpath
from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from .files_refused import TOO_LARGE, TOO_LARGE_SENT, refused, sized

#: What the upload form sends besides the file: its CSRF token, a shop, a reason of at most
#: 500 characters and the multipart boundaries. A body longer than the limit and this holds too large a file.
OTHER_FIELDS_BYTES = 16 * 1024


class UploadLimit(FileUploadHandler):
    """Refuses a file larger than `limit` bytes as it arrives; `refusal` then says why (else None)."""

    def __init__(self, request: Any = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.body_length = 0
        self.refusal: Any = None

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803 (Django's name)
        self.body_length = content_length or 0
        return None  # the body is parsed as usual, by Django's parser and handlers

    def _name(self) -> str:
        return posixpath.basename(str(self.file_name or "").replace("\\", "/"))

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.body_length > self.limit + OTHER_FIELDS_BYTES:
            self.refusal = refused(TOO_LARGE, name=self._name(), size=sized(self.body_length), limit=sized(self.limit))
            raise SkipFile  # before the next handlers start keeping it (memory or a temporary file)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            self.refusal = refused(TOO_LARGE_SENT, name=self._name(), limit=sized(self.limit))
            raise SkipFile  # what the next handlers kept is let go of (Django closes their files)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers make the file
