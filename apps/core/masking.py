"""The one place personal numbers are masked for display: serializers, templates, admin
and exports all call these."""


def mask_id_number(value: str | None) -> str:
    """``420104199001011234`` -> ``420104********1234`` (first 6, last 4 shown)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """``13812345678`` -> ``138****5678`` (first 3, last 4 shown)."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_text(value: str | None, keep: int = 1) -> str:
    """Names and other free text: ``张三丰`` -> ``张**``."""
    if not value:
        return ""
    # at least one character is always hidden: a one-character value is all stars
    shown = max(min(keep, len(value) - 1), 0)
    return value[:shown] + "*" * max(len(value) - shown, 1)


def mask_email(value: str | None) -> str:
    """``wang.wei@example.com`` -> ``w*******@example.com`` (the domain stays)."""
    if not value:
        return ""
    local, _at, domain = value.partition("@")
    return f"{mask_text(local)}@{domain}" if domain else mask_text(local)
