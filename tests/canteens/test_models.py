from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.canteens.models import Canteen, Meal, SeniorDiscount
from apps.places.hours import is_open_at
from apps.places.models import Facility, FacilityStatus, OpeningException, OpeningHours
from apps.places.selectors import open_at_q

from .factories import CanteenFactory, MealServiceFactory, SeniorDiscountFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def test_canteen_is_a_facility_of_kind_canteen():
    canteen = CanteenFactory()
    assert canteen.facility_ptr.kind == "canteen"
    assert canteen.facility_ptr.canteen == canteen


def test_published_excludes_draft_closed_and_deleted():
    shown = CanteenFactory()
    CanteenFactory(status=FacilityStatus.DRAFT)
    CanteenFactory(status=FacilityStatus.CLOSED)
    CanteenFactory(deleted_at=datetime(2024, 1, 1, tzinfo=SHANGHAI))
    assert list(Canteen.objects.published()) == [shown]


def test_serving_requires_every_meal():
    both = CanteenFactory()
    MealServiceFactory(canteen=both, meal=Meal.LUNCH)
    MealServiceFactory(canteen=both, meal=Meal.DINNER, starts=time(17), ends=time(19))
    lunch_only = CanteenFactory()
    MealServiceFactory(canteen=lunch_only, meal=Meal.LUNCH)
    assert set(Canteen.objects.serving(Meal.LUNCH)) == {both, lunch_only}
    assert list(Canteen.objects.serving(Meal.LUNCH, Meal.DINNER)) == [both]


def test_one_service_per_meal_and_times_ordered():
    canteen = CanteenFactory()
    MealServiceFactory(canteen=canteen, meal=Meal.LUNCH)
    with pytest.raises(IntegrityError), transaction.atomic():
        MealServiceFactory(canteen=canteen, meal=Meal.LUNCH)
    with pytest.raises(IntegrityError), transaction.atomic():
        MealServiceFactory(canteen=canteen, meal=Meal.DINNER, starts=time(19), ends=time(17))


def test_senior_price_by_band_never_negative():
    band = SeniorDiscountFactory(min_age=80, max_age=None, discount=Decimal("4"))
    assert band.band_label == "80+"
    assert band.price_for(Decimal("15")) == Decimal("11")
    assert band.price_for(Decimal("3")) == Decimal("0")
    assert SeniorDiscount(min_age=60, max_age=69, discount=1).band_label == "60-69"


def test_discount_band_must_be_ordered():
    with pytest.raises(IntegrityError), transaction.atomic():
        SeniorDiscountFactory(min_age=70, max_age=60)


def test_history_is_kept():
    canteen = CanteenFactory(seats=10)
    canteen.seats = 20
    canteen.save()
    assert canteen.history.count() == 2
    assert canteen.history.earliest().seats == 10


times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@settings(max_examples=40, deadline=None)
@given(
    periods=st.lists(st.tuples(st.integers(0, 6), times, times), max_size=4),
    exception=st.one_of(st.none(), st.tuples(st.booleans(), times, times)),
    moment=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2024, 1, 14)),
)
def test_open_at_sql_agrees_with_is_open_at(periods, exception, moment):
    """The SQL "open now" filter gives the same answer as apps.places.hours.is_open_at."""
    with transaction.atomic():
        canteen = CanteenFactory()
        hours = [OpeningHours.objects.create(facility=canteen, weekday=d, opens=o, closes=c) for d, o, c in periods]
        exceptions = []
        if exception is not None:
            closed, opens, closes = exception
            exceptions.append(OpeningException.objects.create(
                facility=canteen, date=moment.date(), closed=closed, opens=opens, closes=closes))
        when = moment.replace(second=0, microsecond=0, tzinfo=SHANGHAI)
        expected = is_open_at(when, hours, exceptions)
        in_sql = Canteen.objects.filter(pk=canteen.pk).filter(open_at_q(when)).exists()
        assert in_sql == expected
        assert Canteen.objects.filter(pk=canteen.pk).exclude(open_at_q(when)).exists() == (not expected)
        # inside another query's subquery (its aliases renamed), as a list's lean query may be
        inner = Canteen.objects.filter(open_at_q(when)).values("pk")
        assert Facility.objects.filter(pk=canteen.pk, pk__in=inner).exists() == expected
        transaction.set_rollback(True)


def test_open_at_past_midnight_counts_next_morning():
    canteen = CanteenFactory()
    OpeningHours.objects.create(facility=canteen, weekday=0, opens=time(22), closes=time(2))
    monday_late = datetime(2024, 1, 1, 23, 0, tzinfo=SHANGHAI)
    tuesday_early = monday_late + timedelta(hours=2)
    tuesday_late = monday_late + timedelta(hours=4)
    qs = Canteen.objects.filter(pk=canteen.pk)
    assert qs.filter(open_at_q(monday_late)).exists()
    assert qs.filter(open_at_q(tuesday_early)).exists()
    assert not qs.filter(open_at_q(tuesday_late)).exists()
