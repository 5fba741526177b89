"""Figures the district published (the 2024 report), each quoted exactly as written.

Pages and APIs read these rows instead of carrying the figures as constants, so a correction
is a data change (admin or ``seed_demo``), never a code change. ``places`` and the domain apps
may read them; this app imports no domain app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.bilingual import bilingual


class Topic(models.TextChoices):
    COVERAGE = "coverage", _("Service coverage")
    GREEN_SPACE = "green_space", _("Parks and green space")
    RESETTLEMENT = "resettlement", _("Expropriation resettlement (urban renewal)")
    HOUSING_SWAP = "housing_swap", _("Housing-swap scheme")
    NEW_HOMES = "new_homes", _("New-home projects")


class ReportedFactQuerySet(models.QuerySet):
    def topic(self, topic: str):
        return self.filter(topic=topic).order_by("order", "key")


class ReportedFact(models.Model):
    key = models.SlugField(_("key"), max_length=60, unique=True,
                           help_text=_("Stable reference the pages look the figure up by."))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    quote = models.CharField(
        _("quotation"), max_length=300,
        help_text=_("The words of the source, exactly as written (Chinese)."),
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    facility_kind = models.CharField(
        _("facility kind compared with"), max_length=30, blank=True,
        help_text=_("For coverage figures: the portal's facility kind whose own figure is shown beside it."),
    )
    note = models.TextField(_("note"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    is_cumulative = models.BooleanField(
        _("cumulative total"), default=False,
        help_text=_("A total of recent years, not the year's own result."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = ReportedFactQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "order", "key"]
        verbose_name = _("reported fact")
        verbose_name_plural = _("reported facts")

    def __str__(self) -> str:
        return f"{self.key}: {self.quote}"

    display_label = property(lambda self: bilingual(self.label, self.label_en))
    display_unit = property(lambda self: bilingual(self.unit, self.unit_en))
    display_note = property(lambda self: bilingual(self.note, self.note_en))

    @property
    def number(self):
        """The value without trailing zeros (896, 14.8, 90), or None."""
        if self.value is None:
            return None
        value = self.value.normalize()
        return value.quantize(1) if value == value.to_integral_value() else value
