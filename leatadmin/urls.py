from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from leatadmin.core import views as core_views
from leatadmin.core.converters import LeatIdConverter
from leatadmin.core.metrics_endpoint import metrics
from leatadmin.directory.webhooks import leat_webhook
from leatadmin.signin import views as signin_views
from leatadmin.staff.language import language_set

register_converter(LeatIdConverter, "leatid")
# The admin has no log-in of its own: the staff log-in (throttled, with the second factor) leads there.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", signin_views.login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", language_set, name="language"),
    path("accounts/", include("leatadmin.signin.urls")),  # allauth's sign-in pages (leatadmin/signin)
    path("sign-in/", include("leatadmin.signin.own_urls")),
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
    path("batches/", include("leatadmin.batches.urls")),
    path("figures/", include("leatadmin.figures.urls")),
    path("agenda/", include("leatadmin.agenda.urls")),
    path("audit/", include("leatadmin.auditlog.urls")),
    path("contacts/<leatid:uuid>/cards/", include("leatadmin.cards.urls")),
    path("contacts/<leatid:uuid>/subscriptions/", include("leatadmin.subscriptions.urls")),
    path("contacts/<leatid:uuid>/prepaid/", include("leatadmin.prepaid.urls")),
    path("webhooks/leat/", leat_webhook, name="leat_webhook"),
    path("admin/", admin.site.urls),
]

handler403 = "leatadmin.core.views.permission_denied"
