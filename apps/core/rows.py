"""Small row-level helpers every app's services share."""

from django.db import IntegrityError, transaction


def get_or_create_once(model, **fields):
    """``model.objects.get_or_create(**fields)`` for a row a unique constraint keeps single: a
    concurrent request that created it first is no error. Returns ``(row, created)``."""
    try:
        with transaction.atomic():
            return model.objects.get_or_create(**fields)
    except IntegrityError:  # a concurrent request created it first
        return model.objects.get(**fields), False
