"""The app's URLs plus one view with a bug, for the error-report test: the
bug happens after a Leat call, and its message holds the customer's data,
as a careless f-string in a real bug would."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from leatadmin.core.leat import leat
from leatadmin.urls import handler403  # noqa: F401
from leatadmin.urls import urlpatterns as app_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    contact = leat().contacts.find_by_email(request.POST["email"])
    details = f"{contact.email} {contact.name} {contact.current_values.get('phonenumber')}"
    raise ValueError(f"cannot show {details}")


urlpatterns = [*app_urlpatterns, path("broken/", broken)]
