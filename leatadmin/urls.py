from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from leatadmin.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", core_views.health, name="health"),
    path("contacts/", include("leatadmin.contacts.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "leatadmin.core.views.permission_denied"
