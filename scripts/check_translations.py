#!/usr/bin/env python3
"""Every message leatadmin shows has a Dutch translation: `make test` runs this.

    python scripts/check_translations.py              extract, then check locale/nl
    python scripts/check_translations.py --extract    only extract (make messages)
    python scripts/check_translations.py FILE.po ...  only check these catalogs

Extracting runs Django's makemessages over the code and templates, so a
string added to the code without a translation appears in the catalog
untranslated and the check fails, naming it. The extraction is deterministic
(file names without line numbers, no wrapping, obsolete entries dropped) and
when nothing but the catalog's creation date changed the file is left exactly
as it was, so a run never dirties the tree for nothing.

A message fails the check when its translation is empty (any plural form),
marked fuzzy (msgmerge's guess, which a person must confirm), or does not
carry the same placeholders as the English (%(name)s, {name}, %s, %d).

The code fails it too where a message can never reach the catalog: a gettext
call inside an f-string (f"{_('Saved.')}"), or given an f-string
(_(f"Saved {name}")). xgettext extracts neither, so the words stay English on
every Dutch page while the catalog looks complete.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "nl"
CATALOG = ROOT / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
#: Not staff-facing text: the tests, the Leat emulator (it speaks as Leat does), tooling.
IGNORED = ["tests/*", "var/*", "staticfiles/*", "docs/*", "scripts/*", "leatadmin/sandbox/*", "static/vendor/*"]
CREATION_DATE = re.compile(r'^"POT-Creation-Date: .*\\n"$', re.MULTILINE)
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|%[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def name(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"{context}{self.msgid!r}"


def _unquote(text: str) -> str:
    body = text.strip()
    if len(body) < 2 or body[0] != '"' or body[-1] != '"':
        raise ValueError(f"not a quoted string: {text!r}")
    out, chars = [], iter(body[1:-1])
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append(escapes.get(following, "\\" + following))
        else:
            out.append(char)
    return "".join(out)


def parse(path: Path) -> list[Entry]:
    """The entries of a .po file (obsolete `#~` entries are skipped; the header is entry one)."""
    entries: list[Entry] = []
    current = Entry()
    key: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal current, key, started
        if started:
            entries.append(current)
        current, key, started = Entry(), None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if started:
                finish()
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            if started:
                finish()
            continue
        if line.startswith('"'):
            if key is None:
                raise ValueError(f"{path}:{number}: a continuation line outside an entry")
            name, index = key
            text = _unquote(line)
            if name == "msgstr":
                current.msgstr[index] += text
            else:
                setattr(current, name, (getattr(current, name) or "") + text)
            continue
        keyword, _, value = line.partition(" ")
        if (keyword == "msgctxt" and started) or (keyword == "msgid" and current.msgstr):
            finish()  # a new entry without a blank line before it
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            if not current.line:
                current.line = number
            setattr(current, keyword, _unquote(value))
            key, started = (keyword, 0), True
        elif keyword == "msgstr":
            current.msgstr[0] = _unquote(value)
            key = ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            current.msgstr[index] = _unquote(value)
            key = ("msgstr", index)
        else:
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    finish()
    return entries


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def problems(path: Path) -> list[str]:
    """What is missing or wrong in one catalog, one line per message."""
    found = []
    for entry in parse(path):
        if entry.msgid == "" and entry.msgctxt is None:
            continue  # the header
        where = f"{path.name}:{entry.line}"
        forms = entry.msgstr or {0: ""}
        if any(not text for text in forms.values()):
            found.append(f"{where}: no translation for {entry.name}")
            continue
        if "fuzzy" in entry.flags:
            found.append(f"{where}: translation marked fuzzy (check it, then remove the flag) for {entry.name}")
            continue
        wanted = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural or "")
        for index, text in forms.items():
            have = _placeholders(text)
            if have != wanted and not (entry.msgid_plural and index == 0 and have <= wanted):
                found.append(f"{where}: placeholders differ ({', '.join(sorted(wanted)) or 'none'} in English, {', '.join(sorted(have)) or 'none'} translated) for {entry.name}")
                break
    return found


#: The gettext functions xgettext looks for (django.utils.translation, and `_` for any of them).
GETTEXT = frozenset({"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"})
#: Python files whose messages are extracted (as IGNORED leaves them).
SOURCES = ["leatadmin"]


def _called(node: ast.AST) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def unextractable(paths: list[Path]) -> list[str]:
    """Gettext calls xgettext cannot extract: inside an f-string, or with an f-string for text."""
    found = []
    for path in paths:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError as error:
            found.append(f"{path}:{error.lineno}: cannot read it ({error.msg})")
            continue
        where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                found += [f"{where}:{call.lineno}: {_called(call)}() inside an f-string is never extracted: translate it first, then put the result in" for call in ast.walk(node) if _called(call) in GETTEXT]
            elif _called(node) in GETTEXT and any(isinstance(arg, ast.JoinedStr) for arg in node.args):
                found.append(f"{where}:{node.lineno}: {_called(node)}() of an f-string is never extracted: use %(name)s placeholders")
    return sorted(set(found))


def source_files() -> list[Path]:
    ignored = [pattern.rstrip("*") for pattern in IGNORED]
    return sorted(path for base in SOURCES for path in (ROOT / base).rglob("*.py") if not any(str(path.relative_to(ROOT)).startswith(prefix) for prefix in ignored))


def extract() -> None:
    """Run makemessages for Dutch; keep the file as it was if only its creation date moved."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django
    from django.core.management import call_command

    django.setup()
    before = CATALOG.read_text(encoding="utf-8") if CATALOG.exists() else None
    os.chdir(ROOT)
    call_command(
        "makemessages", locale=[LANGUAGE], domain="django", no_obsolete=True, add_location="file", no_wrap=True, ignore_patterns=IGNORED, verbosity=0,
    )
    after = CATALOG.read_text(encoding="utf-8")
    if before is not None and before != after:
        dated = CREATION_DATE.search(before)
        if dated and CREATION_DATE.sub(lambda _: dated.group(0), after) == before:
            CATALOG.write_text(before, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("catalogs", nargs="*", type=Path, help="check only these .po files (no extraction)")
    parser.add_argument("--extract", action="store_true", help="only extract the messages into the Dutch catalog")
    args = parser.parse_args(argv)
    if args.extract or not args.catalogs:
        extract()
        if args.extract:
            print(f"Extracted into {CATALOG.relative_to(ROOT)}.")
            return 0
    catalogs = args.catalogs or [CATALOG]
    found = [problem for catalog in catalogs for problem in problems(catalog)]
    if not args.catalogs:
        found += unextractable(source_files())
    if found:
        print(f"{len(found)} message(s) need a Dutch translation:", *found, sep="\n  ", file=sys.stderr)
        print("Translate them in the catalog (docs/testing.md, \"Adding or changing a text\"), then run this again.", file=sys.stderr)
        return 1
    total = sum(1 for catalog in catalogs for entry in parse(catalog) if entry.msgid)
    print(f"Translations complete: {total} messages in {', '.join(str(c.relative_to(ROOT)) if c.is_relative_to(ROOT) else str(c) for c in catalogs)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
