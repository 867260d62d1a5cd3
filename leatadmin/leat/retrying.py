"""When the client tries a request again, in one place.

Reads (GET) are retried with backoff on connection failures and on 500, 502,
503 and 504. A write is never retried blindly: if Leat may have acted on it,
a second attempt could create a second visit or booking. Two cases are safe
for every method, so they are retried for writes too:

* the connection was refused, so the request never left (urllib3 counts
  these as `connect` errors, which it retries for any method);
* HTTP 429, because Leat refused the request without acting on it.

A 429 is only waited out when Leat's `Retry-After` is short; a long wait
goes back to the caller as `RateLimited` so staff see when to try again
instead of a browser tab hanging.

All of a call's attempts fit in one time budget: the client sets a deadline
for the call (`call_deadline`), and a retry that could not finish before it
(the wait, then a whole attempt's timeout) is not made; the last failure goes
back to the caller instead. So a panel answers 504 before the browser gives up.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from urllib3.exceptions import MaxRetryError, ResponseError
from urllib3.util.retry import Retry

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


# (when the call must end, the longest one attempt may take) for the call in progress.
_deadline: ContextVar[tuple[float, float] | None] = ContextVar("leat_call_deadline", default=None)


@dataclass
class Attempts:
    """How often the call in progress was tried again (the client's observer counts retries)."""

    retries: int = 0


_attempts: ContextVar[Attempts | None] = ContextVar("leat_call_attempts", default=None)


@contextmanager
def call_deadline(ends_at: float | None, attempt_timeout: float, attempts: Attempts | None = None) -> Iterator[None]:
    """Retries inside this block must be over by `ends_at` (time.monotonic());
    each one made is counted in `attempts`."""
    token = _deadline.set(None if ends_at is None else (ends_at, attempt_timeout))
    counting = _attempts.set(attempts)
    try:
        yield
    finally:
        _attempts.reset(counting)
        _deadline.reset(token)


class LeatRetry(Retry):
    #: The longest `Retry-After` (seconds) worth waiting for inside a request.
    max_retry_after = 3.0

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if status_code == 429:
            return self.total is None or self.total > 0
        return super().is_retry(method, status_code, has_retry_after)

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if response is not None and response.status == 429:
            wait = self.get_retry_after(response)
            if wait is not None and wait > self.max_retry_after:
                # Give the 429 back to the caller at once (raise_on_status is
                # off, so urllib3 returns the response rather than raising).
                raise MaxRetryError(_pool, url, ResponseError("long Retry-After"))
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        limit = _deadline.get()
        if limit is not None:
            ends_at, attempt_timeout = limit
            wait = max(retry.get_backoff_time(), (self.get_retry_after(response) or 0) if response is not None else 0)
            if time.monotonic() + wait + attempt_timeout > ends_at:
                # Another attempt could outlast the call's budget: give the caller this failure.
                raise MaxRetryError(_pool, url, error or ResponseError("deadline"))
        attempts = _attempts.get()
        if attempts is not None:
            attempts.retries += 1
        return retry


def leat_retry(*, retries: int = 2, backoff: float = 0.2) -> LeatRetry:
    return LeatRetry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        other=0,
        backoff_factor=backoff,
        backoff_max=2.0,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=READ_METHODS,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
