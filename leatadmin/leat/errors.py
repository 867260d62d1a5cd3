"""One error hierarchy for everything Leat can answer besides success.

Every error keeps the HTTP status, Leat's numeric code, Leat's message and the
per-field messages (for 1003), so views can show them in words next to the
right field. `error_mapping.error_from_response` is the single place that
maps an answer to an error class.
"""

from __future__ import annotations

from typing import Any


class LeatError(Exception):
    """Base class. What staff are told about each kind is in core/failures.py."""

    default_message = "Leat answered with an error."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        code: int | None = None,
        field_errors: dict[str, list[str]] | None = None,
        body: Any = None,
    ) -> None:
        self.message = message or self.default_message
        self.status = status
        self.code = code
        self.field_errors = field_errors or {}
        self.body = body
        #: A write was sent but its answer was lost (timed out, dropped,
        #: unreadable): Leat may or may not have acted on it.
        self.outcome_unknown = False
        #: The application's record of the write that failed, set by whoever
        #: recorded it (leatadmin's audit entry), so the caller can settle a
        #: lost answer against it.
        self.record: Any = None
        super().__init__(self.message)

    def answer_lost(self) -> LeatError:
        self.outcome_unknown = True
        return self

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status}, code={self.code}, message={self.message!r})"


# --- Business errors (HTTP 400 with a Leat code) -------------------------


class InvalidInput(LeatError):
    """1003: Leat rejected the input; `field_errors` says which fields."""

    default_message = "Invalid input."


class NotFound(LeatError):
    default_message = "Not found."


class ModelNotFound(NotFound):
    """60013: the object named in the request does not exist."""

    default_message = "Model not found."


class ContactNotFound(NotFound):
    default_message = "Contact not found."


class ShopNotFound(NotFound):
    default_message = "Shop not found."


class VisitNotFound(NotFound):
    """Leat says "no such visit" as a 1003 about the `uuid` it was given."""

    default_message = "Visit not found."


class ContactAlreadyExists(LeatError):
    default_message = "Contact already exists."


class UsageLimitReached(LeatError):
    default_message = "Usage limit reached."


class IdentifierError(LeatError):
    default_message = "Contact identifier error."


class IdentifierNotFound(IdentifierError):
    default_message = "Contact identifier not found."


class IdentifierAlreadyLinked(IdentifierError):
    default_message = "Contact identifier is already linked."


class IdentifierAlreadyExists(IdentifierError):
    """60006: creating a card whose value another card has."""

    default_message = "Contact identifier already exists."


class ContactNotAnonymous(LeatError):
    default_message = "Contact not anonymous."


class IdentifierInactive(IdentifierError):
    """60004: the card exists but is blocked (inactive)."""

    default_message = "Contact identifier inactive."


class IdentifierNotLinked(IdentifierError):
    """60011: the card is not linked to a contact (a prepaid transaction by card)."""

    default_message = "Contact identifier is not linked to a contact."


class SubscriptionTypeNotFound(NotFound):
    """55030: no subscription type has this uuid."""

    default_message = "Subscription type not found."


# --- Loyalty: credits, rewards, units -------------------------------------


class CreditReceptionNotFound(NotFound):
    """1028: reversing a credit reception that does not exist."""

    default_message = "Credit reception not found."


class RewardNotFound(NotFound):
    """6003."""

    default_message = "Reward not found."


class LoyaltyRefused(LeatError):
    """A loyalty rule of the account refused the credits or the reward."""


class MaximumCreditsReached(LoyaltyRefused):
    """1015: more credits than the program's `max_amount` in one reception."""

    default_message = "Maximum amount of credits reached."


class InsufficientCredits(LoyaltyRefused):
    """1017: the contact's balance is below the reward's cost."""

    default_message = "Insufficient credits."


class RewardOutOfStock(LoyaltyRefused):
    """1018."""

    default_message = "The stock on this reward is empty."


class RewardClaimLimitReached(LoyaltyRefused):
    """1019: the contact has received this reward as often as it may."""

    default_message = "You have reached your claim limit on this reward."


class RewardInactive(LoyaltyRefused):
    """1052."""

    default_message = "Reward is inactive."


class UnitNotFound(LeatError):
    """60007: `unit_name` is not a unit of the program."""

    default_message = "Unit not found."


class NoDefaultUnit(LeatError):
    """55046: the program has no default unit to count `unit_value` in."""

    default_message = "No default unit found."


class CreditReceptionInProgress(LeatError):
    """60001: Leat is still creating a credit reception for this contact."""

    default_message = "Credit reception creating in progress."


