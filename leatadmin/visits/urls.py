from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="list"),
    path("new/", views.visit_create, name="create"),
    path("<leatid:uuid>/", views.visit_detail, name="detail"),
    path("<leatid:uuid>/edit/", views.visit_edit, name="edit"),
]
