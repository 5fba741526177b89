"""Which personal field of the scheme gets which mask, once.

The models' ``masked_*`` properties, the admin, the API, the CSV export and the back
office's exports (through the personal-fields contribution) all read these tables; a new
personal field is added here and nowhere else.
"""

from apps.core.masking import mask_id_number, mask_phone, mask_text


def mask_address(value: str | None) -> str:
    """The street stays readable (first six characters), the house number does not."""
    return mask_text(value, keep=6)


APPLICATION = {
    "applicant_name": mask_text,
    "id_number": mask_id_number,
    "phone": mask_phone,
    "proxy_name": mask_text,
    "proxy_id_number": mask_id_number,
    "old_home_address": mask_address,
    "old_home_certificate_no": mask_id_number,
}
HOUSEHOLD_MEMBER = {"name": mask_text, "id_number": mask_id_number}

# model label -> {field: mask}
PERSONAL_FIELDS = {
    "housing_swap.application": APPLICATION,
    "housing_swap.householdmember": HOUSEHOLD_MEMBER,
}

# Fields of an application revealed together (the reveal page, an unmasked export).
REVEALED = ("applicant_name", "id_number", "phone", "old_home_certificate_no", "proxy_id_number")


def masked(obj, field: str) -> str:
    """``obj.<field>`` with its mask (``obj`` is an application or a household member)."""
    return PERSONAL_FIELDS[obj._meta.label_lower][field](getattr(obj, field))
