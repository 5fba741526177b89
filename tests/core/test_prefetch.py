"""apps.core.prefetch.prefetch_lists gives a page's rows what prefetch_related gives them (the
same related rows in the same order, to_attr lists, a nested level), in one query per
relation and none afterwards."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.db import models
from django.db.models import Prefetch

from apps.canteens.models import Canteen, MealService
from apps.charging.models import ChargePoint, ChargingStation
from apps.core.prefetch import PrefetchedList, prefetch_lists, read_rows, related_rows
from apps.places.models import OpeningException, OpeningHours
from tests.canteens.factories import CanteenFactory
from tests.charging.factories import ChargePointFactory, ConnectorFactory, StationFactory

pytestmark = pytest.mark.django_db


def _exceptions():
    return Prefetch("opening_exceptions", queryset=OpeningException.objects.filter(date__gte=date(2026, 1, 1)),
                    to_attr="upcoming")


def test_same_rows_as_prefetch_related(django_assert_num_queries):
    canteens = [CanteenFactory() for _ in range(3)]
    for i, canteen in enumerate(canteens[:2]):
        for day in (6, 0, 3):
            OpeningHours.objects.create(facility=canteen, weekday=day, opens=time(8 + i), closes=time(17))
        MealService.objects.create(canteen=canteen, meal="lunch", starts=time(11), ends=time(13), price="8.00")
        OpeningException.objects.create(facility=canteen, date=date(2026, 5, 1) + timedelta(days=i), closed=True)
        OpeningException.objects.create(facility=canteen, date=date(2025, 5, 1), closed=True)  # filtered out
    pks = [c.pk for c in canteens]
    lookups = ["opening_hours", "meal_services", _exceptions()]
    expected = {c.pk: c for c in Canteen.objects.filter(pk__in=pks).prefetch_related(*lookups)}
    rows = list(Canteen.objects.filter(pk__in=pks))
    with django_assert_num_queries(3):
        got = prefetch_lists(rows, lookups)
    with django_assert_num_queries(0):
        for canteen in got:
            want = expected[canteen.pk]
            hours = canteen.opening_hours.all()
            assert isinstance(hours, PrefetchedList)
            assert [(h.pk, h.weekday) for h in hours] == [(h.pk, h.weekday) for h in want.opening_hours.all()]
            assert [m.pk for m in canteen.meal_services.all()] == [m.pk for m in want.meal_services.all()]
            assert [e.pk for e in canteen.upcoming] == [e.pk for e in want.upcoming]
            assert canteen.opening_hours.count() == len(want.opening_hours.all())
            assert canteen.meal_services.exists() == want.meal_services.exists()
            for service in canteen.meal_services.all():
                assert service.canteen is canteen  # the foreign key holds its row: no query
    assert [len(c.opening_hours.all()) for c in got] == [3, 3, 0]


def test_nested_level(django_assert_num_queries):
    station, other = StationFactory(), StationFactory()
    for s, n in ((station, 2), (other, 1)):
        for _ in range(n):
            ConnectorFactory(charge_point=ChargePointFactory(station=s))
    lookups = [Prefetch("charge_points", queryset=ChargePoint.objects.prefetch_related("connectors"))]
    rows = list(ChargingStation.objects.filter(pk__in=[station.pk, other.pk]).order_by("pk"))
    with django_assert_num_queries(2):
        prefetch_lists(rows, lookups)
    with django_assert_num_queries(0):
        assert [len(s.charge_points.all()) for s in rows] == [2, 1]
        assert all(len(p.connectors.all()) == 1 for s in rows for p in s.charge_points.all())


def test_refuses_what_it_does_not_read():
    canteen = CanteenFactory()
    with pytest.raises(ValueError):
        prefetch_lists([canteen], ["community"])
    assert prefetch_lists([], ["opening_hours"]) == []


def _as_django_reads(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


@pytest.mark.parametrize("queryset", [
    lambda: OpeningHours.objects.all(),
    lambda: MealService.objects.filter(meal="lunch"),
    lambda: ChargePoint.objects.all(),
    lambda: OpeningException.objects.filter(date__gte=date(2026, 1, 1)),
])
def test_read_rows_gives_what_django_gives(queryset, django_assert_num_queries):
    canteen = CanteenFactory()
    OpeningHours.objects.create(facility=canteen, weekday=2, opens=time(8, 30), closes=time(17))
    MealService.objects.create(canteen=canteen, meal="lunch", starts=time(11), ends=time(13), price="8.50")
    OpeningException.objects.create(facility=canteen, date=date(2026, 5, 1), closed=False,
                                    opens=time(9), closes=time(12), note="短", note_en="short")
    ChargePointFactory(station=StationFactory())
    expected = list(queryset())
    assert expected
    with django_assert_num_queries(1):
        got = read_rows(queryset())
    assert [type(row) for row in got] == [type(row) for row in expected]
    assert [_as_django_reads(row) for row in got] == [_as_django_reads(row) for row in expected]
    for row, want in zip(got, expected, strict=True):
        assert row == want  # same model, same pk
        assert (row._state.adding, row._state.db) == (want._state.adding, want._state.db) == (False, "default")
        assert row.get_deferred_fields() == set()
        assert str(row) == str(want)
    # a read instance saves as an update (not an insert), like one Django read
    model, before = type(got[0]), type(got[0]).objects.count()
    got[0].save()
    assert model.objects.count() == before


def test_read_rows_falls_back_for_what_it_does_not_build():
    canteen = CanteenFactory()
    OpeningHours.objects.create(facility=canteen, weekday=2, opens=time(8), closes=time(17))
    deferred = read_rows(OpeningHours.objects.only("weekday"))
    assert deferred[0].get_deferred_fields() == {"opens", "closes", "facility_id"}
    joined = read_rows(OpeningHours.objects.select_related("facility"))
    assert joined[0].facility.pk == canteen.pk  # joined row cached as Django does
    annotated = read_rows(OpeningHours.objects.annotate(hour=models.F("weekday")))
    assert annotated[0].hour == 2


def test_compiled_reads_give_what_prefetch_related_gives(django_assert_num_queries):
    """The related reads by SQL compiled once per shape (apps.core.prefetch._read_by_keys):
    the same rows and values as Django's prefetch_related (times, decimals, aware datetimes,
    nulls), for pages of different sizes, and again from the compiled SQL."""
    from django.utils import timezone

    from apps.core import prefetch

    prefetch._COMPILED.clear()
    stations = [StationFactory() for _ in range(3)]
    reported = timezone.now().replace(microsecond=123456)
    for i, station in enumerate(stations):
        for n in range(i + 1):
            point = ChargePointFactory(station=station, status_reported_at=reported if n else None)
            ConnectorFactory(charge_point=point, max_power_kw="7.5")
        OpeningHours.objects.create(facility=station, weekday=i, opens=time(6, 30), closes=time(22, 15))
    lookups = ["opening_hours", Prefetch("charge_points", queryset=ChargePoint.objects.prefetch_related("connectors"))]

    def values(station):
        return (
            [_as_django_reads(h) for h in station.opening_hours.all()],
            [(_as_django_reads(p), [_as_django_reads(c) for c in p.connectors.all()])
             for p in station.charge_points.all()],
        )

    for size in (3, 2, 3):  # a new shape, another, then the first again from the compiled SQL
        pks = [s.pk for s in stations[:size]]
        expected = [values(s) for s in ChargingStation.objects.filter(pk__in=pks).order_by("pk").prefetch_related(*lookups)]
        rows = list(ChargingStation.objects.filter(pk__in=pks).order_by("pk"))
        with django_assert_num_queries(3):
            prefetch_lists(rows, lookups)
        assert [values(s) for s in rows] == expected
    assert rows[2].charge_points.all()[1].status_reported_at == reported
    assert rows[2].charge_points.all()[1].connectors.all()[0].max_power_kw == Decimal("7.5")
    assert len(prefetch._COMPILED) == 6  # hours, charge points and connectors, each for two page sizes


def test_read_by_keys_with_related_gives_what_select_related_gives(django_assert_num_queries):
    """A kind's page rows (apps.places.kit.KindSelectors.page): the published rows by key with
    their community, its sub-district and the kind's own foreign keys in one query, compiled
    once per shape: equal to Django's select_related, a null foreign key included."""
    from apps.accessibility.models import AccessibilitySite
    from apps.core.prefetch import read_by_keys
    from tests.accessibility.factories import SiteFactory

    def reads(row, *paths):
        out = [_as_django_reads(row)]
        for path in paths:
            related = row
            for name in path.split("__"):
                related = getattr(related, name)
                out.append(None if related is None else _as_django_reads(related))
        return out

    stations = [StationFactory() for _ in range(3)]
    served = CanteenFactory()
    sites = [SiteFactory(serves_facility=served), SiteFactory(serves_facility=None)]
    cases = [
        (ChargingStation, [s.pk for s in stations], ["community__sub_district", "operator"]),
        (AccessibilitySite, [s.pk for s in sites], ["community__sub_district", "serves_facility"]),
    ]
    for model, pks, related in cases:
        expected = {row.pk: reads(row, *related)
                    for row in model.objects.filter(pk__in=pks).select_related(*related)}
        for _ in range(2):  # compiled, then from the compiled SQL
            with django_assert_num_queries(1):
                rows = read_by_keys(model.objects.published(), "pk", pks, shape=("test", model), related=related)
            with django_assert_num_queries(0):
                assert {row.pk: reads(row, *related) for row in rows} == expected
    assert [site.serves_facility for site in rows if site.pk == sites[1].pk] == [None]


