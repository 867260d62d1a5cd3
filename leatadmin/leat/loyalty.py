"""The loyalty program and credit receptions: its settings, giving (or, with
negative credits, taking back) credits, previewing them, and reversing a
reception.

Leat's advice, followed here: to undo a whole reception, reverse it (Leat
books the opposite credits itself); for a partial refund, give a negative
number of `credits` (a share of the credits first given), never a negative
`unit_value`, because the loyalty rules may have changed since.
"""

from __future__ import annotations

from decimal import Decimal

from .models import CreditCalculation, LoyaltyProgram, LoyaltyTransaction
from .resource import Resource, number, segment


class LoyaltyPrograms(Resource):
    def get(self) -> LoyaltyProgram:
        return LoyaltyProgram.from_api(self.client.data("GET", "loyalty-program"))


class CreditReceptions(Resource):
    def create(
        self,
        *,
        contact_uuid: str,
        shop_uuid: str,
        credits: int | None = None,
        unit_value: Decimal | float | int | str | None = None,
        unit_name: str | None = None,
        contact_identifier_value: str | None = None,
    ) -> LoyaltyTransaction:
        """Either `credits` (exact, may be negative; overrides the loyalty rules)
        or `unit_value` (e.g. the purchase amount in euros; the rules decide), or both."""
        if credits is None and unit_value is None:
            raise ValueError("Give credits or a unit_value.")
        payload = {
            "contact_uuid": contact_uuid,
            "shop_uuid": shop_uuid,
            "credits": None if credits is None else int(credits),
            "unit_value": None if unit_value is None else number(unit_value),
            "unit_name": unit_name,
            "contact_identifier_value": contact_identifier_value,
        }
        payload = {name: value for name, value in payload.items() if value is not None}
        return LoyaltyTransaction.from_api(self.client.data("POST", "credit-receptions", json=payload))

    def calculate(
        self, *, shop_uuid: str, unit_value: Decimal | float | int | str, contact_uuid: str | None = None, unit_name: str | None = None
    ) -> int:
        """The credits a reception of `unit_value` would give now (nothing is booked)."""
        params = {"shop_uuid": shop_uuid, "unit_value": number(unit_value), "contact_uuid": contact_uuid, "unit_name": unit_name}
        data = self.client.data("GET", "credit-receptions/calculate", params=params)
        return CreditCalculation.from_api(data).credits

    def reverse(self, uuid: str) -> LoyaltyTransaction:
        """Book the opposite credits of a credit reception. Leat answers with the
        reversed reception itself (`contact_balance` is the balance after)."""
        return LoyaltyTransaction.from_api(self.client.data("POST", f"credit-receptions/{segment(uuid)}/reverse"))
