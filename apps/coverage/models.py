"""Service coverage: standards (what counts as served), stored results per community and
kind, monthly snapshots for the trend, and the queue of facility changes still to apply."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.places import registry
from apps.places.models import Community, Facility


def coverage_kinds() -> tuple[str, ...]:
    """The kinds coverage is computed for: every registered kind with a default reach
    (``KindInfo.coverage_reach_m``), in registration order."""
    return tuple(kind for kind, _label in registry.kind_choices() if registry.kind_info(kind).coverage_reach_m)


def default_reach_m() -> dict[str, int]:
    """The reach (metres) that counts as served for each coverage kind while no standard has
    been entered for it (the kind's app says; the data migration entered the first kinds'
    as the 2024 standards)."""
    return {kind: registry.kind_info(kind).coverage_reach_m for kind in coverage_kinds()}

DEFAULT_STANDARD_YEAR = 2024


class ServiceStandardQuerySet(models.QuerySet):
    def in_force(self, *, kind: str, year: int):
        """The standards of ``kind`` that apply in ``year``, the most recent first."""
        return self.filter(kind=kind, applies_from__lte=year).order_by("-applies_from")


class ServiceStandard(models.Model):
    """How far a facility of a kind may be from a community's point for the community to
    count as served, from a given year on (the latest year not after today applies)."""

    kind = models.CharField(_("facility kind"), max_length=20, validators=[registry.validate_kind])
    reach_m = models.PositiveIntegerField(
        _("reach (metres)"), validators=[MinValueValidator(50), MaxValueValidator(20000)],
        help_text=_("A community counts as served when the nearest published facility is at most this far."),
    )
    applies_from = models.PositiveSmallIntegerField(
        _("applies from year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ServiceStandardQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-applies_from"]
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        constraints = [
            models.UniqueConstraint(fields=["kind", "applies_from"], name="one_standard_per_kind_year"),
        ]

    def __str__(self) -> str:
        return f"{registry.kind_label(self.kind)} ≤ {self.reach_m} m ({self.applies_from})"


class CoverageResultQuerySet(models.QuerySet):
    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def unserved(self):
        return self.filter(served=False)


class CoverageResult(models.Model):
    """For one community and kind: the nearest published facility (great-circle distance
    from the community's point) and whether it is within the standard's reach."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="coverage_results", verbose_name=_("community")
    )
    kind = models.CharField(_("facility kind"), max_length=20, validators=[registry.validate_kind])
    nearest = models.ForeignKey(
        Facility, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("nearest facility"),
    )
    distance_m = models.FloatField(_("distance (metres)"), null=True, blank=True)
    reach_m = models.PositiveIntegerField(_("reach (metres)"))
    served = models.BooleanField(_("served"), default=False)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now, help_text=_("When the result last changed."))

    objects = CoverageResultQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "community_id"]
        verbose_name = _("coverage result")
        verbose_name_plural = _("coverage results")
        constraints = [
            models.UniqueConstraint(fields=["community", "kind"], name="one_result_per_community_kind"),
        ]
        indexes = [
            models.Index(fields=["kind", "served"], name="coverage_kind_served"),
            models.Index(fields=["nearest"], name="coverage_nearest"),
        ]

    def __str__(self) -> str:
        return f"{self.community_id}/{self.kind}: {self.distance_m}"


class CoverageSnapshot(models.Model):
    """District coverage of one kind in one month (the nightly job keeps the current
    month's row up to date; past months stay as they were, giving the trend)."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    kind = models.CharField(_("facility kind"), max_length=20, validators=[registry.validate_kind])
    reach_m = models.PositiveIntegerField(_("reach (metres)"))
    communities = models.PositiveIntegerField(_("communities"))
    served = models.PositiveIntegerField(_("communities served"))
    population = models.PositiveIntegerField(_("population"))
    served_population = models.PositiveIntegerField(_("population served"))
    by_street = models.JSONField(
        _("per sub-district"), default=list, blank=True,
        help_text=_("[{street, communities, served, population, served_population}]"),
    )
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)

    class Meta:
        ordering = ["kind", "month"]
        verbose_name = _("coverage snapshot")
        verbose_name_plural = _("coverage snapshots")
        constraints = [
            models.UniqueConstraint(fields=["month", "kind"], name="one_snapshot_per_month_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.month:%Y-%m}: {self.served}/{self.communities}"

    @property
    def percent(self) -> float | None:
        return round(100 * self.served / self.communities, 1) if self.communities else None

    @property
    def population_percent(self) -> float | None:
        return round(100 * self.served_population / self.population, 1) if self.population else None


class PendingFacilityChange(models.Model):
    """A facility whose publication, position or status changed and whose effect on
    coverage has not been applied yet. Written in the same transaction as the change, so
    a lost Celery message loses nothing (the nightly job also recomputes everything)."""

    facility_id = models.BigIntegerField(_("facility id"), unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("pending facility change")
        verbose_name_plural = _("pending facility changes")

    def __str__(self) -> str:
        return str(self.facility_id)

