"""Elder-care sites (养老服务设施): complexes, community elder service centres and stations,
hub-radiating and community-embedded service points, welfare homes. A Facility one-to-one
with its level, the services it offers (columns: see apps.places.kit.offered), who may use
it, its contact and whether it serves people at home, and how far."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.bilingual import bilingual
from apps.places.filter_bits import FilterBits
from apps.places.kit import KindQuerySet, code_field, facility_link, kind_history, offer_condition, offered
from apps.places.models import Facility

KIND = "eldercare"
# the kind whose nearest facility an elder-care page shows (named, not imported: see selectors)
CANTEEN_KIND = "canteen"


class Level(models.TextChoices):
    COMPLEX_PROVINCIAL = "complex_provincial", _("Elder-care complex (provincial level)")
    COMPLEX_MUNICIPAL = "complex_municipal", _("Elder-care complex (municipal level)")
    CENTRE = "centre", _("Community elder service centre")
    STATION = "station", _("Community elder service station")
    HUB_POINT = "hub_point", _("Hub-radiating service point")
    EMBEDDED_POINT = "embedded_point", _("Community-embedded service point")
    WELFARE_HOME = "welfare_home", _("Welfare home (residential care)")


class Service(models.TextChoices):
    """What a site offers: each value is a column of :class:`ElderCareSite`."""

    DAY_CARE = "day_care", _("Day care")
    MEAL_HELP = "meal_help", _("Meal help")
    BATHING_HELP = "bathing_help", _("Bathing help")
    HOME_VISITS = "home_visits", _("Home visits")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    HEALTH_CHECKS = "health_checks", _("Health checks")
    CULTURAL_ACTIVITIES = "cultural_activities", _("Cultural activities")
    RESPITE_BEDS = "respite_beds", _("Respite beds")


class ElderCareQuerySet(KindQuerySet):
    search_fields = ("operator", "operator_en")
    offer_counts = ("respite_beds",)


class ElderCareSite(Facility):
    facility_ptr = facility_link("eldercare_site")
    code = code_field()
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.STATION)
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    operator_en = models.CharField(_("operator (English)"), max_length=200, blank=True)
    contact = models.CharField(_("contact person"), max_length=100, blank=True,
                               help_text=_("Who to ask for; the phone number is the facility's."))
    eligibility = models.CharField(_("who may use it"), max_length=300, blank=True)
    eligibility_en = models.CharField(_("who may use it (English)"), max_length=300, blank=True)
    day_care = models.BooleanField(_("day care"), default=False)
    meal_help = models.BooleanField(_("meal help"), default=False)
    bathing_help = models.BooleanField(_("bathing help"), default=False)
    home_visits = models.BooleanField(_("home visits"), default=False)
    rehabilitation = models.BooleanField(_("rehabilitation"), default=False)
    health_checks = models.BooleanField(_("health checks"), default=False)
    cultural_activities = models.BooleanField(_("cultural activities"), default=False)
    respite_beds = models.PositiveIntegerField(_("respite beds"), default=0,
                                               help_text=_("Short-stay beds; 0 when the site has none."))
    home_service = models.BooleanField(_("serves people at home"), default=False)
    home_service_radius_m = models.PositiveIntegerField(
        _("home-service radius (m)"), null=True, blank=True,
        help_text=_("How far from the site it serves people at home."),
    )

    history = kind_history()
    objects = ElderCareQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("elder-care site")
        verbose_name_plural = _("elder-care sites")
        indexes = [models.Index(fields=["level"], name="eldercare_level_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(home_service=True) | Q(home_service_radius_m__isnull=True),
                name="eldercare_radius_only_with_home_service",
            ),
        ]

    @property
    def services(self) -> list:
        return offered(self, Service)

    @property
    def display_operator(self) -> str:
        return bilingual(self.operator, self.operator_en)

    @property
    def display_eligibility(self) -> str:
        return bilingual(self.eligibility, self.eligibility_en)



FILTER_BITS = FilterBits(
    ElderCareSite,
    groups={
        "level": {value: Q(level=value) for value in Level.values},
        "service": {value: offer_condition(ElderCareSite, value) for value in Service.values},
        "home_service": {True: Q(home_service=True)},
    },
)
