"""Encrypt private files stored before encryption at rest existed, and re-encrypt files
under an older ``PERSONAL_DATA_KEY`` with the first one (key rotation; issue 18 item 12).
Idempotent: a file already encrypted under the first key is left alone. Run it after adding
a new key in front of ``PERSONAL_DATA_KEY``; drop the old key once it reports 0 files left."""

from django.apps import apps
from django.core.files.base import File
from django.core.management.base import BaseCommand

from apps.core import filecrypt

# model label and file field of every private file that holds personal data
ENCRYPTED_FILES = [
    ("housing_swap.ApplicationDocument", "file"),
    ("backoffice.BulkJob", "result_file"),
]


def encrypt_field_files(model, field_name: str) -> tuple[int, int]:
    """Returns (files rewritten, files already current)."""
    current = filecrypt.current_key_id()
    rewritten = kept = 0
    for obj in model._default_manager.exclude(**{field_name: ""}).iterator():
        field = getattr(obj, field_name)
        storage, name = field.storage, field.name
        if not storage.exists(name):
            continue
        with storage.open(name, "rb") as handle:
            if filecrypt.read_header(handle) == current:
                kept += 1
                continue
            with filecrypt.encrypted_tempfile(filecrypt.iter_file(filecrypt.open_clear(handle))) as sealed:
                tmp_name = storage.save(f"{name}.enc-tmp", File(sealed))
        # replace in place (the row keeps its name): write the new file, then swap it in
        storage.delete(name)
        with storage.open(tmp_name, "rb") as fresh:
            saved = storage.save(name, File(fresh))
        storage.delete(tmp_name)
        if saved != name:  # another file took the name meanwhile (should not happen)
            type(obj)._default_manager.filter(pk=obj.pk).update(**{field_name: saved})
        rewritten += 1
    return rewritten, kept


class Command(BaseCommand):
    help = "Encrypt plain private files and re-encrypt files under an older personal-data key."

    def handle(self, *args, **options):
        for label, field_name in ENCRYPTED_FILES:
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            rewritten, kept = encrypt_field_files(model, field_name)
            self.stdout.write(f"{label}.{field_name}: {rewritten} encrypted or re-encrypted, {kept} already current")
