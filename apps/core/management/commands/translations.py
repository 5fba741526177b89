"""Compile and check the gettext catalogues without GNU gettext (pure Python, polib).

  manage.py translations compile   # write every .mo next to its .po
  manage.py translations check     # fail if a .mo is stale or zh_Hans has untranslated entries
  manage.py translations fill-en   # English msgids are the English text: copy them into en
  manage.py translations extract --only apps/canteens
                                   # re-extract one app's strings into its own locale/ (needs
                                   # GNU gettext), then fill English and compile
"""

import os
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

SKIP_DIRS = {".venv", "node_modules", ".git", "staticfiles"}


def catalogues(only: str = "") -> list[Path]:
    root = Path(settings.BASE_DIR)
    base = (root / only) if only else root
    found = []
    for po in base.rglob("locale/*/LC_MESSAGES/*.po"):
        if not SKIP_DIRS.intersection(po.relative_to(root).parts):
            found.append(po)
    return sorted(found)


def compiled_bytes(po_path: Path) -> bytes:
    catalogue = polib.pofile(str(po_path))
    tmp = po_path.with_suffix(".mo.tmp")
    catalogue.save_as_mofile(str(tmp))
    data = tmp.read_bytes()
    tmp.unlink()
    return data


class Command(BaseCommand):
    help = ("Compile (compile), verify (check), fill the English (fill-en) or re-extract (extract) "
            "the translation catalogues.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["compile", "check", "fill-en", "extract"])
        parser.add_argument("--only", default="", help="limit to catalogues under this folder, e.g. apps/canteens")

    def handle(self, *args, action, only, **options):
        if action == "extract":
            self.extract(only)
            action = "compile"
            self.handle(action="fill-en", only=only)
        problems = []
        for po_path in catalogues(only):
            language = po_path.parent.parent.name
            if action == "fill-en" and language == "en":
                catalogue = polib.pofile(str(po_path))
                for entry in catalogue:
                    if entry.msgid_plural:
                        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                    else:
                        entry.msgstr = entry.msgid
                    if "fuzzy" in entry.flags:
                        entry.flags.remove("fuzzy")
                catalogue.save()
            elif action == "compile":
                po_path.with_suffix(".mo").write_bytes(compiled_bytes(po_path))
            elif action == "check":
                catalogue = polib.pofile(str(po_path))
                missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()
                           if not e.obsolete]
                if missing:
                    problems.append(f"{po_path}: {len(missing)} untranslated/fuzzy, e.g. {missing[0]!r}")
                mo_path = po_path.with_suffix(".mo")
                if not mo_path.exists() or mo_path.read_bytes() != compiled_bytes(po_path):
                    problems.append(f"{mo_path}: missing or stale; run `manage.py translations compile`")
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(f"translations {action}: {len(catalogues(only))} catalogues ok")

    def extract(self, only: str) -> None:
        """Run makemessages inside the app folder, in this process: Django writes to the
        ``locale/`` of the current directory, and running ``manage.py`` from inside an app
        folder would put that folder on ``sys.path`` (Celery's Django fix-up does so)."""
        app_dir = Path(settings.BASE_DIR) / only if only else None
        if app_dir is None or not (app_dir / "locale").is_dir():
            raise CommandError("extract needs --only <folder with a locale/ directory>, e.g. apps/canteens")
        previous = Path.cwd()
        os.chdir(app_dir)
        try:
            call_command("makemessages", locale=["zh_Hans", "en"], verbosity=0, no_obsolete=True)
        finally:
            os.chdir(previous)
