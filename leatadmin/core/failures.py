"""What a staff member is told when Leat fails, in one place.

Each Leat failure maps to the HTTP status leatadmin answers with (never 500),
a headline, and what to do about it. Used by the error middleware for pages
and panels, and by forms for a failed write.
"""

from __future__ import annotations

from dataclasses import dataclass

from leatadmin.leat import errors


@dataclass(frozen=True)
class Failure:
    status: int
    title: str
    advice: str
    retry: bool
    retry_after: int | None = None


def describe(error: errors.LeatError) -> Failure:
    if isinstance(error, errors.RateLimited):
        wait = error.retry_after
        when = f"in {wait} seconds" if wait else "in a minute"
        return Failure(503, "Leat is limiting requests right now.", f"Too many requests reached Leat. Try again {when}.", True, wait)
    if isinstance(error, errors.Maintenance):
        return Failure(503, "Leat is down for maintenance.", "Nothing was changed. Try again in a few minutes.", True)
    if isinstance(error, errors.Timeout):
        return Failure(504, "Leat did not answer in time.", "Try again. If it keeps happening, Leat may be having problems.", True)
    if isinstance(error, errors.ConnectionFailed):
        return Failure(502, "Leat could not be reached.", "Check that Leat (or the sandbox) is running, then try again.", True)
    if isinstance(error, errors.BadResponse):
        return Failure(502, "Leat sent an answer leatadmin could not read.", "Try again; if it keeps happening, tell an administrator.", True)
    if isinstance(error, errors.ServerError):
        return Failure(502, "Leat had an internal error.", "Try again in a moment.", True)
    if isinstance(error, errors.Unauthenticated):
        return Failure(502, "Leat refused leatadmin's API key.", "An administrator must check the LEAT_API_KEY setting.", False)
    if isinstance(error, errors.NotFound):
        return Failure(404, error.message, "It may have been deleted, or the link is wrong.", False)
    return Failure(502, f"Leat refused the request: {error.message}", "Check the input and try again.", False)
