"""What the mirror keeps of one of Leat's transactions, and how a page of them is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

from leatadmin.leat.errors import BadResponse
from leatadmin.leat.models.values import as_dict, parse_datetime, parse_decimal, parse_int, parse_str, require_dict, require_id

from .models import MirroredTransaction

CENTS = Decimal("0.01")


def shop_zone() -> dt.tzinfo:
    """The zone the figures' days are counted in: the shops' (settings.TIME_ZONE)."""
    return ZoneInfo(settings.TIME_ZONE)


class _Named(TypedDict, total=False):
    uuid: Any
    name: Any


class _Unit(TypedDict, total=False):
    label: Any


class ListedTransaction(TypedDict, total=False):
    """What the mirror reads of a listed transaction (for `item_shape`): the
    client skips the rest (the contact's balance, the shop's address, the
    reward) without building it."""

    uuid: Any
    type: Any
    credits: Any
    created_at: Any
    unit_value: Any
    shop: _Named | list | None
    contact: _Named | list | None
    unit: _Unit | list | None


@dataclass(frozen=True, slots=True)
class Mirrored:
    """A listed transaction read for the mirror (in the thread that fetched its page)."""

    uuid: str
    created_at: dt.datetime
    day: dt.date
    shop_uuid: str
    shop_name: str
    contact_uuid: str
    is_reward: bool
    credits: int
    unit_value: Decimal | None
    unit_label: str

    def values(self) -> tuple:
        """The mirror's columns (COLUMNS), in order."""
        return (self.uuid, self.created_at, self.day, self.shop_uuid, self.contact_uuid, self.is_reward, self.credits, self.unit_value, self.unit_label)


def _moment(value: Any) -> dt.datetime | None:
    """Leat's `2023-11-12T19:27:49+00:00`, read at C speed; anything else as the client reads it."""
    if isinstance(value, str) and len(value) == 25 and value[10] == "T":
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    return parse_datetime(value)


def mirrored(data: Any, zone: dt.tzinfo | None = None) -> Mirrored:
    """One of Leat's listed transactions, as `LoyaltyTransaction.from_api` reads those values."""
    data = require_dict(data, "loyalty transaction")
    created = _moment(data.get("created_at"))
    if created is None:
        raise BadResponse("Leat sent a loyalty transaction without its creation time.")
    shop, contact = as_dict(data.get("shop")), as_dict(data.get("contact"))
    value = parse_decimal(data.get("unit_value"))
    return Mirrored(
        uuid=require_id(data, "loyalty transaction")[:64],
        created_at=created,
        day=created.astimezone(zone or shop_zone()).date(),
        shop_uuid=parse_str(shop.get("uuid"))[:64],
        shop_name=parse_str(shop.get("name"))[:255],
        contact_uuid=parse_str(contact.get("uuid"))[:64],
        is_reward=parse_str(data.get("type")).endswith("reward_reception"),
        credits=parse_int(data.get("credits")) or 0,
        # A value the column cannot hold is no purchase amount anyone typed: left out, never a failed read.
        unit_value=value.quantize(CENTS) if value is not None and abs(value) < Decimal("1e12") else None,
        unit_label=parse_str(as_dict(data.get("unit")).get("label"))[:32],
    )


COLUMNS = ("uuid", "created_at", "day", "shop_uuid", "contact_uuid", "is_reward", "credits", "unit_value", "unit_label")


def mirror_keep(items: Iterable[Mirrored]) -> list[Mirrored]:
    """Store the transactions the mirror does not hold yet; returns those (each once).

    Written so the database says which rows were new (`ON CONFLICT DO NOTHING
    RETURNING`, PostgreSQL and SQLite alike): the ORM's bulk_create cannot
    say it, and asking first, then building a model for each row, took more
    of the read's time than Leat's pages did. On PostgreSQL a page goes by
    COPY into a temporary table first, as the directory's backfill writes
    (directory/services.py): Django binds every value into the SQL text in
    Python, 900 of them a page."""
    page = {item.uuid: item for item in items}
    if not page:
        return []
    table, names = MirroredTransaction._meta.db_table, ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One round trip; TRUNCATE: inside an outer transaction no commit has emptied it.
            cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS figures_incoming ON COMMIT DELETE ROWS AS SELECT {names} FROM {table} WITH NO DATA; TRUNCATE figures_incoming")
            with cursor.cursor.copy(f"COPY figures_incoming ({names}) FROM STDIN") as copy:
                for item in page.values():
                    copy.write_row(item.values())
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM figures_incoming ON CONFLICT (uuid) DO NOTHING RETURNING uuid")
        else:
            ops, values = connection.ops, []
            for item in page.values():
                uuid, created, day, shop, contact, is_reward, credits, value, unit = item.values()
                values += (uuid, ops.adapt_datetimefield_value(created), ops.adapt_datefield_value(day), shop, contact, is_reward, credits,
                           ops.adapt_decimalfield_value(value, 14, 2), unit)
            row = f"({', '.join(['%s'] * len(COLUMNS))})"
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * len(page))} ON CONFLICT (uuid) DO NOTHING RETURNING uuid", values)
        new = {uuid for (uuid,) in cursor.fetchall()}
    return [item for uuid, item in page.items() if uuid in new]
