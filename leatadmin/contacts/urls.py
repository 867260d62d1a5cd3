from django.urls import path

from . import contact_changes, new_contact, views

app_name = "contacts"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("new/", new_contact.create, name="create"),
    path("find-or-create/", new_contact.find_or_create, name="find_or_create"),
    path("anonymous/new/", new_contact.create_anonymous, name="create_anonymous"),
    path("exports/<int:pk>/", views.export_progress, name="export"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("<leatid:uuid>/", views.detail, name="detail"),
    # The contact page's panels on their own URLs (each app registers its panel: contacts/panels.py).
    path("<leatid:uuid>/profile/", views.panel, {"name": "profile"}, name="profile"),
    path("<leatid:uuid>/transactions/", views.panel, {"name": "transactions"}, name="transactions"),
    path("<leatid:uuid>/visits/", views.panel, {"name": "visits"}, name="visits"),
    path("<leatid:uuid>/bookings/", views.panel, {"name": "bookings"}, name="bookings"),
    path("<leatid:uuid>/transactions/export/", views.export_transactions, name="export_transactions"),
    path("<leatid:uuid>/edit/", contact_changes.edit, name="edit"),
    path("<leatid:uuid>/claim/", contact_changes.claim, name="claim"),
    path("<leatid:uuid>/delete/", contact_changes.delete, name="delete"),
]
