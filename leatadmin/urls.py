from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from leatadmin.core import views as core_views
from leatadmin.core.converters import LeatIdConverter
from leatadmin.core.metrics_endpoint import metrics
from leatadmin.directory.webhooks import leat_webhook
from leatadmin.staff.language import language_set
from leatadmin.staff.login import StaffLoginView, ThrottledAdminAuthenticationForm, answers_429_when_locked_out

register_converter(LeatIdConverter, "leatid")
# The admin's log-in is throttled like the staff log-in, and a lock-out is a 429 there too.
admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.login = answers_429_when_locked_out(admin.site.login)

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", StaffLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", language_set, name="language"),
    path("healthz", core_views.health, name="health"),
    path("livez", core_views.alive, name="alive"),
    path("metrics", metrics, name="metrics"),
    path("contacts/", include("leatadmin.contacts.urls")),
    path("contacts/", include("leatadmin.loyalty.urls")),
    path("visits/", include("leatadmin.visits.urls")),
    path("bookings/", include("leatadmin.bookings.urls")),
    path("shops/", include("leatadmin.shops.urls")),
    path("", include("leatadmin.vouchers.urls")),  # vouchers/… and a contact's vouchers/…
    path("giftcards/", include("leatadmin.giftcards.urls")),
    path("audit/", include("leatadmin.auditlog.urls")),
    path("contacts/<leatid:uuid>/cards/", include("leatadmin.cards.urls")),
    path("contacts/<leatid:uuid>/subscriptions/", include("leatadmin.subscriptions.urls")),
    path("contacts/<leatid:uuid>/prepaid/", include("leatadmin.prepaid.urls")),
    path("webhooks/leat/", leat_webhook, name="leat_webhook"),
    path("admin/", admin.site.urls),
]

handler403 = "leatadmin.core.views.permission_denied"
