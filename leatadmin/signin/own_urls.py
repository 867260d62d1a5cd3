from django.urls import path

from . import staff_admin, views

app_name = "signin"
urlpatterns = [
    path("", views.security, name="security"),
    path("set-up/", views.setup, name="setup"),
    path("check/sso/", views.fresh_sso, name="fresh_sso"),
    path("check/<str:key>/", views.resume, name="resume"),
    path("staff/", staff_admin.staff_list, name="staff"),
    path("staff/<int:pk>/end-sessions/", staff_admin.end_sessions, name="end_sessions"),
    path("staff/<int:pk>/reset-factor/", staff_admin.reset_factor, name="reset_factor"),
]
