"""The reporter's contact at rest: encrypted with the portal's personal-data key (the same
Fernet keys and rotation as the other personal data), shown masked, revealed with a reason
(audited, see ``services.report_contact_reveal``)."""

from django.db import models

from apps.core.masking import mask_phone, mask_text


def _crypto():
    # The portal's one implementation of personal-data encryption (keys, rotation).
    from apps.housing_swap import personal_data

    return personal_data


class EncryptedContactField(models.TextField):
    """A text column holding a Fernet token; Python sees the clear value. Never filter on it."""

    def from_db_value(self, value, expression, connection):
        return _crypto().decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return _crypto().encrypt(value) if value else value


def mask_email(value: str | None) -> str:
    """``wang.wei@example.com`` -> ``w*******@example.com``."""
    if not value:
        return ""
    local, _, domain = value.partition("@")
    return f"{mask_text(local)}@{domain}" if domain else mask_text(value)


def masked_contact(*, name: str, phone: str, email: str) -> dict:
    return {"name": mask_text(name), "phone": mask_phone(phone), "email": mask_email(email)}
