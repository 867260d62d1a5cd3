from django.urls import path, register_converter

from leatadmin.core.converters import LeatIdConverter

from . import views

register_converter(LeatIdConverter, "leatid")

app_name = "contacts"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("new/", views.create, name="create"),
    path("find-or-create/", views.find_or_create, name="find_or_create"),
    path("anonymous/new/", views.create_anonymous, name="create_anonymous"),
    path("<leatid:uuid>/", views.detail, name="detail"),
    path("<leatid:uuid>/profile/", views.profile_panel, name="profile"),
    path("<leatid:uuid>/transactions/", views.transactions_panel, name="transactions"),
    path("<leatid:uuid>/visits/", views.visits_panel, name="visits"),
    path("<leatid:uuid>/edit/", views.edit, name="edit"),
    path("<leatid:uuid>/claim/", views.claim, name="claim"),
    path("<leatid:uuid>/delete/", views.delete, name="delete"),
]
