"""Rounds (期) of the scheme, the new-home projects on offer and the choices a round's
rules are made of."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.bilingual import bilingual

from .documents import DocumentKind


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed (under review)")
    FINISHED = "finished", _("Finished")


class District(models.TextChoices):
    """Districts of central Wuhan whose old homes a round may buy (Hankou area first)."""

    QIAOKOU = "420104", _("Qiaokou District")
    JIANGAN = "420102", _("Jiang'an District")
    JIANGHAN = "420103", _("Jianghan District")
    HANYANG = "420105", _("Hanyang District")
    WUCHANG = "420106", _("Wuchang District")
    QINGSHAN = "420107", _("Qingshan District")
    HONGSHAN = "420111", _("Hongshan District")
    DONGXIHU = "420112", _("Dongxihu District")


HANKOU_DISTRICTS = [District.QIAOKOU, District.JIANGAN, District.JIANGHAN]


class Ownership(models.TextChoices):
    COMMERCIAL = "commercial", _("Commercial housing with full title (商品房)")
    HOUSING_REFORM = "housing_reform", _("Reform housing with full title (房改房)")
    PRIVATE = "private", _("Private house with title (私房)")
    PUBLIC_RENTAL = "public_rental", _("Rented public housing (公房租赁)")
    SHARED = "shared", _("Shared or partial ownership")


class NewHomeProject(models.Model):
    """A new-home project on offer in the scheme (a partner development)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    developer = models.CharField(_("developer"), max_length=160, blank=True)
    developer_en = models.CharField(_("developer (English)"), max_length=160, blank=True)
    location = models.CharField(_("location"), max_length=200)
    location_en = models.CharField(_("location (English)"), max_length=200, blank=True)
    sub_district = models.ForeignKey(
        "places.SubDistrict", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="housing_projects", verbose_name=_("sub-district"),
    )
    unit_types = models.CharField(
        _("unit types"), max_length=200, blank=True, help_text=_("For example: 89 m² 3-room, 118 m² 4-room."),
    )
    unit_types_en = models.CharField(_("unit types (English)"), max_length=200, blank=True)
    price_min = models.PositiveIntegerField(_("lowest price (CNY/m²)"), null=True, blank=True)
    price_max = models.PositiveIntegerField(_("highest price (CNY/m²)"), null=True, blank=True)
    units_available = models.PositiveIntegerField(_("units available"), default=0)
    is_partner = models.BooleanField(_("partner project (accepts vouchers)"), default=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    fact_note = models.CharField(
        _("reported fact"), max_length=300, blank=True,
        help_text=_("A figure quoted from a published source, shown as such."),
    )
    fact_note_en = models.CharField(_("reported fact (English)"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(_("illustrative data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("new-home project")
        verbose_name_plural = _("new-home projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(price_min__isnull=True) | Q(price_max__isnull=True) | Q(price_min__lte=models.F("price_max")),
                name="hs_project_price_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.display_name)

    # the current language's form of each field (Chinese, marked, where no English exists)
    display_name = property(lambda self: bilingual(self.name, self.name_en))
    display_developer = property(lambda self: bilingual(self.developer, self.developer_en))
    display_location = property(lambda self: bilingual(self.location, self.location_en))
    display_unit_types = property(lambda self: bilingual(self.unit_types, self.unit_types_en))
    display_description = property(lambda self: bilingual(self.description, self.description_en))
    display_fact_note = property(lambda self: bilingual(self.fact_note, self.fact_note_en))


class RoundQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=RoundStatus.DRAFT)

    def open_now(self, now=None):
        now = now or timezone.now()
        return self.filter(status=RoundStatus.OPEN, opens_at__lte=now, closes_at__gt=now)


class Round(models.Model):
    """One numbered round (期) of the scheme: its window, eligibility rules and offer."""

    number = models.PositiveSmallIntegerField(_("round number"), unique=True)
    title = models.CharField(_("title"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    status = models.CharField(_("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    eligible_districts = models.JSONField(
        _("eligible districts of the old home"), default=list, blank=True,
        help_text=_("District codes, e.g. 420104 for Qiaokou."),
    )
    eligible_sub_districts = models.ManyToManyField(
        "places.SubDistrict", blank=True, related_name="housing_rounds",
        verbose_name=_("eligible sub-districts"),
        help_text=_("Empty means every sub-district of Qiaokou when Qiaokou is eligible."),
    )
    min_area_m2 = models.DecimalField(_("minimum floor area (m²)"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_area_m2 = models.DecimalField(_("maximum floor area (m²)"), max_digits=7, decimal_places=2, null=True, blank=True)
    min_building_age_years = models.PositiveSmallIntegerField(
        _("minimum building age (years)"), null=True, blank=True,
    )
    allowed_ownership = models.JSONField(
        _("allowed ownership types"), default=list, blank=True,
        help_text=_("Empty means any ownership type."),
    )
    quota = models.PositiveIntegerField(_("quota (old homes bought)"), null=True, blank=True)
    required_document_kinds = models.JSONField(_("required documents"), default=list, blank=True)
    projects = models.ManyToManyField(NewHomeProject, blank=True, related_name="rounds", verbose_name=_("projects on offer"))
    voucher_validity_days = models.PositiveSmallIntegerField(_("voucher validity (days)"), default=180)
    # Issue 18 item 3: a valuation per m² of the old home outside this band needs a second approver.
    valuation_min_per_m2 = models.PositiveIntegerField(
        _("lowest expected valuation (CNY/m²)"), null=True, blank=True,
        help_text=_("A valuation below this needs the approval of a second person."),
    )
    valuation_max_per_m2 = models.PositiveIntegerField(
        _("highest expected valuation (CNY/m²)"), null=True, blank=True,
        help_text=_("A valuation above this needs the approval of a second person."),
    )
    source_note = models.CharField(
        _("source note"), max_length=300, blank=True,
        help_text=_("What is reported about this round and what is illustrative."),
    )
    source_note_en = models.CharField(_("source note (English)"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(_("illustrative data"), default=False)
    history = HistoricalRecords(m2m_fields=[])

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="hs_round_window"),
            models.CheckConstraint(
                condition=Q(valuation_min_per_m2__isnull=True) | Q(valuation_max_per_m2__isnull=True)
                | Q(valuation_min_per_m2__lte=models.F("valuation_max_per_m2")),
                name="hs_round_valuation_band",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.display_title}"

    display_title = property(lambda self: bilingual(self.title, self.title_en))
    display_description = property(lambda self: bilingual(self.description, self.description_en))
    display_source_note = property(lambda self: bilingual(self.source_note, self.source_note_en))

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == RoundStatus.OPEN and self.opens_at <= now < self.closes_at

    def district_labels(self) -> list[str]:
        labels = dict(District.choices)
        return [str(labels.get(code, code)) for code in self.eligible_districts]

    def document_kind_labels(self) -> list[str]:
        labels = dict(DocumentKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.required_document_kinds]

    def ownership_labels(self) -> list[str]:
        labels = dict(Ownership.choices)
        return [str(labels.get(kind, kind)) for kind in self.allowed_ownership]
