"""The counter's areas, imported together so `http` serves their routes (each
registers them with `@route` on import): promotions and vouchers, using a
voucher at the till, gift cards and their transactions, rewards to collect."""

from __future__ import annotations

from . import collectables, giftcard_transactions, giftcards, promotions, voucher_use, vouchers

COUNTER_AREAS = (promotions, vouchers, voucher_use, giftcards, giftcard_transactions, collectables)