def test_shaped_prefetch_reads_its_filters_values_from_the_compiled_sql(django_assert_num_queries):
    """ShapedPrefetch (a filtered relation the same whenever its shape is): the rows and order
    of Django's Prefetch, for one day's shape and another's."""
    from apps.core import prefetch
    from apps.core.prefetch import ShapedPrefetch

    canteens = [CanteenFactory() for _ in range(2)]
    for canteen in canteens:
        for day in (9, 2, 5, 30):
            OpeningException.objects.create(facility=canteen, date=date(2026, 3, day), closed=True)

    def lookups(since, cls=Prefetch, **shape):
        return [cls("opening_exceptions", queryset=OpeningException.objects.filter(date__gte=since),
                    to_attr="upcoming", **shape)]

    for since in (date(2026, 3, 3), date(2026, 3, 6), date(2026, 3, 3)):
        expected = {c.pk: [e.date for e in c.upcoming]
                    for c in Canteen.objects.filter(pk__in=[c.pk for c in canteens]).prefetch_related(*lookups(since))}
        rows = list(Canteen.objects.filter(pk__in=[c.pk for c in canteens]))
        with django_assert_num_queries(1):
            prefetch_lists(rows, lookups(since, ShapedPrefetch, shape=("test exceptions", since)))
        assert {c.pk: [e.date for e in c.upcoming] for c in rows} == expected
        assert all(dates == sorted(dates) for dates in expected.values())
    assert sum(1 for key in prefetch._COMPILED if ("test exceptions", date(2026, 3, 3)) in key) == 1


