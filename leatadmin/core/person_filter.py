"""A list filtered by a person, without the person in its URL.

A URL ends up in access and proxy logs, browser history and Referer
headers, so an email, name, phone number or card number typed into a list's
filter must never be in one. The contact lookup keeps its query out of URLs
by posting it; the lists do the same: their filter form is posted, and the
list answers with a redirect (303) to its own URL in which the person's
value is replaced by an opaque reference, `?ref=…`, kept in the staff
member's session. That URL pages, sorts, swaps (htmx) and reloads like any
other; the other filters (shop, days, status, page, sort) stay readable in it.

A contact's UUID and an external id leatadmin made (LA-…) name nobody by
themselves (every contact page has the UUID in its path): they stay in the
URL as they are, so such a link works for a colleague too. A reference only
works in the session that made it: opened elsewhere, the filter says so and
lists nothing.

Use: decorate the list view with `kept_out_of_urls(FilterForm)` and bind the
form with `filter_form(request, FilterForm, ...)`; links to a list filtered
by a person come from `filtered_url`. A link that fills in a form (a card
number to link) carries a reference the same way (`filtered_url`, read back
with `asked_value`); one that picks one of a few values the page lists again
(one of a contact's cards) carries a keyed hash of it instead (`pick_token`,
`picked`): no session needed, so it may be drawn in a streamed page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy

#: The query parameter that holds a reference.
PARAM = "ref"
_SESSION_KEY = "person_filter_refs"
#: References a session keeps (the oldest go first); each holds at most `_LONGEST` characters.
_KEPT = 100
_LONGEST = 1000
#: Never copied from a posted filter into its URL.
_NOT_FILTERS = frozenset({"csrfmiddlewaretoken", PARAM})

_NAMES_NOBODY = re.compile(r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|LA-[0-9A-F]{12})$", re.IGNORECASE)

LOST = gettext_lazy("This filter came from a link made in another session, or one that has ended: type it again.")


def names_nobody(value: str) -> bool:
    """A contact's UUID or leatadmin's external id: fine in a URL as it is."""
    return bool(_NAMES_NOBODY.match(value.strip()))


def keep(request: HttpRequest, value: str) -> str:
    """The reference that stands for `value` in this session's URLs: always the
    same one for the same value in the same session (a keyed hash of both), so
    two requests filtering at once (a filter sent as it changes and as it is
    submitted) agree on it whichever saves the session last."""
    value = value.strip()[:_LONGEST]
    refs: dict[str, str] = request.session.get(_SESSION_KEY, {})
    if not request.session.session_key:
        request.session.save()
    reference = salted_hmac("leatadmin.person_filter.ref", f"{request.session.session_key}:{value}", algorithm="sha256").hexdigest()[:16]
    refs.pop(reference, None)  # moved to the end: the most recently used are kept longest
    refs[reference] = value
    while len(refs) > _KEPT:
        del refs[next(iter(refs))]
    request.session[_SESSION_KEY] = refs
    return reference


def kept(request: HttpRequest, reference: str) -> str | None:
    """What `reference` stands for in this session; None if it is not this session's."""
    return request.session.get(_SESSION_KEY, {}).get(reference)


def url_query(request: HttpRequest, data: QueryDict, field: str) -> QueryDict:
    """`data` (a posted filter, or a query string with the person in it) as its
    URL carries it: `field` by reference unless it names nobody, empty values left out."""
    query = QueryDict(mutable=True)
    for key in data:
        values = [value for value in data.getlist(key) if value.strip()]
        if key not in _NOT_FILTERS and key != field and values:
            query.setlist(key, values)
    value = data.get(field, "").strip()
    if value and names_nobody(value):
        query[field] = value
    elif value:
        query[PARAM] = keep(request, value)
    return query


def filtered_url(request: HttpRequest, url: str, field: str, value: str) -> str:
    """`url` (a list's) filtered by `field` = `value`, the person kept out of it."""
    data = QueryDict(mutable=True)
    data[field] = value
    query = url_query(request, data, field)
    return f"{url}?{query.urlencode()}" if query else url


def asked_value(request: HttpRequest, field: str) -> str:
    """What a URL made by `filtered_url` asks for `field` ("" if nothing, or a reference of another session)."""
    value = request.GET.get(field, "")
    if names_nobody(value):
        return value.strip()
    return kept(request, request.GET.get(PARAM, "")) or ""


def pick_token(value: str) -> str:
    """A token that picks `value` out of a few the view lists again (`picked`):
    the same in every session, and without the secret key it says nothing of
    the value (a card number has too few digits for a plain hash)."""
    return salted_hmac("leatadmin.person_filter.pick", value, algorithm="sha256").hexdigest()[:24]


def picked(token: str, values: Iterable[str]) -> str:
    """The one of `values` that `token` picks; "" if none."""
    return next((value for value in values if token and constant_time_compare(pick_token(value), token)), "")


def _see(request: HttpRequest, query: QueryDict) -> HttpResponse:
    # 303: the browser (and htmx, whose XMLHttpRequest follows it and pushes
    # the URL it ends at) asks for the list with GET.
    return HttpResponseRedirect(f"{request.path}?{query.urlencode()}" if query else request.path, status=303)


def _as_if_asked(request: HttpRequest, query: QueryDict) -> None:
    """From here on the request reads as if it had asked `query`: the page's
    links (tables copy the query string) and its retry link are drawn from it."""
    request.GET = QueryDict(query.urlencode())
    request.META["QUERY_STRING"] = query.urlencode()


def kept_out_of_urls(form_class: type[PersonFilterForm]) -> Callable:
    """Decorates a list view whose `form_class` filters by a person.

    A posted filter is answered with a redirect to the list's URL (the person
    by reference). A URL that still names the person (an old bookmark) is
    answered the same way; for htmx, which cannot redirect the address bar
    by a redirect, the answer is drawn as if asked by reference and replaces
    the URL (HX-Replace-Url)."""
    field = form_class.person_field

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                return _see(request, url_query(request, request.POST, field))
            value = request.GET.get(field, "")
            if not value.strip() or names_nobody(value):
                return view(request, *args, **kwargs)
            query = url_query(request, request.GET, field)
            if not getattr(request, "htmx", False):
                return _see(request, query)
            _as_if_asked(request, query)
            response = view(request, *args, **kwargs)
            response["HX-Replace-Url"] = request.get_full_path()
            return response

        return wrapped

    return decorator


class PersonFilterForm(forms.Form):
    """A list's filter form with one field about a person (`person_field`),
    bound by `filter_form`. A reference this session does not know is an
    error on that field, and the list shows nothing rather than everything."""

    person_field = ""

    def __init__(self, *args: Any, lost_reference: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lost_reference = lost_reference

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.lost_reference:
            self.add_error(self.person_field, LOST)
        return cleaned


def filter_form[F: PersonFilterForm](request: HttpRequest, form_class: type[F], **kwargs: Any) -> F:
    """`form_class` bound to what the URL filters by, the reference replaced by
    the value it stands for (unbound when the URL filters by nothing)."""
    data = request.GET.copy()
    reference = data.pop(PARAM, [""])[-1]
    lost = False
    if reference:
        value = kept(request, reference)
        lost = value is None
        data[form_class.person_field] = value or ""
    return form_class(data or None, lost_reference=lost, **kwargs)
