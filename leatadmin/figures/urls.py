from django.urls import path

from . import views

app_name = "figures"
urlpatterns = [
    path("", views.figures_page, name="index"),
    path("figures.csv", views.figures_csv, name="csv"),
    path("read/", views.mirror_read, name="read"),
]
