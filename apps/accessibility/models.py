"""Accessibility sites (无障碍设施): a ramp, an accessible toilet, tactile paving, a lift, an
accessible parking space or a barrier-free entrance, each a Facility one-to-one with the
facility or address it serves and its condition.

A site is where nearby search and every kind's list read "an accessible entrance or toilet
within 100 m" (``KindInfo.accessibility_sites``): its feature codes on ``Facility.accessibility``
follow its type and condition (:func:`feature_codes`) on every save, so that what
``places`` reads is what the site says; one out of service offers nothing."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.places.filter_bits import FilterBits
from apps.places.kit import KindQuerySet, code_field, facility_link, kind_history
from apps.places.models import Facility

KIND = "accessibility"


class SiteType(models.TextChoices):
    RAMP = "ramp", _("Ramp")
    ACCESSIBLE_TOILET = "accessible_toilet", _("Accessible toilet")
    TACTILE_PAVING = "tactile_paving", _("Tactile paving")
    LIFT = "lift", _("Lift")
    ACCESSIBLE_PARKING = "accessible_parking", _("Accessible parking space")
    BARRIER_FREE_ENTRANCE = "barrier_free_entrance", _("Barrier-free entrance")


class Condition(models.TextChoices):
    GOOD = "good", _("In good order")
    NEEDS_REPAIR = "needs_repair", _("Usable, needs repair")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


# The Facility.accessibility code each type offers (apps/places/accessibility.py labels them).
TYPE_CODES = {
    SiteType.RAMP: "ramp", SiteType.ACCESSIBLE_TOILET: "accessible_toilet", SiteType.TACTILE_PAVING: "tactile_paving",
    SiteType.LIFT: "lift", SiteType.ACCESSIBLE_PARKING: "accessible_parking",
    SiteType.BARRIER_FREE_ENTRANCE: "step_free",
}


def feature_codes(site_type: str, condition: str) -> list[str]:
    """What a site offers residents: its type's feature code, nothing when out of service."""
    if condition == Condition.OUT_OF_SERVICE:
        return []
    return [TYPE_CODES[SiteType(site_type)]]


class AccessibilitySiteQuerySet(KindQuerySet):
    search_fields = ("serves_address", "serves_address_en", "serves_facility__name")


class AccessibilitySite(Facility):
    facility_ptr = facility_link("accessibility_site")
    code = code_field()
    site_type = models.CharField(_("type"), max_length=30, choices=SiteType.choices)
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices, default=Condition.GOOD)
    serves_facility = models.ForeignKey(
        Facility, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("serves facility"), help_text=_("The facility this site makes accessible, if any."),
    )
    serves_address = models.CharField(_("serves address"), max_length=300, blank=True,
                                      help_text=_("Where it is when it serves no listed facility (a street, a building)."))
    serves_address_en = models.CharField(_("serves address (English)"), max_length=300, blank=True)
    built_in = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)

    history = kind_history()
    objects = AccessibilitySiteQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("accessibility site")
        verbose_name_plural = _("accessibility sites")
        constraints = [
            models.CheckConstraint(condition=Q(built_in__isnull=True) | Q(built_in__gte=1949, built_in__lte=2100),
                                   name="accessibility_built_in_range"),
        ]
        indexes = [models.Index(fields=["site_type", "condition"], name="accessibility_type_condition")]

    def save(self, *args, **kwargs):
        self.kind = KIND
        self.accessibility = feature_codes(self.site_type, self.condition)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"site_type", "condition"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "accessibility"}
        super().save(*args, **kwargs)

    @property
    def display_serves_address(self) -> str:
        english = (get_language() or "").lower().startswith("en")
        return self.serves_address_en if english and self.serves_address_en else self.serves_address



FILTER_BITS = FilterBits(
    AccessibilitySite,
    groups={
        "site_type": {value: Q(site_type=value) for value in SiteType.values},
        "condition": {value: Q(condition=value) for value in Condition.values},
    },
)
