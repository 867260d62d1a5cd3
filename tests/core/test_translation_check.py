"""The check `make test` runs: a message without a Dutch translation fails it.
Tried on temporary catalogs, never on the real one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scripts.check_translations import ROOT, main, problems, source_files, unextractable

HEADER = """# A test catalog.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""


def catalog(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "django.po"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


COMPLETE = """#: templates/base.html
msgid "Log out"
msgstr "Uitloggen"

msgctxt "booking status"
msgid "Created"
msgstr "Aangemaakt"

msgid "Welcome, %(name)s"
msgstr "Welkom, %(name)s"

msgid "%(counter)s contact"
msgid_plural "%(counter)s contacts"
msgstr[0] "%(counter)s klant"
msgstr[1] "%(counter)s klanten"

msgid ""
"A long message "
"over two lines"
msgstr ""
"Een lang bericht "
"over twee regels"

#~ msgid "Gone"
#~ msgstr ""
"""


def test_a_complete_catalog_passes(tmp_path, capsys):
    path = catalog(tmp_path, COMPLETE)
    assert problems(path) == []
    assert main([str(path)]) == 0
    assert "Translations complete: 5 messages" in capsys.readouterr().out


def test_a_message_without_translation_fails_and_is_named(tmp_path, capsys):
    path = catalog(tmp_path, COMPLETE + '\nmsgid "Export these entries as CSV"\nmsgstr ""\n')
    found = problems(path)
    assert len(found) == 1 and "no translation for 'Export these entries as CSV'" in found[0]
    assert main([str(path)]) == 1
    assert "Export these entries as CSV" in capsys.readouterr().err


def test_a_missing_plural_form_fails(tmp_path):
    path = catalog(tmp_path, 'msgid "%(n)s shop"\nmsgid_plural "%(n)s shops"\nmsgstr[0] "%(n)s vestiging"\nmsgstr[1] ""\n')
    assert "no translation" in problems(path)[0]


def test_a_fuzzy_translation_fails(tmp_path):
    path = catalog(tmp_path, '#, fuzzy, python-format\n#| msgid "Welcome, %(user)s"\nmsgid "Welcome, %(name)s"\nmsgstr "Welkom, %(name)s"\n')
    assert "fuzzy" in problems(path)[0]


def test_a_translation_that_loses_a_placeholder_fails(tmp_path):
    path = catalog(tmp_path, 'msgid "Card %(card)s is blocked."\nmsgstr "Kaart is geblokkeerd."\n\nmsgid "Open {link}."\nmsgstr "Open {link}."\n')
    found = problems(path)
    assert len(found) == 1 and "placeholders differ" in found[0] and "%(card)s" in found[0]


def test_the_command_line_fails_on_an_untranslated_catalog(tmp_path):
    path = catalog(tmp_path, 'msgid "New booking"\nmsgstr ""\n')
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_translations.py"), str(path)], capture_output=True, text=True, check=False)
    assert run.returncode == 1 and "'New booking'" in run.stderr


def test_the_real_catalog_is_complete():
    # `make test` extracts first, so a string added to the code also counts; this is the catalog as committed.
    assert problems(ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po") == []


# --- Messages xgettext never sees -----------------------------------------------------


def test_gettext_inside_or_of_an_f_string_fails_and_is_named(tmp_path):
    source = tmp_path / "forms.py"
    source.write_text(
        "from django.utils.translation import gettext as _, gettext_lazy\n"
        "kept = f\"{title} {_('Your input is kept below.')}\"\n"
        "saved = gettext_lazy(f\"Saved {name}\")\n"
        "fine = _(\"Saved %(name)s\") % {\"name\": name}\n"
        "also_fine = f\"{title} {kept}\"\n",
        encoding="utf-8",
    )
    found = unextractable([source])
    assert len(found) == 2
    assert "forms.py:2: _() inside an f-string is never extracted" in found[0]
    assert "forms.py:3: gettext_lazy() of an f-string is never extracted" in found[1]


def test_the_code_has_no_message_xgettext_cannot_extract():
    # The trial's "Your input is kept below." was one: shown in English on every Dutch form.
    files = source_files()
    assert any(path.name == "forms.py" and path.parent.name == "core" for path in files)
    assert not any("sandbox" in path.parts for path in files)  # the emulator speaks as Leat does
    assert unextractable(files) == []
