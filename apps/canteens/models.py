"""Senior canteens (幸福食堂): a Facility one-to-one, with meal services, age-band senior
discounts and a weekly menu."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.places.filter_bits import FilterBits
from apps.places.kit import KindQuerySet, code_field, facility_link, kind_history
from apps.places.models import Facility, Weekday

KIND = "canteen"


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", _("Breakfast")
    LUNCH = "lunch", _("Lunch")
    DINNER = "dinner", _("Dinner")


MEAL_ORDER = {Meal.BREAKFAST: 0, Meal.LUNCH: 1, Meal.DINNER: 2}


class CanteenQuerySet(KindQuerySet):
    def serving(self, *meals: str):
        """Canteens with a service for every one of ``meals``."""
        qs = self
        for meal in meals:
            qs = qs.having(MealService.objects.filter(meal=meal), "canteen")
        return qs

    def delivering(self, delivers: bool = True):
        return self.filter(home_delivery=delivers)

    search_fields = ("operator", "operator_en")


class Canteen(Facility):
    """A community senior canteen."""

    facility_ptr = facility_link("canteen")
    code = code_field()
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    operator_en = models.CharField(_("operator (English)"), max_length=200, blank=True)
    seats = models.PositiveIntegerField(_("seats"), default=0)
    home_delivery = models.BooleanField(_("home delivery"), default=False)
    delivery_note = models.CharField(_("delivery note"), max_length=300, blank=True)
    delivery_note_en = models.CharField(_("delivery note (English)"), max_length=300, blank=True)

    history = kind_history()
    objects = CanteenQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("senior canteen")
        verbose_name_plural = _("senior canteens")
        indexes = [models.Index(fields=["home_delivery"], name="canteen_delivery")]

    @property
    def display_operator(self) -> str:
        if (get_language() or "").lower().startswith("en") and self.operator_en:
            return self.operator_en
        return self.operator

    @property
    def display_delivery_note(self) -> str:
        if (get_language() or "").lower().startswith("en") and self.delivery_note_en:
            return self.delivery_note_en
        return self.delivery_note


class MealService(models.Model):
    """A meal the canteen serves every opening day, with its times and standard price."""

    canteen = models.ForeignKey(Canteen, on_delete=models.CASCADE, related_name="meal_services",
                                verbose_name=_("canteen"))
    meal = models.CharField(_("meal"), max_length=20, choices=Meal.choices)
    starts = models.TimeField(_("serving from"))
    ends = models.TimeField(_("serving until"))
    price = models.DecimalField(
        _("price per meal (CNY)"), max_digits=6, decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        ordering = ["canteen_id", "starts"]
        verbose_name = _("meal service")
        verbose_name_plural = _("meal services")
        # "serves breakfast" read from this side when few canteens do (FacilityQuerySet.having)
        indexes = [models.Index(fields=["meal", "canteen"], name="mealservice_meal_canteen")]
        constraints = [
            models.UniqueConstraint(fields=["canteen", "meal"], name="canteen_one_service_per_meal"),
            models.CheckConstraint(condition=Q(starts__lt=models.F("ends")), name="canteen_meal_starts_before_ends"),
            models.CheckConstraint(condition=Q(price__gte=0), name="canteen_meal_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_meal_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"


class SeniorDiscount(models.Model):
    """A reduction per meal for seniors of an age band (e.g. 60-69, 70-79, 80+)."""

    canteen = models.ForeignKey(Canteen, on_delete=models.CASCADE, related_name="discounts",
                                verbose_name=_("canteen"))
    min_age = models.PositiveSmallIntegerField(
        _("from age"), validators=[MinValueValidator(50), MaxValueValidator(120)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("to age (inclusive)"), null=True, blank=True,
        help_text=_("Leave empty for “and older”."),
    )
    discount = models.DecimalField(
        _("discount per meal (CNY)"), max_digits=6, decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        ordering = ["canteen_id", "min_age"]
        verbose_name = _("senior discount")
        verbose_name_plural = _("senior discounts")
        constraints = [
            models.UniqueConstraint(fields=["canteen", "min_age"], name="canteen_one_discount_per_band"),
            models.CheckConstraint(
                condition=Q(max_age__isnull=True) | Q(max_age__gte=models.F("min_age")),
                name="canteen_discount_band_ordered",
            ),
            models.CheckConstraint(condition=Q(discount__gte=0), name="canteen_discount_not_negative"),
        ]

    def __str__(self) -> str:
        return self.band_label

    @property
    def band_label(self) -> str:
        if self.max_age is None:
            return f"{self.min_age}+"
        return f"{self.min_age}-{self.max_age}"

    def price_for(self, price: Decimal) -> Decimal:
        return max(price - self.discount, Decimal("0.00"))


class MenuItem(models.Model):
    """A dish on the weekly menu: weekday, meal and dish."""

    canteen = models.ForeignKey(Canteen, on_delete=models.CASCADE, related_name="menu_items",
                                verbose_name=_("canteen"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    meal = models.CharField(_("meal"), max_length=20, choices=Meal.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    dish = models.CharField(_("dish"), max_length=100)
    dish_en = models.CharField(_("dish (English)"), max_length=100, blank=True)

    class Meta:
        ordering = ["canteen_id", "weekday", "position"]
        verbose_name = _("menu item")
        verbose_name_plural = _("weekly menu")
        constraints = [
            models.UniqueConstraint(
                fields=["canteen", "weekday", "meal", "position"], name="canteen_menu_slot_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.dish

    @property
    def display_dish(self) -> str:
        if (get_language() or "").lower().startswith("en") and self.dish_en:
            return self.dish_en
        return self.dish



FILTER_BITS = FilterBits(
    Canteen,
    groups={
        "meal": {value: Q(meal_services__meal=value) for value in Meal.values},
        "delivery": {True: Q(home_delivery=True)},
    },
    sources={MealService: "canteen_id"},
)
