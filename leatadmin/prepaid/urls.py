from django.urls import path

from . import views

app_name = "prepaid"
urlpatterns = [
    path("", views.prepaid_panel, name="panel"),
    path("new/", views.book, name="book"),
    path("<leatid:transaction>/reverse/", views.reverse_transaction, name="reverse"),
]
