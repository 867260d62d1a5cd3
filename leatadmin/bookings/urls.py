from django.urls import path

from . import views

app_name = "bookings"
urlpatterns = [
    path("", views.booking_list, name="list"),
    path("new/", views.booking_create, name="create"),
    path("correct/", views.booking_correct_elsewhere, name="correct_elsewhere"),
    path("<leatid:uuid>/", views.booking_detail, name="detail"),
    path("<leatid:uuid>/correct/", views.booking_correct, name="correct"),
    path("<leatid:uuid>/settle/", views.booking_settle, name="settle"),
    path("<leatid:uuid>/<slug:action>/", views.booking_action, name="action"),
]
