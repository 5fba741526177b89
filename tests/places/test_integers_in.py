"""``IntegersIn``: ``pk IN (ids)`` (or another integer column's) written out, for what a list
reads by id and the filter-bit values it reads them by (apps.places.filters). It selects what
``pk__in`` selects, on the shared facility table and on a kind's table (whose pk is its facility
link), alone and with other filters, counted and paged; no values match nothing; the values are
the query's parameters."""

import random

import pytest

from apps.canteens.models import Canteen
from apps.core.expressions import IntegersIn
from apps.places.models import Facility
from tests.canteens.factories import CanteenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def canteens():
    return [CanteenFactory(home_delivery=i % 2 == 0) for i in range(12)]


def test_selects_what_pk_in_selects(canteens):
    rng = random.Random(5)
    ids = [c.pk for c in canteens]
    for _ in range(20):
        # some ids of rows that are not there too (deleted since they were read)
        wanted = rng.sample(ids, rng.randint(1, len(ids))) + [max(ids) + rng.randint(1, 50)]
        for model in (Facility, Canteen):
            rows = model.objects.order_by("pk")
            assert list(rows.filter(IntegersIn(wanted))) == list(rows.filter(pk__in=wanted))
        with_filters = Canteen.objects.filter(home_delivery=True).order_by("-pk")
        assert (list(with_filters.filter(IntegersIn(wanted))[:3])
                == list(with_filters.filter(pk__in=wanted)[:3]))
        assert Canteen.objects.filter(IntegersIn(wanted)).count() == len(set(wanted) & set(ids))


def test_no_ids_match_nothing(canteens):
    assert list(Canteen.objects.filter(IntegersIn([]))) == []
    assert Canteen.objects.filter(IntegersIn([])).count() == 0
    assert not Facility.objects.filter(IntegersIn([])).exists()
    # (negated: everything, as ~Q(pk__in=[]))
    assert Canteen.objects.exclude(IntegersIn([])).count() == len(canteens)


def test_the_ids_are_parameters_and_ints(canteens):
    first, second = canteens[0].pk, canteens[1].pk
    sql, params = Canteen.objects.filter(IntegersIn([str(second), first])).query.sql_with_params()
    assert '"canteens_canteen"."facility_ptr_id" IN (%s, %s)' in sql
    assert params[-2:] == (second, first)
    with pytest.raises(ValueError):
        IntegersIn(["1; DROP TABLE places_facility"])


def test_another_integer_column(canteens):
    bits = sorted({c.filter_bits for c in Facility.objects.filter(pk__in=[c.pk for c in canteens])})
    assert len(bits) >= 2
    rows = Facility.objects.order_by("pk")
    assert list(rows.filter(IntegersIn(bits[:1], ref="filter_bits"))) == list(rows.filter(filter_bits__in=bits[:1]))
    assert list(rows.filter(IntegersIn(bits, ref="filter_bits"))) == list(rows.filter(filter_bits__in=bits))