def test_related_rows_reads_what_is_prefetched_without_a_manager(django_assert_num_queries, monkeypatch):
    station = StationFactory()
    point = ChargePointFactory(station=station)
    ConnectorFactory(charge_point=point, number=1)
    ConnectorFactory(charge_point=point, number=2)
    plain = ChargingStation.objects.get(pk=station.pk)
    with django_assert_num_queries(1):  # not prefetched: the relation's query, as .all()
        assert [p.pk for p in related_rows(plain, "charge_points")] == [point.pk]
    for prefetch in (lambda rows: prefetch_lists(rows, [Prefetch("charge_points", queryset=ChargePoint.objects
                                                                 .prefetch_related("connectors"))]),
                     lambda rows: list(ChargingStation.objects.filter(pk=station.pk)
                                       .prefetch_related("charge_points__connectors"))):
        [row] = prefetch([ChargingStation.objects.get(pk=station.pk)])
        monkeypatch.setattr(type(row).charge_points.related_manager_cls, "__init__",
                            lambda *a, **k: pytest.fail("a manager was made"))
        with django_assert_num_queries(0):
            points = related_rows(row, "charge_points")
            assert [p.pk for p in points] == [point.pk]
            assert sorted(c.number for c in related_rows(points[0], "connectors")) == [1, 2]
        monkeypatch.undo()


