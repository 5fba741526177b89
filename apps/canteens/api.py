"""``GET /api/v1/canteens/`` and ``/api/v1/canteens/{id}/`` (CONTRACT §4 "Facilities")."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from apps.core.prefetch import related_rows
from apps.core.serializers import decimal_output
from apps.places.kind_api import FacilityKindDetailApi, FacilityKindListApi
from apps.places.serializers import FacilitySerializer, hhmm

from .filters import CanteenFilter
from .models import MEAL_ORDER, Canteen
from .selectors import canteens

_money = decimal_output(serializers.DecimalField(max_digits=6, decimal_places=2))


class CanteenPricedMealSerializer(serializers.Serializer):
    band = serializers.CharField()
    min_age = serializers.IntegerField()
    max_age = serializers.IntegerField(allow_null=True)
    price = serializers.DecimalField(max_digits=6, decimal_places=2)


class CanteenMealServiceSerializer(serializers.Serializer):
    meal = serializers.CharField()
    meal_label = serializers.CharField(source="get_meal_display")
    starts = serializers.TimeField(format="%H:%M")
    ends = serializers.TimeField(format="%H:%M")
    price = serializers.DecimalField(max_digits=6, decimal_places=2)
    senior_prices = serializers.SerializerMethodField()

    def get_senior_prices(self, service) -> CanteenPricedMealSerializer(many=True):
        discounts = self.context["discounts"].get(service.canteen_id, [])
        return CanteenPricedMealSerializer([
            {"band": d.band_label, "min_age": d.min_age, "max_age": d.max_age,
             "price": d.price_for(service.price)}
            for d in discounts
        ], many=True).data


class CanteenDiscountSerializer(serializers.Serializer):
    band = serializers.CharField(source="band_label")
    min_age = serializers.IntegerField()
    max_age = serializers.IntegerField(allow_null=True)
    discount = serializers.DecimalField(max_digits=6, decimal_places=2)

    def to_representation(self, discount):
        # written out (a list page shows ~60 of them; issue 21); tests/canteens hold it equal
        # to the declared fields
        return {"band": str(discount.band_label), "min_age": int(discount.min_age),
                "max_age": None if discount.max_age is None else int(discount.max_age),
                "discount": None if discount.discount is None else _money(discount.discount)}


class CanteenMenuItemSerializer(serializers.Serializer):
    weekday = serializers.IntegerField()
    meal = serializers.CharField()
    dish = serializers.CharField(source="display_dish")


class CanteenSerializer(FacilitySerializer):
    detail_url_name = "canteens:detail"

    operator = serializers.CharField(source="display_operator")
    seats = serializers.IntegerField()
    home_delivery = serializers.BooleanField()
    delivery_note = serializers.CharField(source="display_delivery_note")
    meal_services = serializers.SerializerMethodField()
    senior_discounts = CanteenDiscountSerializer(many=True, source="discounts")

    def get_meal_services(self, canteen) -> CanteenMealServiceSerializer(many=True):
        # What CanteenMealServiceSerializer(services, many=True).data gives, written out: a
        # list of 20 canteens built 80 nested serializers (each deep-copying its fields), 40 %
        # of the list's CPU time (bench/lists.py). tests/canteens/test_api.py holds them equal.
        services = sorted(related_rows(canteen, "meal_services"), key=lambda s: MEAL_ORDER.get(s.meal, 9))
        discounts = list(related_rows(canteen, "discounts"))
        money = _money
        return [
            {
                "meal": service.meal,
                "meal_label": service.get_meal_display(),
                "starts": hhmm(service.starts),
                "ends": hhmm(service.ends),
                "price": money(service.price),
                "senior_prices": [
                    {"band": d.band_label, "min_age": d.min_age, "max_age": d.max_age,
                     "price": money(d.price_for(service.price))}
                    for d in discounts
                ],
            }
            for service in services
        ]


class CanteenDetailSerializer(CanteenSerializer):
    menu = CanteenMenuItemSerializer(many=True, source="menu_items")


@extend_schema_view(
    get=extend_schema(
        summary="Senior canteens (幸福食堂)",
        description="Published senior canteens, with meal services, senior prices by age band "
        "and opening hours. Filters: street (sub-district id), community (id), search, open_now, "
        "meal (breakfast/lunch/dinner; all must be served), delivery.",
        tags=["facilities"],
    )
)
class CanteenListApi(FacilityKindListApi):
    serializer_class = CanteenSerializer
    filterset_class = CanteenFilter
    app = "canteens"
    selectors = canteens


@extend_schema_view(get=extend_schema(summary="One senior canteen, with its weekly menu", tags=["facilities"]))
class CanteenDetailApi(FacilityKindDetailApi):
    serializer_class = CanteenDetailSerializer
    queryset = Canteen.objects.none()  # for the schema
    selectors = canteens
