"""Compile leatadmin's own translations (LOCALE_PATHS) into the .mo files Django reads.

Only leatadmin's catalogs: Django's `compilemessages` walks the whole tree,
virtualenv included. Needs GNU gettext's `msgfmt` (Debian: gettext), at
build time and in `make demo` / `make test`; the .mo files are not committed.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.management.utils import find_command, popen_wrapper


class Command(BaseCommand):
    help = "Compile leatadmin's translations (locale/<language>/LC_MESSAGES/*.po) into .mo files."
    # Its own check (leatadmin.W001, translations not compiled) is what this command fixes.
    requires_system_checks = []

    def handle(self, *args, **options):
        if find_command("msgfmt") is None:
            raise CommandError("msgfmt is missing: install GNU gettext (Debian: apt-get install gettext).")
        catalogs = sorted(po for base in settings.LOCALE_PATHS for po in Path(base).glob("*/LC_MESSAGES/*.po"))
        for po in catalogs:
            # --check-format: a translation whose placeholders differ from the English is refused here.
            output, errors, status = popen_wrapper(["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)])
            if status:
                raise CommandError(f"{po}: {errors}")
            if options["verbosity"] > 1:
                self.stdout.write(f"Compiled {po}")
        if options["verbosity"] > 0:
            self.stdout.write(f"Compiled {len(catalogs)} catalog(s).")
