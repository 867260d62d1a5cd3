from django.urls import path

from . import views

app_name = "subscriptions"
urlpatterns = [
    path("", views.subscriptions_panel, name="panel"),
    path("<leatid:type_uuid>/<slug:change>/", views.change, name="change"),
]
