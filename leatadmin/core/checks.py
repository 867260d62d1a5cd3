"""Deployment checks of leatadmin's own (`manage.py check`, and every runserver and migrate)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register


@register()
def translations_compiled(app_configs=None, **kwargs) -> list[Warning]:
    """Without its .mo file, a language silently falls back to English:
    say so where an administrator looks, with the command that fixes it."""
    problems = []
    for base in settings.LOCALE_PATHS:
        for po in Path(base).glob("*/LC_MESSAGES/*.po"):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                problems.append(
                    Warning(
                        f"The {po.parent.parent.name} translations are not compiled (or older than {po.name}): pages show English instead.",
                        hint="Run `python manage.py compile_translations` (needs GNU gettext's msgfmt), at build time in production.",
                        id="leatadmin.W001",
                    )
                )
    return problems
