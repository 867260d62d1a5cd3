"""Typed records for what Leat returns, and the tolerant parsing they need.

Leat is loose in places (dates with `T` or a space, numbers as strings,
`meta` as `[]` or `{}`, nulls anywhere, undocumented extra fields) and the
records absorb that here, once (values.py). They are strict where a missing
value would make the record meaningless: an object without its identifier
is a `BadResponse`, never a half-filled record.

One module per domain; every record and helper is importable from here, as
`from leatadmin.leat.models import Contact`.

Hand-written `from_api` parsers rather than `msgspec.Struct`s: msgspec reads
`T` or a space in a date and numbers as strings, but not naive dates as UTC,
"" as no date, numeric identifiers as text, or null as "" and 0, nor the
records' flattened members (a transaction's `card` is Leat's
`contact_identifier.value`) and fallbacks (a reward's `is_active` from
`active`): each record would need a raw Struct and a mapping as well.
"""

from ..errors import BadResponse
from .cards import ContactIdentifier
from .collectable import CollectableReward
from .common import ContactSummary, Shop
from .contacts import AttributeDefinition, AttributeOption, Contact, ContactRef, Tier
from .giftcards import Giftcard, GiftcardProgram, GiftcardTransaction
from .loyalty import CreditBalance, CreditCalculation, LoyaltyProgram, LoyaltyTransaction, Reward, RewardSummary
from .pages import Listed, Page, T
from .prepaid import PrepaidBalance, PrepaidTransaction
from .subscriptions import Subscription, SubscriptionType
from .values import as_dict, parse_bool, parse_datetime, parse_decimal, parse_id, parse_int, parse_str, require_dict, require_id
from .visits import Booking, Visit
from .vouchers import VOUCHER_STATUSES, Promotion, Voucher, VoucherLock

__all__ = [
    "AttributeDefinition",
    "AttributeOption",
    "VOUCHER_STATUSES",
    "BadResponse",
    "Booking",
    "CollectableReward",
    "Contact",
    "ContactIdentifier",
    "ContactRef",
    "ContactSummary",
    "CreditBalance",
    "CreditCalculation",
    "Giftcard",
    "GiftcardProgram",
    "GiftcardTransaction",
    "Listed",
    "LoyaltyProgram",
    "LoyaltyTransaction",
    "Page",
    "PrepaidBalance",
    "PrepaidTransaction",
    "Promotion",
    "Reward",
    "RewardSummary",
    "Shop",
    "Subscription",
    "SubscriptionType",
    "T",
    "Tier",
    "Visit",
    "Voucher",
    "VoucherLock",
    "as_dict",
    "parse_bool",
    "parse_datetime",
    "parse_decimal",
    "parse_id",
    "parse_int",
    "parse_str",
    "require_dict",
    "require_id",
]
