"""Helpers for the apps' ``seed.py`` (``seed_demo``): idempotent writes, so running the
command again changes only what differs and never duplicates a row."""


def save_if_changed(obj, values: dict) -> bool:
    """Set ``values`` on ``obj`` and save it, only if one of them differs. True if saved."""
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    for field in changed:
        setattr(obj, field, values[field])
    if changed:
        obj.save()
    return bool(changed)


def upsert(model, lookup: dict, values: dict, create_only: dict | None = None):
    """Get by ``lookup`` and update only what differs, or create (with ``create_only`` too).
    Returns (obj, created)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values, **(create_only or {})), True
    save_if_changed(obj, values)
    return obj, False


def sync_children(queryset, key_fields: tuple, rows: list[dict], **parent) -> None:
    """Make the child rows of one parent exactly ``rows`` (matched on ``key_fields``)."""
    existing = {tuple(getattr(o, f) for f in key_fields): o for o in queryset}
    wanted = set()
    for row in rows:
        key = tuple(row[f] for f in key_fields)
        wanted.add(key)
        if key in existing:
            save_if_changed(existing[key], row)
        else:
            queryset.model.objects.create(**parent, **row)
    for key, obj in existing.items():
        if key not in wanted:
            obj.delete()
