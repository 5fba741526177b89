"""Parks (口袋公园, city parks, riverside green belts): a Facility one-to-one with area,
green area, opening date, parking and amenities."""

from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.places.filter_bits import FilterBits
from apps.places.kit import KindQuerySet, code_field, facility_link, kind_history
from apps.places.models import Facility

KIND = "park"


def _english() -> bool:
    return (get_language() or "").lower().startswith("en")


class ParkType(models.TextChoices):
    POCKET = "pocket", _("Pocket park")
    CITY = "city", _("City park")
    RIVERSIDE = "riverside", _("Riverside green belt")


class AmenityType(models.TextChoices):
    PLAY_AREA = "play_area", _("Children's play area")
    FITNESS = "fitness", _("Fitness equipment")
    TOILETS = "toilets", _("Toilets")
    SEATING = "seating", _("Seating")
    RUNNING_TRACK = "running_track", _("Running track")
    WALKING_PATH = "walking_path", _("Walking path")
    SPORTS_COURT = "sports_court", _("Sports court")
    PARKING = "parking", _("Car park")
    DRINKING_WATER = "drinking_water", _("Drinking water")
    WATERFRONT = "waterfront", _("Waterfront access")
    RIVER_GATE = "river_gate", _("River-beach gate")
    SERVICE_STATION = "service_station", _("Service station (驿站)")


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month (no day given)")


class ParkQuerySet(KindQuerySet):
    def with_amenities(self, *amenities: str):
        """Parks having every one of ``amenities``."""
        qs = self
        for amenity in amenities:
            qs = qs.having(Amenity.objects.filter(amenity=amenity), "park")
        return qs



class Park(Facility):
    facility_ptr = facility_link("park")
    code = code_field()
    park_type = models.CharField(_("park type"), max_length=20, choices=ParkType.choices,
                                 default=ParkType.POCKET)
    area_m2 = models.PositiveIntegerField(_("area (m²)"), null=True, blank=True)
    green_area_m2 = models.PositiveIntegerField(_("green area (m²)"), null=True, blank=True)
    opened_on = models.DateField(_("opening date"), null=True, blank=True)
    opened_on_precision = models.CharField(
        _("opening date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY,
        help_text=_("“month” when only the month is known: the day is then never shown."),
    )
    parking_spaces = models.PositiveIntegerField(_("parking spaces"), default=0)

    history = kind_history()
    objects = ParkQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        constraints = [
            models.CheckConstraint(
                condition=Q(green_area_m2__isnull=True) | Q(area_m2__isnull=True)
                | Q(green_area_m2__lte=models.F("area_m2")),
                name="park_green_within_area",
            ),
        ]
        indexes = [models.Index(fields=["park_type"], name="park_type_idx")]

    @property
    def opened_display(self) -> str:
        """The opening date as precisely as it is known ("December 2024" when no day is given)."""
        if self.opened_on is None:
            return ""
        if self.opened_on_precision == DatePrecision.MONTH:
            return date_format(self.opened_on, "YEAR_MONTH_FORMAT")
        return date_format(self.opened_on, "DATE_FORMAT")

    @property
    def area_display(self) -> str:
        return f"{self.area_m2:,}" if self.area_m2 is not None else ""

    @property
    def green_area_display(self) -> str:
        return f"{self.green_area_m2:,}" if self.green_area_m2 is not None else ""

    @property
    def green_percent(self) -> int | None:
        if not self.area_m2 or self.green_area_m2 is None:
            return None
        return round(100 * self.green_area_m2 / self.area_m2)


class Amenity(models.Model):
    """Something a park offers, with an optional note (e.g. "cherry-blossom running track")."""

    park = models.ForeignKey(Park, on_delete=models.CASCADE, related_name="amenities",
                             verbose_name=_("park"))
    amenity = models.CharField(_("amenity"), max_length=30, choices=AmenityType.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["park_id", "amenity", "id"]
        verbose_name = _("amenity")
        verbose_name_plural = _("amenities")
        indexes = [models.Index(fields=["amenity", "park"], name="park_amenity_idx")]

    def __str__(self) -> str:
        return self.display_note or self.get_amenity_display()

    @property
    def display_note(self) -> str:
        return self.note_en if _english() and self.note_en else self.note


FILTER_BITS = FilterBits(
    Park,
    groups={
        "amenity": {value: Q(amenities__amenity=value) for value in AmenityType.values},
        "park_type": {value: Q(park_type=value) for value in ParkType.values},
        "parking": {True: Q(parking_spaces__gt=0)},
    },
    sources={Amenity: "park_id"},
)
