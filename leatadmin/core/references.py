"""References leatadmin gives what it creates in Leat."""

from __future__ import annotations

import secrets


def new_external_id() -> str:
    """The external id leatadmin gives a visit or booking staff left without
    one, so a create whose answer was lost can be recognised afterwards."""
    return "LA-" + secrets.token_hex(6).upper()
