"""What a staff member is told when Leat fails, in one place.

Each Leat failure maps to the HTTP status leatadmin answers with (never 500),
a headline, and what to do about it. Used by the error middleware for pages
and panels, and by forms for a failed write.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

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
        return Failure(404, _not_found(error), _("It may have been deleted, or the link is wrong."), False)
    return Failure(502, _("Leat refused the request: %(message)s") % {"message": error.message}, _("Check the input and try again."), False)


#: Leat's own messages for what it did not find, so a Dutch page says them in
#: Dutch too (any other text Leat sends is shown as Leat wrote it).
LEAT_NOT_FOUND = (
    gettext_noop("Not found."),
    gettext_noop("Model not found."),
    gettext_noop("Contact not found."),
    gettext_noop("Shop not found."),
    gettext_noop("Contact identifier not found."),
    gettext_noop("Subscription type not found."),
    gettext_noop("Credit reception not found."),
    gettext_noop("Reward not found."),
    gettext_noop("Unit not found."),
)


def _not_found(error: errors.NotFound) -> str:
    return _(error.message) if error.message in LEAT_NOT_FOUND else error.message
