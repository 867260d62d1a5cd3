"""Staff scoped to shops: who may see and change which shop's visits,
bookings and agenda.

A staff member with shops assigned in the staff admin (`StaffShop`) is
limited to them, whatever their role; one without any sees every shop. The
role decides what someone may do, the shops where. The checks are on the
server, in every list, form, page and panel that shows a shop's things
(README's "Staff limited to their shops").

The assignment is read once per request: it is kept on the request's user
object, which Django makes anew for every request.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from .models import StaffShop

_KEPT = "_leatadmin_shop_scope"
_UNREAD = object()


def shops_of(user) -> frozenset[str] | None:
    """The shop uuids a staff member is limited to; None: not limited."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    scope = getattr(user, _KEPT, _UNREAD)
    if scope is _UNREAD:
        scope = frozenset(StaffShop.objects.filter(user_id=user.pk).values_list("shop_uuid", flat=True)) or None
        setattr(user, _KEPT, scope)
    return scope


def may_see_shop(user, shop_uuid: str | None) -> bool:
    """True when not limited, or the shop is theirs. A thing whose shop is
    not known (a visit made elsewhere) is no limited person's."""
    scope = shops_of(user)
    return scope is None or (bool(shop_uuid) and shop_uuid in scope)


def scope_shop_choices(user, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A shop picker's or filter's choices: only theirs when limited."""
    scope = shops_of(user)
    return list(choices) if scope is None else [(uuid, name) for uuid, name in choices if uuid in scope]


def require_shop(user, shop_uuid: str | None) -> None:
    """Raise `ShopScopeDenied` unless `may_see_shop`."""
    if not may_see_shop(user, shop_uuid):
        raise ShopScopeDenied


class ShopScopeDenied(PermissionDenied):
    """A 403 with its own words (templates/403.html and core/denied_panel.html
    show `title` and `explanation`, with the staff member's shops)."""

    title = gettext_lazy("This shop is not one of yours")
    explanation = gettext_lazy(
        "Your account is limited to the shops assigned to you, and this belongs to another shop, or to one leatadmin does not know. Ask a supervisor if it should be one of yours."
    )
    shop_scope = True

    def __init__(self, *args: object) -> None:
        super().__init__(*args or ("not one of the staff member's shops",))
