"""Car parks: a Facility one-to-one with its kind (underground, multi-storey, on-street,
residential shared), spaces (total, accessible, with a charger), tariff, height limit and the
live count of free spaces its operator reports through the operator API (every report kept,
``FreeSpacesReport``; a count older than :func:`free_spaces_max_age` means nothing). The
operator machinery (accounts, scoped machine tokens, report clock) is the shared one of
:mod:`apps.accounts.operators`."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.accounts import operators
from apps.places.filter_bits import FilterBits
from apps.places.kit import KindQuerySet, code_field, facility_link, kind_history
from apps.places.models import Facility

KIND = "parking"
# the kind whose facility a car park's chargers are (a places-level link: no import of it)
CHARGING_KIND = "charging"


def free_spaces_max_age() -> timedelta:
    """A reported free-space count older than this is shown as "unknown"."""
    return timedelta(minutes=getattr(settings, "PARKING_FREE_SPACES_MAX_AGE_MINUTES", 30))


class CarParkType(models.TextChoices):
    UNDERGROUND = "underground", _("Underground car park")
    MULTI_STOREY = "multi_storey", _("Multi-storey car park")
    ON_STREET = "on_street", _("On-street parking")
    RESIDENTIAL_SHARED = "residential_shared", _("Residential shared parking")


class ParkingOperator(operators.Operator):
    """A company (or office) running car parks. Its accounts may report free spaces."""

    class Meta(operators.Operator.Meta):
        verbose_name = _("parking operator")
        verbose_name_plural = _("parking operators")


class ParkingOperatorAccount(operators.OperatorAccount):
    user = operators.account_user_field("parking")
    operator = operators.operator_link(ParkingOperator, "accounts")

    class Meta:
        verbose_name = _("parking operator account")
        verbose_name_plural = _("parking operator accounts")


class CarParkQuerySet(KindQuerySet):
    search_fields = ("operator__name", "operator__name_en", "tariff")

    def free_now(self, now=None, *, negate: bool = False):
        """Car parks whose fresh, reported count of free spaces is above zero (``negate``: the
        others), read by :meth:`~apps.places.kit.KindQuerySet.where_own` (the (reported at,
        free spaces) index drove a list's scan: 43 ms for ``available=true`` at 1M)."""
        now = now or timezone.now()
        return self.where_own(free_spaces__gt=0, free_spaces_reported_at__gte=now - free_spaces_max_age(),
                              negate=negate)


class CarPark(Facility):
    facility_ptr = facility_link("car_park")
    code = code_field()
    car_park_type = models.CharField(_("car park type"), max_length=20, choices=CarParkType.choices,
                                     default=CarParkType.UNDERGROUND)
    operator = models.ForeignKey(ParkingOperator, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="car_parks", verbose_name=_("operator"))
    spaces_total = models.PositiveIntegerField(_("spaces"), validators=[MinValueValidator(1)])
    accessible_spaces = models.PositiveIntegerField(_("accessible spaces"), default=0)
    ev_spaces = models.PositiveIntegerField(_("spaces with a charger"), default=0)
    charging_site = models.ForeignKey(
        Facility, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        limit_choices_to={"kind": CHARGING_KIND}, verbose_name=_("charging station here"),
        help_text=_("The charging station at this car park, when there is one."),
    )
    tariff = models.CharField(_("tariff"), max_length=300, blank=True)
    tariff_en = models.CharField(_("tariff (English)"), max_length=300, blank=True)
    height_limit_m = models.DecimalField(_("height limit (m)"), max_digits=3, decimal_places=1, null=True,
                                         blank=True, validators=[MinValueValidator(1)])
    # live: written by the operator API only (FreeSpacesReport keeps every report)
    free_spaces = models.PositiveIntegerField(_("free spaces (reported)"), null=True, blank=True, editable=False)
    free_spaces_reported_at = models.DateTimeField(_("free spaces reported at"), null=True, blank=True,
                                                   editable=False)

    history = kind_history(excluded_fields=["free_spaces", "free_spaces_reported_at"])
    objects = CarParkQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("car park")
        verbose_name_plural = _("car parks")
        constraints = [
            models.CheckConstraint(condition=Q(accessible_spaces__lte=models.F("spaces_total")),
                                   name="carpark_accessible_within_total"),
            models.CheckConstraint(condition=Q(ev_spaces__lte=models.F("spaces_total")),
                                   name="carpark_ev_within_total"),
        ]
        indexes = [
            models.Index(fields=["car_park_type"], name="carpark_type_idx"),
            models.Index(fields=["free_spaces_reported_at", "free_spaces"], name="carpark_free_fresh"),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.spaces_total is not None:
            if self.accessible_spaces and self.accessible_spaces > self.spaces_total:
                errors["accessible_spaces"] = _("More accessible spaces than spaces in all.")
            if self.ev_spaces and self.ev_spaces > self.spaces_total:
                errors["ev_spaces"] = _("More spaces with a charger than spaces in all.")
        if self.charging_site_id and self.charging_site.kind != CHARGING_KIND:
            errors["charging_site"] = _("Choose a charging station.")
        if errors:
            raise ValidationError(errors)

    @property
    def display_tariff(self) -> str:
        english = (get_language() or "").lower().startswith("en")
        return self.tariff_en if english and self.tariff_en else self.tariff

    def live_free_spaces(self, now=None) -> int | None:
        """The reported count while it is fresh, else None ("unknown")."""
        now = now or timezone.now()
        if not operators.is_fresh(self.free_spaces_reported_at, now, free_spaces_max_age()):
            return None
        return self.free_spaces


class FreeSpacesReport(operators.Report):
    """Every count an operator reported (see :class:`apps.accounts.operators.Report`)."""

    car_park = models.ForeignKey(CarPark, on_delete=models.CASCADE, related_name="reports",
                                 verbose_name=_("car park"))
    free_spaces = models.PositiveIntegerField(_("free spaces"))

    class Meta(operators.Report.Meta):
        verbose_name = _("free-spaces report")
        verbose_name_plural = _("free-spaces reports")
        indexes = [models.Index(fields=["car_park", "-received_at"], name="freespaces_park_time")]

    def __str__(self) -> str:
        return f"{self.car_park_id}: {self.free_spaces} @ {self.reported_at:%Y-%m-%d %H:%M}"


class ParkingOperatorToken(operators.OperatorToken):
    token = operators.scope_token_field("parking")
    operator = operators.operator_link(ParkingOperator, "tokens")
    car_parks = models.ManyToManyField(CarPark, blank=True, related_name="+", verbose_name=_("car parks"),
                                       help_text=_("None chosen: every car park of the operator."))

    class Meta:
        verbose_name = _("parking operator token")
        verbose_name_plural = _("parking operator tokens")



FILTER_BITS = FilterBits(
    CarPark,
    groups={
        "car_park_type": {value: Q(car_park_type=value) for value in CarParkType.values},
        "accessible_spaces": {True: Q(accessible_spaces__gt=0)},
        "ev_spaces": {True: Q(ev_spaces__gt=0)},
    },
)
