from django.urls import path

from . import views

app_name = "loyalty"
urlpatterns = [
    path("<leatid:uuid>/points/", views.give_points, name="points"),
    path("<leatid:uuid>/rewards/give/", views.give_reward, name="reward"),
    path("<leatid:uuid>/transactions/<leatid:transaction>/reverse/<slug:kind>/", views.reverse_reception, name="reverse"),
]
