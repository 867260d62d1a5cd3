"""A voucher code typed or scanned in the search box, as it comes: lower
case, spaces, dashes (`vq7h m2kx p`, `beans-anna-10`). Registered with the
lookup (contacts/lookup_extras.py) in vouchers/apps.py.

Leat finds a code only exactly as it is (`vouchers/find`), and its codes are
capitals and digits, some with dashes (`BEANS-ANNA-10`). So the code is asked
for in capitals without spaces, and, at the same time, in the one other form
a code is written in: with dashes for spaces (`beans anna 10`), or without
its dashes (a code printed in groups, `VQ7-HM2-KXP`).
"""

from __future__ import annotations

import re
from functools import partial

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.contacts.lookup_extras import Extra, Hit
from leatadmin.leat import errors

from .selectors import voucher_by_code, voucher_hand_over

#: What a code can be, in capitals without spaces: longer than a word of two letters.
CODE_RE = re.compile(r"^(?=.*[A-Z0-9])[A-Z0-9_-]{4,64}$")
#: Who may open a voucher's page (and so find one): the counter's permission.
PERMISSION = "staff.redeem_vouchers"


def voucher_codes(query: str) -> list[str]:
    """The forms of `query` worth asking Leat for, best first ([]: it cannot be a code)."""
    text = query.strip().upper()
    compact = re.sub(r"\s+", "", text)
    if not CODE_RE.match(compact):
        return []
    codes = [compact]
    words = text.split()
    if len(words) > 1 and "-" not in compact:
        codes.append("-".join(words))
    elif "-" in compact:
        codes.append(compact.replace("-", ""))
    return list(dict.fromkeys(code for code in codes if code))


def voucher_find(code: str) -> Hit | None:
    """The voucher with exactly this code (one Leat call), handed to its page."""
    try:
        voucher = voucher_by_code(code=code)
    except (errors.VoucherNotFound, errors.InvalidInput):
        return None
    return Hit(reverse("vouchers:detail", args=[voucher.uuid]), _("Voucher %(code)s") % {"code": voucher.code}, partial(voucher_hand_over, voucher))


VOUCHER = Extra(
    name="voucher",
    noun=gettext_lazy("vouchers"),
    tried=gettext_lazy("a voucher with the code %(codes)s"),
    permission=PERMISSION,
    codes=voucher_codes,
    find=voucher_find,
    order=10,
)
