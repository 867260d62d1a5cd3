from django.urls import path

from . import collect, views

app_name = "loyalty"
urlpatterns = [
    path("<leatid:uuid>/points/", views.give_points, name="points"),
    path("<leatid:uuid>/rewards/give/", views.give_reward, name="reward"),
    path("<leatid:uuid>/transactions/<leatid:transaction>/reverse/<slug:kind>/", views.reverse_reception, name="reverse"),
    path("<leatid:uuid>/rewards-to-collect/", collect.collectables_panel, name="collectables"),
    path("<leatid:uuid>/rewards-to-collect/collect/<leatid:reward>/", collect.mark_collected, name="collect"),
    path("<leatid:uuid>/rewards-to-collect/<leatid:reward>/undo-collect/", collect.undo_collected, name="uncollect"),
]
