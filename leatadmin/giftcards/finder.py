"""A gift card number typed or scanned in the search box, as it comes
(`6036 8210 0000 1234`, `6036-8210-0000-1234`): found in Leat and opened on
its page. Registered with the lookup (contacts/lookup_extras.py) in
giftcards/apps.py.

Leat finds a card only by its number exactly (`giftcards/find-one-by?hash=`):
printed numbers are digits, Leat's documented ones capitals and digits
(`PIGGY123`), never with spaces or dashes, so those are taken out and the
letters put in capitals.
"""

from __future__ import annotations

import re
from functools import partial

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.contacts.lookup_extras import Extra, Hit
from leatadmin.core.leat import leat
from leatadmin.leat import errors

from .selectors import giftcard_hand_over

#: A card number without its spaces and dashes: at least four capitals or digits, one a digit.
NUMBER_RE = re.compile(r"^(?=.*\d)[A-Z0-9]{4,64}$")
#: Who may open a gift card's page (and so find one).
PERMISSION = "staff.giftcard_transactions"


def giftcard_numbers(query: str) -> list[str]:
    """The number to ask Leat for, or [] when `query` cannot be one."""
    number = re.sub(r"[\s-]+", "", query.strip()).upper()
    return [number] if NUMBER_RE.match(number) else []


def giftcard_find(number: str) -> Hit | None:
    """The card with this number (one Leat call), or None."""
    try:
        card = leat().giftcards.find(number)
    except (errors.GiftcardNotFound, errors.InvalidInput):
        return None
    # Handed to its page, which then reads the card's transactions at once instead of the card first.
    return Hit(reverse("giftcards:detail", args=[card.uuid]), _("Gift card %(number)s") % {"number": card.hash}, partial(giftcard_hand_over, card))


GIFTCARD = Extra(
    name="giftcard",
    noun=gettext_lazy("gift cards"),
    tried=gettext_lazy("a gift card numbered %(codes)s"),
    permission=PERMISSION,
    codes=giftcard_numbers,
    find=giftcard_find,
    order=20,
)
