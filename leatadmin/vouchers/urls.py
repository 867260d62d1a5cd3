from django.urls import path

from leatadmin.leat.models.vouchers import ACTIVE, DEACTIVATED

from . import redemption, views

app_name = "vouchers"
urlpatterns = [
    path("vouchers/<leatid:uuid>/", views.detail, name="detail"),
    path("vouchers/<leatid:uuid>/redeem/", redemption.redeem, name="redeem"),
    path("vouchers/<leatid:uuid>/deactivate/", views.status_change, {"status": DEACTIVATED}, name="deactivate"),
    path("vouchers/<leatid:uuid>/activate/", views.status_change, {"status": ACTIVE}, name="activate"),
    path("contacts/<leatid:uuid>/vouchers/", views.vouchers_panel, name="panel"),
    path("contacts/<leatid:uuid>/vouchers/give/", views.give, name="give"),
]
