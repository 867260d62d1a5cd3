from __future__ import annotations

from django.utils.translation import gettext_lazy

from leatadmin.core.fields import ReasonField
from leatadmin.core.forms import LeatForm


class SubscriptionChangeForm(LeatForm):
    reason = ReasonField(help_text=gettext_lazy("Why, in a few words (kept in the audit log), e.g. “asked by phone”."))
    # 55030 (the type is gone) is said at the top of the form: core.forms.MESSAGES.
