"""The staff roles. The data migration 0002 creates these groups; keep the two in step."""

CUSTOMER_SERVICE = "Customer service"
SHOP_MANAGER = "Shop manager"
SUPERVISOR = "Supervisor"

ROLES: dict[str, list[str]] = {
    CUSTOMER_SERVICE: [
        "view_contacts", "create_contacts", "edit_contacts", "view_visits", "view_bookings",
        "correct_loyalty", "manage_cards", "manage_subscriptions", "topup_prepaid",
        "redeem_vouchers", "giftcard_transactions",
    ],
    SHOP_MANAGER: ["view_contacts", "view_visits", "manage_visits", "view_bookings", "manage_bookings", "redeem_vouchers", "giftcard_transactions"],
    SUPERVISOR: [
        "view_contacts", "create_contacts", "edit_contacts", "delete_contacts", "view_visits", "manage_visits",
        "view_bookings", "manage_bookings", "view_audit", "export_data",
        "correct_loyalty", "manage_cards", "manage_subscriptions", "topup_prepaid", "refund_prepaid",
        "redeem_vouchers", "giftcard_transactions", "manage_vouchers", "manage_giftcards", "apply_batches",
    ],
}
