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
