"""Charging stations, modelled as OCPI does: a site (``ChargingStation``, a Facility
one-to-one) -> charge points (piles, OCPI "EVSE") -> connectors. Each charge point has a live
status reported by its operator through the operator API; every report is kept
(``StatusReport``)."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.accounts import operators
from apps.places.filter_bits import FilterBits
from apps.places.kit import KindQuerySet, code_field, facility_link, kind_history
from apps.places.models import Facility

KIND = "charging"


def _english() -> bool:
    return (get_language() or "").lower().startswith("en")


def status_max_age() -> timedelta:
    """A reported status older than this is shown as "unknown" (it no longer means anything)."""
    return timedelta(minutes=getattr(settings, "CHARGING_STATUS_MAX_AGE_MINUTES", 120))


class ConnectorStandard(models.TextChoices):
    """Plug standards (OCPI ``ConnectorType`` values in brackets)."""

    GBT_AC = "gbt_ac", _("GB/T AC")  # GBT_AC, GB/T 20234.2
    GBT_DC = "gbt_dc", _("GB/T DC")  # GBT_DC, GB/T 20234.3
    CCS2 = "ccs2", _("CCS2 (Combo 2)")  # IEC_62196_T2_COMBO
    TYPE2 = "type2", _("Type 2 (IEC 62196)")  # IEC_62196_T2
    CHADEMO = "chademo", _("CHAdeMO")  # CHADEMO
    CHAOJI = "chaoji", _("ChaoJi")  # CHAOJI


_STANDARD_LABELS: dict[str, dict] = {}  # language -> {standard: its label in that language}


def standard_labels() -> dict:
    """``{standard: its label}`` in the active language, built once per language: what
    ``connector.get_standard_display()`` gives, for the many connectors of a list at once
    (~1.5 us a read of the language)."""
    language = get_language()
    labels = _STANDARD_LABELS.get(language)
    if labels is None:
        labels = _STANDARD_LABELS[language] = {value: str(label) for value, label in ConnectorStandard.choices}
    return labels


class PowerType(models.TextChoices):
    AC = "ac", _("AC")
    DC = "dc", _("DC")


class ChargePointStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    CHARGING = "charging", _("Charging")
    OUT_OF_ORDER = "out_of_order", _("Out of order")
    UNKNOWN = "unknown", _("Unknown")


class ChargingOperator(operators.Operator):
    """A company running charging stations. Its accounts may report their stations' status."""

    class Meta(operators.Operator.Meta):
        verbose_name = _("charging operator")
        verbose_name_plural = _("charging operators")


class OperatorAccount(operators.OperatorAccount):
    """Links a user to the operator they act for; the operator API is scoped by it."""

    user = operators.account_user_field("charging")
    operator = operators.operator_link(ChargingOperator, "accounts")

    class Meta:
        verbose_name = _("operator account")
        verbose_name_plural = _("operator accounts")


class ChargingStationQuerySet(KindQuerySet):
    def with_connector(self, *standards: str):
        """Stations with at least one connector of any of ``standards``."""
        if not standards:
            return self
        return self.having(Connector.objects.filter(standard__in=standards), "charge_point__station",
                           parts=[Connector.objects.filter(standard=s) for s in sorted(set(standards))])

    def with_min_power(self, kw):
        return self.having(Connector.objects.filter(max_power_kw__gte=kw), "charge_point__station")

    def with_power_type(self, power_type: str):
        return self.having(Connector.objects.filter(power_type=power_type), "charge_point__station")

    def available_now(self, now=None, *, negate: bool = False):
        """Stations with a charge point whose fresh, reported status is "available" (``negate``:
        the others): the newest such report, kept on the facility row (apps.charging.live),
        fresh."""
        return self.free_now((now or timezone.now()) - status_max_age(), free=not negate)

    search_fields = ("operator__name", "operator__name_en")


class ChargingStation(Facility):
    """A charging site (OCPI "Location")."""

    facility_ptr = facility_link("charging_station")
    code = code_field()
    operator = models.ForeignKey(ChargingOperator, on_delete=models.PROTECT, related_name="stations",
                                 verbose_name=_("operator"))
    is_public = models.BooleanField(_("open to the public"), default=True)
    price_per_kwh = models.DecimalField(
        _("electricity price (CNY/kWh)"), max_digits=6, decimal_places=3,
        validators=[MinValueValidator(Decimal("0"))],
    )
    service_fee_per_kwh = models.DecimalField(
        _("service fee (CNY/kWh)"), max_digits=6, decimal_places=3, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    parking_fee_per_hour = models.DecimalField(
        _("parking fee (CNY/hour)"), max_digits=6, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))], help_text=_("Empty when parking is free."),
    )
    parking_note = models.CharField(_("parking note"), max_length=200, blank=True)
    parking_note_en = models.CharField(_("parking note (English)"), max_length=200, blank=True)

    history = kind_history()
    objects = ChargingStationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("charging station")
        verbose_name_plural = _("charging stations")
        constraints = [
            models.CheckConstraint(condition=Q(price_per_kwh__gte=0), name="charging_price_not_negative"),
            models.CheckConstraint(condition=Q(service_fee_per_kwh__gte=0), name="charging_fee_not_negative"),
        ]

    @property
    def total_per_kwh(self) -> Decimal:
        return self.price_per_kwh + self.service_fee_per_kwh

    @property
    def display_parking_note(self) -> str:
        return self.parking_note_en if _english() and self.parking_note_en else self.parking_note