# --- Access and availability -------------------------------------------


class Unauthenticated(LeatError):
    """401: the API key is missing, wrong or revoked. Not the staff's fault."""

    default_message = "Unauthenticated."


class RateLimited(LeatError):
    """429: too many requests; `retry_after` is the wait in seconds."""

    default_message = "Too Many Attempts."

    def __init__(self, message: str | None = None, *, retry_after: int | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class Unavailable(LeatError):
    """Leat could not be used right now (server side or network)."""


class Maintenance(Unavailable):
    default_message = "Leat is in maintenance mode."


class ServerError(Unavailable):
    default_message = "Leat had an internal error."


class BadResponse(Unavailable):
    """The answer could not be understood (not JSON, or not the expected shape)."""

    default_message = "Leat sent an answer that could not be read."


class ConnectionFailed(Unavailable):
    default_message = "Leat could not be reached."


class Timeout(Unavailable):
    default_message = "Leat did not answer in time."


# --- At the counter: vouchers, promotions, collectable rewards, gift cards ---
# Leat's code on each line; the default message is Leat's own (English) text.


class PromotionNotFound(NotFound):  # 80002
    default_message = "Promotion not found."


class VoucherNotFound(NotFound):  # 80004: no voucher with this code or uuid
    default_message = "Voucher not found."


class VoucherAlreadyExists(LeatError):  # 80003: a voucher with this code exists
    default_message = "Voucher already exists."


class VoucherLimitReached(LeatError):  # 80008: the promotion has given all its vouchers
    default_message = "Voucher limit reached."


class VoucherRefused(LeatError):
    """The voucher (or its promotion) cannot be redeemed or locked now."""


class VoucherAlreadyRedeemed(VoucherRefused):  # 80005
    default_message = "Voucher code has already been redeemed."


class VoucherExpired(VoucherRefused):  # 80006
    default_message = "Voucher has expired."


class VoucherDeactivated(VoucherRefused):  # 80012
    default_message = "Voucher is deactivated."


class VoucherInactive(VoucherRefused):  # 80014: not active yet (its activation date is to come)
    default_message = "Voucher is inactive."


class VoucherLocked(VoucherRefused):  # 80017: another till holds it
    default_message = "Voucher is already locked."


class VoucherRedemptionsExhausted(VoucherRefused):  # 80019
    default_message = "Voucher doesn't have enough redemptions left."


class PromotionInactive(VoucherRefused):  # 80020
    default_message = "Promotion is inactive."


class CollectableRewardUnavailable(LeatError):  # 80300: Leat says "Reward not found." or "Reward is expired."
    default_message = "Reward not found or expired."


class GiftcardNotFound(NotFound):  # 5001
    default_message = "Giftcard not found."


class GiftcardTransactionNotFound(NotFound):  # 5010
    default_message = "Giftcard transaction not found."


class GiftcardProgramNotFound(NotFound):  # 1100
    default_message = "Giftcard Program not found."


class OnlyDigitalGiftcards(LeatError):  # 55021: a physical card cannot be made through the API
    default_message = "Only Digital giftcards can by created using the public API."


class GiftcardRefused(LeatError):
    """The gift card cannot take this transaction (or this correction)."""


class GiftcardInactive(GiftcardRefused):  # 1010: the card is not activated (blocked)
    default_message = "Card is not activated."


class GiftcardExpired(GiftcardRefused):  # 5002
    default_message = "This giftcard has expired."


class InsufficientGiftcardBalance(GiftcardRefused):  # 5003: paying more than the balance
    default_message = "Insufficient amount on giftcard."


class GiftcardNotIncrementable(GiftcardRefused):  # 5006: this card cannot be topped up
    default_message = "This giftcard cannot be incremented."


class GiftcardWithoutProgram(GiftcardRefused):  # 5007
    default_message = "Giftcard not linked to Giftcard Program."


class GiftcardMaximumExceeded(GiftcardRefused):  # 5008: above the program's maximum
    default_message = "Max amount will be exceeded."


class GiftcardInvalid(GiftcardRefused):  # 7010
    default_message = "That giftcard is not valid."


class ShopNotInGiftcardProgram(GiftcardRefused):  # 7015
    default_message = "Shop does not have access to Giftcard Program."


class GiftcardReincrementable(GiftcardRefused):  # 1114: re-incrementable cards are not for this API
    default_message = "Only non re-incrementable giftcards can be used in the OAuthRoutes Clients API."


class NotLastGiftcardTransaction(GiftcardRefused):  # 55025: only a card's last transaction can be corrected
    default_message = "This is not the giftcards last transaction."