def test_backend_conversions_are_remembered_per_column_a_field_s_are_not(monkeypatch):
    from apps.core import prefetch

    calls = []

    def convert_timefield_value(value, expression, connection):
        calls.append(value)
        return time.fromisoformat(value) if value is not None else None

    convert_timefield_value.__module__ = "django.db.backends.sqlite3.operations"  # a backend's own

    def from_db_value(value, expression, connection):  # a field's own: e.g. decrypting
        calls.append(value)
        return [value]

    backend = prefetch._column_converter([convert_timefield_value], None)
    assert [backend(v, None) for v in ["07:00:00", "19:00:00", "07:00:00", None, "07:00:00"]] == [
        time(7), time(19), time(7), None, time(7)]
    assert calls == ["07:00:00", "19:00:00", None]  # each raw value converted once
    monkeypatch.setattr(prefetch, "_REMEMBERED_MAX", 1)
    bounded = prefetch._column_converter([convert_timefield_value], None)
    calls.clear()
    assert [bounded(v, None) for v in ["01:00:00", "02:00:00", "01:00:00"]] == [time(1), time(2), time(1)]
    assert calls == ["01:00:00", "02:00:00", "01:00:00"]  # forgotten past the bound, still right
    field = prefetch._column_converter([from_db_value], None)
    calls.clear()
    first, second = field("x", None), field("x", None)
    assert first == second == ["x"] and first is not second and calls == ["x", "x"]


@pytest.mark.django_db
def test_sqlite_leaves_conversions_to_django(django_assert_num_queries):
    """On SQLite the driver parses no column by its declared type (settings: ``detect_types``
    0): Django's own converters read the text, and read_by_keys remembers their answers
    (a canteen page reads ~350 times; the driver parsed each again before them). Reads
    through the ORM give the same types as before."""
    from django.db import connection

    canteen = CanteenFactory()
    OpeningHours.objects.create(facility=canteen, weekday=0, opens=time(7), closes=time(19))
    OpeningException.objects.create(facility=canteen, date=date(2026, 5, 1), closed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT opens FROM places_openinghours WHERE facility_id = %s", [canteen.pk])
        (raw,) = cursor.fetchone()
    if connection.vendor == "sqlite":
        assert raw == "07:00:00"  # left as the database holds it
    else:
        assert raw == time(7)
    (hours,) = OpeningHours.objects.filter(facility=canteen)
    assert (hours.opens, hours.closes) == (time(7), time(19))
    assert OpeningException.objects.get(facility=canteen).date == date(2026, 5, 1)
    with django_assert_num_queries(2):
        (row,) = prefetch_lists([canteen], ["opening_hours", "opening_exceptions"])
    (period,) = related_rows(row, "opening_hours")
    assert (period.opens, period.closes) == (time(7), time(19))
    assert related_rows(row, "opening_exceptions")[0].date == date(2026, 5, 1)
    assert type(Canteen.objects.get(pk=canteen.pk).updated_at).__name__ == "datetime"
