from django.urls import path

from . import views

app_name = "agenda"
urlpatterns = [
    path("", views.agenda_home, name="home"),
    path("<leatid:shop>/", views.agenda_today, name="today"),
    path("<leatid:shop>/<str:day>/", views.agenda_day, name="day"),
]