class ChargePoint(models.Model):
    """A pile (OCPI "EVSE"): one or more connectors, one of which can charge at a time."""

    station = models.ForeignKey(ChargingStation, on_delete=models.CASCADE, related_name="charge_points",
                                verbose_name=_("station"))
    code = models.CharField(_("EVSE ID"), max_length=60, unique=True)
    label = models.CharField(_("label"), max_length=40, blank=True, help_text=_("As painted on the pile, e.g. “A03”."))
    status = models.CharField(_("status"), max_length=20, choices=ChargePointStatus.choices,
                              default=ChargePointStatus.UNKNOWN)
    status_reported_at = models.DateTimeField(_("status reported at"), null=True, blank=True)
    # since when the reported status holds (the first report of it in a row): how long a
    # charge point has been out of order, for the notices to the station's followers
    status_since = models.DateTimeField(_("status since"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["station_id", "code"]
        verbose_name = _("charge point")
        verbose_name_plural = _("charge points")
        indexes = [
            models.Index(fields=["station", "status", "status_reported_at"], name="chargepoint_live"),
            # "free now" read from this side when few piles are (FacilityQuerySet.having)
            models.Index(fields=["status", "status_reported_at", "station"], name="chargepoint_status_fresh"),
        ]

    def __str__(self) -> str:
        return self.label or self.code

    def live_status(self, now=None) -> str:
        """The reported status while it is fresh, else "unknown"."""
        return self.status_if_fresh((now or timezone.now()) - status_max_age())

    def status_if_fresh(self, fresh_since: datetime) -> str:
        """The reported status if it was reported at or after ``fresh_since``, else "unknown"
        (:meth:`live_status` for many charge points at once: the limit computed once)."""
        if self.status_reported_at is None or self.status_reported_at < fresh_since:
            return ChargePointStatus.UNKNOWN
        return self.status

    def get_live_status_display(self) -> str:
        return ChargePointStatus(self.live_status()).label


class Connector(models.Model):
    """A plug on a charge point (OCPI "Connector")."""

    charge_point = models.ForeignKey(ChargePoint, on_delete=models.CASCADE, related_name="connectors",
                                     verbose_name=_("charge point"))
    number = models.PositiveSmallIntegerField(_("connector number"), default=1)
    standard = models.CharField(_("standard"), max_length=20, choices=ConnectorStandard.choices)
    power_type = models.CharField(_("power type"), max_length=4, choices=PowerType.choices)
    max_power_kw = models.DecimalField(
        _("maximum power (kW)"), max_digits=6, decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )

    class Meta:
        ordering = ["charge_point_id", "number"]
        verbose_name = _("connector")
        verbose_name_plural = _("connectors")
        constraints = [
            models.UniqueConstraint(fields=["charge_point", "number"], name="charging_connector_number_unique"),
            models.CheckConstraint(condition=Q(max_power_kw__gt=0), name="charging_power_positive"),
        ]
        indexes = [
            models.Index(fields=["standard", "max_power_kw"], name="connector_standard_power"),
            # the power filters read from this side when few connectors match (FacilityQuerySet.having)
            models.Index(fields=["max_power_kw", "charge_point"], name="connector_power_point"),
            models.Index(fields=["power_type", "charge_point"], name="connector_type_point"),
        ]

    def __str__(self) -> str:
        return f"{self.get_standard_display()} {self.max_power_kw} kW"


class StatusReport(operators.Report):
    """Every status an operator reported (append-only), applied or not (an older report than
    the current one is kept but does not change the live status)."""

    charge_point = models.ForeignKey(ChargePoint, on_delete=models.CASCADE, related_name="reports",
                                     verbose_name=_("charge point"))
    status = models.CharField(_("status"), max_length=20, choices=ChargePointStatus.choices)

    class Meta(operators.Report.Meta):
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        indexes = [models.Index(fields=["charge_point", "-received_at"], name="statusreport_point_time")]

    def __str__(self) -> str:
        return f"{self.charge_point} {self.status} @ {self.reported_at:%Y-%m-%d %H:%M}"


class OperatorToken(operators.OperatorToken):
    """An operator's machine key (an ``accounts.ApiToken`` of kind "operator", accepted only
    by the operator API), limited to some of the operator's stations or, with none chosen,
    to all of them."""

    token = operators.scope_token_field("charging")
    operator = operators.operator_link(ChargingOperator, "tokens")
    stations = models.ManyToManyField(ChargingStation, blank=True, related_name="+", verbose_name=_("stations"),
                                      help_text=_("None chosen: every station of the operator."))

    class Meta:
        verbose_name = _("operator token")
        verbose_name_plural = _("operator tokens")



# "A connector of at least N kW" as filter bits for these N (the usual AC and DC ratings): the
# list's ``min_power_kw`` at one of them is read from the bits alone, any other value from the
# bits of the tier below it and then each station's connectors (apps.places.filters.
# BitThresholdFilter). Asked of every station's connectors, ``min_power_kw=60`` cost a list
# whose other filters few stations meet an index search per station read (bench/lists.py).
POWER_TIERS_KW = (7, 11, 22, 30, 60, 90, 120, 160, 180, 240, 360)

FILTER_BITS = FilterBits(
    ChargingStation,
    groups={
        "connector": {value: Q(charge_points__connectors__standard=value) for value in ConnectorStandard.values},
        "power_type": {value: Q(charge_points__connectors__power_type=value) for value in PowerType.values},
        "public": {True: Q(is_public=True)},
        "min_power": {kw: Q(charge_points__connectors__max_power_kw__gte=kw) for kw in POWER_TIERS_KW},
    },
    sources={ChargePoint: "station_id", Connector: "charge_point.station_id"},
)
