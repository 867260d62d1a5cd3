"""A typed client for the Leat (formerly Piggy) API. Plain Python: no Django here."""

from .client import LeatClient
from .errors import LeatError

__all__ = ["LeatClient", "LeatError"]
