"""Labels for the accessibility feature codes stored in ``Facility.accessibility``."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "step_free": _("Step-free entrance"),
    "ramp": _("Ramp"),
    "accessible_toilet": _("Accessible toilet"),
    "handrails": _("Handrails"),
    "hearing_loop": _("Hearing loop"),
    "large_print_menu": _("Large-print menu"),
    "elder_seating": _("Seating for older people"),
    "accessible_parking": _("Accessible parking space"),
    "lift": _("Lift"),
    "tactile_paving": _("Tactile paving"),
}


def labels(codes) -> list[str]:
    return [str(LABELS.get(code, code)) for code in codes or []]
