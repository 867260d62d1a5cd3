from django.urls import path

from . import views

app_name = "cards"
urlpatterns = [
    path("", views.cards_panel, name="panel"),
    path("link/", views.link, name="link"),
    path("replace/", views.replace, name="replace"),
]
