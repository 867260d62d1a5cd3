from django.urls import path

from . import actions, views

app_name = "giftcards"
urlpatterns = [
    path("new/", actions.new, name="new"),
    path("<leatid:uuid>/", views.detail, name="detail"),
    path("<leatid:uuid>/transactions/", views.transactions, name="transactions"),
    path("<leatid:uuid>/pay-or-top-up/", actions.pay_or_top_up, name="pay_or_top_up"),
    path("<leatid:uuid>/undo/", actions.undo, name="undo"),
    path("<leatid:uuid>/send/", actions.send, name="send"),
]
