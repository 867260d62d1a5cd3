"""django-tables2 runs as published: after leatadmin's tables were drawn
(leatadmin/core/table_rows.py draws their rows through its public API),
nothing of it is replaced or added, as a fresh import of it shows."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.test import RequestFactory

from tests.core.test_table_rows import Odd, odd_records, page_of

pytestmark = pytest.mark.django_db

FINGERPRINT = """
import importlib, inspect, pkgutil, sys
import django_tables2

def describe(value):
    if inspect.isclass(value) or inspect.isroutine(value):
        return f"{getattr(value, '__module__', '')}:{getattr(value, '__qualname__', '')}"
    return type(value).__qualname__

def fingerprint():
    for found in pkgutil.walk_packages(django_tables2.__path__, "django_tables2.", onerror=lambda name: None):
        try:
            importlib.import_module(found.name)
        except Exception:  # an optional dependency (tablib, for export) not installed
            pass
    seen = {}
    for name, module in sorted(sys.modules.items()):
        if module is None or not (name == "django_tables2" or name.startswith("django_tables2.")):
            continue
        for attr, value in vars(module).items():
            seen[f"{name}.{attr}"] = describe(value)
            if inspect.isclass(value) and value.__module__ == name:
                for key, member in vars(value).items():
                    seen[f"{name}.{attr}.{key}"] = describe(member)
    return seen
"""


def test_django_tables2_is_as_published():
    """Every function and class of django-tables2, and every member of its
    classes, is the one a fresh import of it has: after leatadmin's tables
    were drawn, nothing of it replaced (core/tables.py once replaced
    `utils.signature` and `Column.__deepcopy__` for the whole process)."""
    Odd(page_of(odd_records()), panel_url="/p/", page_field="page").as_html(RequestFactory().get("/"))
    here: dict[str, Any] = {}
    exec(FINGERPRINT, here)
    ours = here["fingerprint"]()
    fresh = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, json; from django.conf import settings; settings.configure(INSTALLED_APPS=['django_tables2']); django.setup()\n" + FINGERPRINT + "print(json.dumps(fingerprint()))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    published = json.loads(fresh.stdout)
    assert len(published) > 500
    assert {key: value for key, value in published.items() if ours.get(key) != value} == {}
    # Nothing added either (a `__deepcopy__` given to Column), but Python's own
    # bookkeeping: copy's cache of a class's slots, the warnings a module gave.
    bookkeeping = (".__slotnames__", ".__warningregistry__")
    assert {key for key in ours if key not in published and not key.endswith(bookkeeping)} == set()
