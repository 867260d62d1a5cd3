"""The contact page's loyalty panels (registered in loyalty/apps.py): the
transactions, Leat's list one page at a time, filtered by type, shop and
days; and the rewards to collect."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy

from leatadmin.contacts.forms import TransactionFilterForm
from leatadmin.contacts.panels import Panel, page_query
from leatadmin.core.paging import page_number
from leatadmin.shops.selectors import CACHE_KEY as SHOPS_CACHE_KEY
from leatadmin.shops.selectors import choices_of, shop_choices

from .selectors import contact_collectable_rewards, contact_transactions, reward_rows
from .tables import CollectableTable, TransactionTable


class TransactionsPanel(Panel):
    name, order, title, loading = "transactions", 10, gettext_lazy("Loyalty transactions"), gettext_lazy("Loading transactions…")
    url_name, template, paged, history_trigger = "contacts:transactions", "contacts/panels/transactions.html", True, "tx-filter"

    @staticmethod
    def filters(query: QueryDict, shops: list[tuple[str, str]]) -> TransactionFilterForm:
        form = TransactionFilterForm(query, shops=shops)
        form.is_valid()
        return form

    def start(self, request, uuid, reads):
        reads.start_cached("shops", shop_choices, SHOPS_CACHE_KEY, choices_of)
        # The shop filter is checked against Leat's shops once they are in; the
        # transactions are asked for meanwhile, as if the shop asked for exists.
        asked = request.GET.get("tx_shop", "")
        filters = self.filters(request.GET, [(asked, asked)] if asked else [])
        if filters.errors:
            return ("shops",)
        wanted = filters.cleaned_data
        query = {
            "uuid": uuid,
            "type": wanted["tx_type"] or None,
            "shop_uuid": wanted["tx_shop"] or None,
            "created_from": wanted["tx_from"],
            "created_until": wanted["tx_to"],
            "page": page_number(request, "tx_page"),
            "per_page": int(wanted["tx_per_page"]),
        }
        reads.start("transactions", lambda: contact_transactions(**query))
        return ("shops", "transactions")

    def context(self, request, uuid, reads):
        filters = self.filters(request.GET, reads.result("shops"))
        table = None
        if not filters.errors:
            table = TransactionTable(
                reads.result("transactions"),
                panel_url=self.url(uuid),
                page_field="tx_page",
                contact_uuid=uuid,
                can_undo=request.user.has_perm("staff.correct_loyalty"),
            )
        # The filters are a GET form (they work without JavaScript) that keeps the page's other parameters.
        keep = page_query(request.GET, *TransactionFilterForm.base_fields, "tx_page")
        return {"table": table, "filters": filters, "keep": keep, "kind": filters.cleaned_data.get("tx_type", "")}


TRANSACTIONS = TransactionsPanel()


class CollectablesPanel(Panel):
    """What the contact claimed and has not picked up, with when it must be
    collected by, and what leatadmin marked collected lately (with its Undo)."""

    name, order, title, loading = "collectables", 65, gettext_lazy("Rewards to collect"), gettext_lazy("Loading rewards to collect…")
    url_name, template, paged = "loyalty:collectables", "loyalty/collectables.html", True

    def start(self, request, uuid, reads):
        reads.start("collectables", lambda: contact_collectable_rewards(contact_uuid=uuid))
        return ("collectables",)

    def context(self, request, uuid, reads):
        # Leat's list is read in a thread; leatadmin's own collections (the audit log) here.
        rows = reward_rows(contact_uuid=uuid, listed=reads.result("collectables"), now=timezone.now())
        table = CollectableTable(
            rows, page=page_number(request, "rc_page"), contact_uuid=uuid,
            can_collect=request.user.has_perm("staff.redeem_vouchers"), panel_url=self.url(uuid), page_field="rc_page",
        )  # fmt: skip
        return {"table": table, "rows": rows}


COLLECTABLES = CollectablesPanel()
