"""Which reach counts as served for a kind, in a given year (standards are data)."""

from django.utils import timezone

from .models import ServiceStandard, default_reach_m


def current_year() -> int:
    return timezone.localdate().year


def reach_for(kind: str, *, year: int | None = None) -> int:
    """The reach (metres) of the standard in force for ``kind`` in ``year`` (default: this
    year); the built-in default when no standard has been entered."""
    year = year or current_year()
    reach = ServiceStandard.objects.in_force(kind=kind, year=year).values_list("reach_m", flat=True).first()
    return int(reach) if reach is not None else default_reach_m()[kind]


def reaches(*, year: int | None = None) -> dict[str, int]:
    """Every coverage kind's reach in one query."""
    year = year or current_year()
    found: dict[str, int] = {}
    for kind, reach in (
        ServiceStandard.objects.filter(applies_from__lte=year)
        .order_by("kind", "-applies_from")
        .values_list("kind", "reach_m")
    ):
        found.setdefault(kind, int(reach))
    return {kind: found.get(kind, default) for kind, default in default_reach_m().items()}
