"""The staff admin: Django's user pages, with the shops a staff member is
limited to (staff/scoping.py) chosen from Leat's shops."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leatadmin.leat.errors import LeatError
from leatadmin.shops.selectors import shop_choices, shop_names

from .models import StaffShop

User = get_user_model()


class StaffShopForm(forms.ModelForm):
    shop_uuid = forms.ChoiceField(label=_("Shop"), choices=())

    class Meta:
        model = StaffShop
        fields = ["shop_uuid"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        try:
            choices = shop_choices()
        except LeatError:
            # Leat cannot be asked and no list was ever kept: the shops already given can stay.
            choices = []
            self.fields["shop_uuid"].help_text = gettext("Leat could not be asked for its shops: only a shop already given can be kept. Try again later.")
        current = self.instance.shop_uuid
        if current and current not in dict(choices):
            choices = [*choices, (current, gettext("%(shop)s (not in Leat's list now)") % {"shop": self.instance.shop_name or current})]
        self.fields["shop_uuid"].choices = [("", "---------"), *choices]

    def save(self, commit: bool = True) -> StaffShop:
        # Its name as Leat gives it now, so pages can name it while Leat is away.
        try:
            names = shop_names()
        except LeatError:
            names = {}
        self.instance.shop_name = names.get(self.instance.shop_uuid, self.instance.shop_name)
        return super().save(commit)


class StaffShopInline(admin.TabularInline):
    model = StaffShop
    form = StaffShopForm
    extra = 1
    verbose_name = _("shop this staff member is limited to")
    verbose_name_plural = _("Shops (a staff member with shops sees and changes only these shops' visits, bookings and agenda; without any, every shop)")


class StaffUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, StaffShopInline]
    list_display = [*UserAdmin.list_display, "shops"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("staff_shops")

    @admin.display(description=_("Shops"))
    def shops(self, user) -> str:
        return ", ".join(str(shop) for shop in user.staff_shops.all()) or gettext("every shop")


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
