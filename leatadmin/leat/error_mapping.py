"""From an HTTP answer to the matching `LeatError`: first Leat's numeric code
(`CODE_TO_ERROR`), then the status (401, 429 with its `Retry-After`, 503,
5xx, 404, 422), keeping Leat's message and per-field messages. Apart from
`errors` (the hierarchy every layer catches) because only the client maps
answers, and `error_from_response` is the single place that does.
"""

from __future__ import annotations

from typing import Any

from .errors import (
    CollectableRewardUnavailable,
    ContactAlreadyExists,
    ContactNotAnonymous,
    ContactNotFound,
    CreditReceptionInProgress,
    CreditReceptionNotFound,
    GiftcardExpired,
    GiftcardInactive,
    GiftcardInvalid,
    GiftcardMaximumExceeded,
    GiftcardNotFound,
    GiftcardNotIncrementable,
    GiftcardProgramNotFound,
    GiftcardReincrementable,
    GiftcardTransactionNotFound,
    GiftcardWithoutProgram,
    IdentifierAlreadyExists,
    IdentifierAlreadyLinked,
    IdentifierInactive,
    IdentifierNotFound,
    IdentifierNotLinked,
    InsufficientCredits,
    InsufficientGiftcardBalance,
    InvalidInput,
    LeatError,
    Maintenance,
    MaximumCreditsReached,
    ModelNotFound,
    NoDefaultUnit,
    NotFound,
    NotLastGiftcardTransaction,
    OnlyDigitalGiftcards,
    PromotionInactive,
    PromotionNotFound,
    RateLimited,
    RewardClaimLimitReached,
    RewardInactive,
    RewardNotFound,
    RewardOutOfStock,
    ServerError,
    ShopNotFound,
    ShopNotInGiftcardProgram,
    SubscriptionTypeNotFound,
    Unauthenticated,
    UnitNotFound,
    UsageLimitReached,
    VoucherAlreadyExists,
    VoucherAlreadyRedeemed,
    VoucherDeactivated,
    VoucherExpired,
    VoucherInactive,
    VoucherLimitReached,
    VoucherLocked,
    VoucherNotFound,
    VoucherRedemptionsExhausted,
)

CODE_TO_ERROR: dict[int, type[LeatError]] = {
    1003: InvalidInput,
    1008: ShopNotFound,
    55031: ContactNotFound,
    60013: ModelNotFound,
    60000: UsageLimitReached,
    60003: IdentifierNotFound,
    60005: ContactAlreadyExists,
    60006: IdentifierAlreadyExists,
    60014: IdentifierAlreadyLinked,
    60016: ContactNotAnonymous,
    60004: IdentifierInactive,
    60011: IdentifierNotLinked,
    55030: SubscriptionTypeNotFound,
    1028: CreditReceptionNotFound,
    6003: RewardNotFound,
    1015: MaximumCreditsReached,
    1017: InsufficientCredits,
    1018: RewardOutOfStock,
    1019: RewardClaimLimitReached,
    1052: RewardInactive,
    60007: UnitNotFound,
    55046: NoDefaultUnit,
    60001: CreditReceptionInProgress,
    # At the counter (55031 and 1003 above serve these routes too).
    80002: PromotionNotFound,
    80003: VoucherAlreadyExists,
    80004: VoucherNotFound,
    80005: VoucherAlreadyRedeemed,
    80006: VoucherExpired,
    80008: VoucherLimitReached,
    80012: VoucherDeactivated,
    80014: VoucherInactive,
    80017: VoucherLocked,
    80019: VoucherRedemptionsExhausted,
    80020: PromotionInactive,
    80300: CollectableRewardUnavailable,
    5001: GiftcardNotFound,
    1010: GiftcardInactive,
    5002: GiftcardExpired,
    5003: InsufficientGiftcardBalance,
    5006: GiftcardNotIncrementable,
    5007: GiftcardWithoutProgram,
    5008: GiftcardMaximumExceeded,
    5010: GiftcardTransactionNotFound,
    1100: GiftcardProgramNotFound,
    1114: GiftcardReincrementable,
    7010: GiftcardInvalid,
    7015: ShopNotInGiftcardProgram,
    55021: OnlyDigitalGiftcards,
    55025: NotLastGiftcardTransaction,
}


def _field_errors(raw: Any) -> dict[str, list[str]]:
    """Leat sends `errors` as {field: "msg"} or {field: ["msg", ...]}."""
    if not isinstance(raw, dict):
        return {}
    out: dict[str, list[str]] = {}
    for field, messages in raw.items():
        if isinstance(messages, str):
            out[str(field)] = [messages]
        elif isinstance(messages, list):
            out[str(field)] = [str(m) for m in messages]
        elif messages is not None:
            out[str(field)] = [str(messages)]
    return out


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def error_from_response(status: int, body: Any, headers: Any = None) -> LeatError:
    """Map one non-2xx answer to the matching LeatError."""
    body_dict = body if isinstance(body, dict) else {}
    message = body_dict.get("message") if isinstance(body_dict.get("message"), str) else None
    code = _int_or_none(body_dict.get("code"))
    kwargs: dict[str, Any] = {
        "status": status,
        "code": code,
        "field_errors": _field_errors(body_dict.get("errors")),
        "body": body,
    }
    if status == 401:
        return Unauthenticated(message, **kwargs)
    if status == 429:
        retry_after = _int_or_none((headers or {}).get("Retry-After"))
        return RateLimited(message, retry_after=retry_after, **kwargs)
    if status == 503:
        return Maintenance(message, **kwargs)
    if code in CODE_TO_ERROR:
        return CODE_TO_ERROR[code](message, **kwargs)
    if status >= 500:
        return ServerError(message, **kwargs)
    if status == 404:
        return NotFound(message, **kwargs)
    if status == 422:
        return InvalidInput(message, **kwargs)
    return LeatError(message, **kwargs)
