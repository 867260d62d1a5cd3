"""What leatadmin knows about visits that Leat does not tell.

Leat's visit answers carry no shop, although every visit is created for one.
leatadmin remembers the shop of each visit it creates (as the booking ledger
does for bookings), so its pages can say where a visit was; for a visit made
elsewhere the shop is simply unknown.
"""

from django.db import models


class VisitShop(models.Model):
    visit_uuid = models.CharField(max_length=128, unique=True)
    shop_uuid = models.CharField(max_length=128)
    shop_name = models.CharField(max_length=255, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.visit_uuid} at {self.shop_name or self.shop_uuid}"
