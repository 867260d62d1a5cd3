from django.apps import AppConfig


class VouchersConfig(AppConfig):
    name = "leatadmin.vouchers"
    label = "vouchers"

    def ready(self) -> None:
        from leatadmin.contacts import lookup_extras
        from leatadmin.contacts.panels import register as show_on_contact_page

        from .finder import VOUCHER
        from .panels import VOUCHERS

        show_on_contact_page(VOUCHERS)
        lookup_extras.register(VOUCHER)  # a voucher code typed in the search box opens its page
