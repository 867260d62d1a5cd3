"""What every correction on the contact page shares (cards, subscriptions,
prepaid): a StaffAction about one contact that opens in the page's action
slot (`#contact-action`) and finishes there, asks for a reason, and sends
staff back to the contact page when opened on a page of its own."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from leatadmin.actions.view import StaffAction
from leatadmin.core.forms import LeatForm


def contact_url(uuid: str) -> str:
    return reverse("contacts:detail", args=[uuid])


class ContactCorrection(StaffAction):
    in_place = True

    @property
    def contact_uuid(self) -> str:
        return self.kwargs["uuid"]

    def reason(self, form: LeatForm) -> str:
        return form.cleaned_data["reason"].strip()

    def target_id(self, target: Any) -> str:
        return self.contact_uuid

    def success_url(self, done: Any, target: Any) -> str:
        return contact_url(self.contact_uuid)

    def cancel_url(self, target: Any) -> str:
        return contact_url(self.contact_uuid)

    def check_url(self, form: LeatForm, target: Any, entry: Any) -> str:
        return contact_url(self.contact_uuid)

