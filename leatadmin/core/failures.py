"""What a staff member is told when Leat fails, in one place.

Each Leat failure maps to the HTTP status leatadmin answers with (never 500),
a headline, and what to do about it; what Leat itself said is put in the
staff member's language by `leat_words`. Used by the error middleware for pages
and panels, and by forms for a failed write.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leatadmin.leat import errors

from .leat_words import said


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
        if wait:
            advice = ngettext("Too many requests reached Leat. Try again in %(seconds)d second.", "Too many requests reached Leat. Try again in %(seconds)d seconds.", wait) % {"seconds": wait}
        else:
            advice = _("Too many requests reached Leat. Try again in a minute.")
        return Failure(503, _("Leat is limiting requests right now."), advice, True, wait)
    if isinstance(error, errors.Maintenance):
        return Failure(503, _("Leat is down for maintenance."), _("Nothing was changed. Try again in a few minutes."), True)
    if isinstance(error, errors.Timeout):
        return Failure(504, _("Leat did not answer in time."), _("Try again. If it keeps happening, Leat may be having problems."), True)
    if isinstance(error, errors.ConnectionFailed):
        return Failure(502, _("Leat could not be reached."), _("Check that Leat (or the sandbox) is running, then try again."), True)
    if isinstance(error, errors.BadResponse):
        return Failure(502, _("Leat sent an answer leatadmin could not read."), _("Try again; if it keeps happening, tell an administrator."), True)
    if isinstance(error, errors.ServerError):
        return Failure(502, _("Leat had an internal error."), _("Try again in a moment."), True)
    if isinstance(error, errors.Unauthenticated):
        return Failure(502, _("Leat refused leatadmin's API key."), _("An administrator must check the LEAT_API_KEY setting."), False)
    if isinstance(error, errors.NotFound):
        return Failure(404, said(error.message), _("It may have been deleted, or the link is wrong."), False)
    return Failure(502, _("Leat refused the request: %(message)s") % {"message": said(error.message)}, _("Check the input and try again."), False)
