"""At the counter (#29): Leat's voucher, collectable reward and gift card error
codes, each mapped to its typed error (error_mapping.CODE_TO_ERROR), with
Leat's message kept and an English default when Leat sends none."""

from __future__ import annotations

import pytest

from leatadmin.leat import errors
from leatadmin.leat.error_mapping import error_from_response

# (code, Leat's message as its docs give it, the error, the family it belongs to)
COUNTER_ERRORS = [
    (80002, "Promotion not found.", errors.PromotionNotFound, errors.NotFound),
    (80003, "Voucher already exists.", errors.VoucherAlreadyExists, errors.LeatError),
    (80004, "Voucher not found.", errors.VoucherNotFound, errors.NotFound),
    (80005, "Voucher code as already been redeemed.", errors.VoucherAlreadyRedeemed, errors.VoucherRefused),
    (80006, "Voucher has expired.", errors.VoucherExpired, errors.VoucherRefused),
    (80008, "Voucher limit reached.", errors.VoucherLimitReached, errors.LeatError),
    (80012, "Voucher is deactivated.", errors.VoucherDeactivated, errors.VoucherRefused),
    (80014, "Voucher is inactive.", errors.VoucherInactive, errors.VoucherRefused),
    (80017, "Voucher is already locked.", errors.VoucherLocked, errors.VoucherRefused),
    (80019, "Voucher doesn't have enough redemptions left.", errors.VoucherRedemptionsExhausted, errors.VoucherRefused),
    (80020, "Promotion is inactive.", errors.PromotionInactive, errors.VoucherRefused),
    (80300, "Reward is expired.", errors.CollectableRewardUnavailable, errors.LeatError),
    (5001, "Giftcard not found.", errors.GiftcardNotFound, errors.NotFound),
    (1010, "Kaart is niet geactiveerd. | Card is not activated.", errors.GiftcardInactive, errors.GiftcardRefused),
    (5002, "Het bedrag op de kaart is verlopen. | This giftcard has expired.", errors.GiftcardExpired, errors.GiftcardRefused),
    (5003, "Het bedrag op de kaart is niet toereikend. | Insufficient amount on giftcard.", errors.InsufficientGiftcardBalance, errors.GiftcardRefused),
    (5006, "Deze giftcard kan niet opgewaardeerd worden. | This giftcard cannot be incremented.", errors.GiftcardNotIncrementable, errors.GiftcardRefused),
    (5007, "Deze giftcard is niet gekoppeld aan een programma. | Giftcard not linked to Giftcard Program.", errors.GiftcardWithoutProgram, errors.GiftcardRefused),
    (5008, "Maximale limiet op kaart bereikt. | Max amount will be exceeded.", errors.GiftcardMaximumExceeded, errors.GiftcardRefused),
    (5010, "Giftcard transaction not found.", errors.GiftcardTransactionNotFound, errors.NotFound),
    (1100, "Giftcard Program not found.", errors.GiftcardProgramNotFound, errors.NotFound),
    (1114, "Only non re-incrementable giftcards can be used in the OAuthRoutes Clients API.", errors.GiftcardReincrementable, errors.GiftcardRefused),
    (7010, "That giftcard is not valid.", errors.GiftcardInvalid, errors.GiftcardRefused),
    (7015, "Shop does not have access to Giftcard Program.", errors.ShopNotInGiftcardProgram, errors.GiftcardRefused),
    (55021, "Only Digital giftcards can by created using the public API.", errors.OnlyDigitalGiftcards, errors.LeatError),
    (55025, "This is not the giftcards last transaction.", errors.NotLastGiftcardTransaction, errors.GiftcardRefused),
    (60006, "Contact identifier already exists.", errors.IdentifierAlreadyExists, errors.IdentifierError),
    # Shared with the other routes, and listed under these ones too.
    (55031, "Contact not found.", errors.ContactNotFound, errors.NotFound),
    (1003, "Invalid input.", errors.InvalidInput, errors.LeatError),
]


@pytest.mark.parametrize(("code", "message", "kind", "family"), COUNTER_ERRORS)
def test_each_counter_code_is_its_typed_error_with_leats_message(code, message, kind, family):
    error = error_from_response(400, {"message": message, "code": code, "status_code": 400})
    assert type(error) is kind and isinstance(error, family)
    assert (error.status, error.code, error.message) == (400, code, message)


@pytest.mark.parametrize(("code", "message", "kind", "family"), COUNTER_ERRORS)
def test_each_counter_code_as_a_string_and_without_a_message_has_an_english_default(code, message, kind, family):
    error = error_from_response(400, {"code": str(code)})
    assert type(error) is kind and error.message == kind.default_message
    assert error.message.isascii() and error.message.endswith(".")


def test_counter_families_do_not_catch_each_other():
    assert not issubclass(errors.VoucherRefused, errors.GiftcardRefused) and not issubclass(errors.GiftcardRefused, errors.VoucherRefused)
    assert not issubclass(errors.VoucherRefused, errors.NotFound) and not issubclass(errors.GiftcardRefused, errors.NotFound)


def test_a_1003_on_a_gift_card_transaction_keeps_its_field_messages():
    error = error_from_response(400, {"message": "Invalid input.", "code": 1003, "errors": {"amount_in_cents": ["The amount in cents must be an integer."]}})
    assert type(error) is errors.InvalidInput and error.field_errors == {"amount_in_cents": ["The amount in cents must be an integer."]}
