"""The loyalty program's settings as every page reads them: what this account
calls its credits, and the most one reception may give. They change rarely,
so they are cached like the account's other definitions. Here, below the
loyalty app, because a contact's own page shows its balance in them."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from leatadmin.core.leat import leat
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import LoyaltyProgram

PROGRAM_CACHE_KEY = "leat-loyalty-program"


def loyalty_program() -> LoyaltyProgram:
    """The program's settings (what credits are called, the most one reception
    may give). They change rarely: cached like the other account definitions."""
    program = cache.get(PROGRAM_CACHE_KEY)
    if program is None:
        program = leat().loyalty_program.get()
        cache.set(PROGRAM_CACHE_KEY, program, settings.LEAT_DEFINITIONS_CACHE_SECONDS)
    return program


def credit_name() -> str:
    """What this account calls its credits ("Credits" if Leat cannot say now)."""
    try:
        return loyalty_program().credit_name
    except LeatError:
        return _("Credits")
