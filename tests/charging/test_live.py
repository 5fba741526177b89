"""A station's "a pile is free now" kept on its facility row (``Facility.free_reported_at``,
apps.charging.live; issue 21) by the database's triggers: after every kind of write (status
reports through the service, saves, moves and deletes of charge points, station saves, bulk
inserts and updates, raw SQL) the stored time is the newest "available" report of its charge
points, and the lists' ``available`` filter gives exactly the stations a brute-force check of
every charge point gives, without reading a charge point."""

import importlib
import random
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.charging import live, services
from apps.charging.models import ChargePoint, ChargePointStatus, ChargingStation, status_max_age
from apps.places.filters import IN_PLACE_VENDORS
from apps.places.models import Facility
from tests.charging.factories import ChargePointFactory, StationFactory
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db

STATUSES = list(ChargePointStatus.values)


def _stored() -> dict:
    return dict(Facility._base_manager.filter(kind="charging").values_list("pk", "free_reported_at"))


def _brute_force_newest() -> dict:
    newest = dict.fromkeys(ChargingStation.objects.values_list("pk", flat=True))
    for point in ChargePoint.objects.all():
        at = point.status_reported_at
        if point.status == ChargePointStatus.AVAILABLE and at is not None:
            newest[point.station_id] = max(at, newest[point.station_id] or at)
    return newest


def _brute_force_free(now) -> set:
    return {p.station_id for p in ChargePoint.objects.all() if p.live_status(now) == ChargePointStatus.AVAILABLE}


def _listed(api_client, available: str) -> set:
    ids, url = set(), "/api/v1/charging-stations/"
    params = {"available": available, "page_size": 100}
    while url:
        response = api_client.get(url, params)
        assert response.status_code == 200, response.content
        ids |= {row["id"] for row in response.json()["results"]}
        url, params = response.json()["next"], None
    return ids


def test_kept_right_through_every_write_and_the_lists_agree_with_brute_force(api_client):
    rng = random.Random(21)
    now = timezone.now()
    fresh, stale = now - timedelta(minutes=5), now - status_max_age() - timedelta(minutes=5)
    stations = [StationFactory() for _ in range(12)]
    points = []
    for _ in range(30):
        points.append(ChargePointFactory(station=rng.choice(stations), status=rng.choice(STATUSES),
                                         status_reported_at=rng.choice([fresh, stale, None])))
    assert _stored() == _brute_force_newest()
    for step in range(60):
        point = rng.choice(points)
        action = rng.randrange(5)
        if action == 0:  # an operator's report (applied when newer)
            services.charge_point_status_report(charge_point=point, status=rng.choice(STATUSES),
                                                reported_at=now - timedelta(minutes=rng.randint(0, 200)))
        elif action == 1:  # an admin's edit
            point.status = rng.choice(STATUSES)
            point.status_reported_at = rng.choice([fresh, stale, None])
            point.save()
        elif action == 2:  # moved to another station
            point.station = rng.choice(stations)
            point.save()
        elif action == 3 and len(points) > 5:
            points.remove(point)
            point.delete()
        else:  # the station saved with what it read before a report came in
            station = ChargingStation.objects.get(pk=point.station_id)
            services.charge_point_status_report(charge_point=point, status=ChargePointStatus.AVAILABLE)
            station.name = f"站{step}"
            station.save()
        assert _stored() == _brute_force_newest(), (step, action)
    free = _brute_force_free(timezone.now())
    assert free and set(ChargingStation.objects.available_now().values_list("pk", flat=True)) == free
    everyone = set(ChargingStation.objects.values_list("pk", flat=True))
    assert set(ChargingStation.objects.available_now(negate=True).values_list("pk", flat=True)) == everyone - free
    assert _listed(api_client, "true") == free
    assert _listed(api_client, "false") == everyone - free


def test_freshness_is_judged_at_the_request_not_when_stored():
    station = ChargePointFactory(status_reported_at=timezone.now() - timedelta(minutes=10)).station
    later = timezone.now() + status_max_age()  # the report has aged out since, nothing rewritten
    assert list(ChargingStation.objects.available_now().values_list("pk", flat=True)) == [station.pk]
    assert list(ChargingStation.objects.available_now(later).values_list("pk", flat=True)) == []
    assert list(ChargingStation.objects.available_now(later, negate=True).values_list("pk", flat=True)) == [station.pk]


def test_bulk_and_raw_writes_are_kept_and_the_list_reads_no_charge_point(api_client):
    busy = ChargePointFactory(status=ChargePointStatus.CHARGING)
    free = ChargePointFactory()
    gone = ChargePointFactory()
    ChargePoint.objects.filter(pk=busy.pk).update(status=ChargePointStatus.AVAILABLE)
    ChargePoint.objects.filter(pk=free.pk).update(status=ChargePointStatus.OUT_OF_ORDER)
    ChargePoint.objects.bulk_create([ChargePoint(station_id=free.station_id, code="BULK1", status="available",
                                                 status_reported_at=timezone.now() - status_max_age() * 2)])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM charging_chargepoint WHERE id = %s", [gone.pk])
    assert _stored() == _brute_force_newest()
    assert _stored()[gone.station_id] is None and _stored()[free.station_id] is not None
    assert live.refresh() == 0  # (nothing left to put right)
    with CaptureQueriesContext(connection) as queries:
        assert _listed(api_client, "true") == {busy.station_id}
    page_queries = [q["sql"] for q in queries if 'FROM "charging_chargingstation"' in q["sql"]
                    or 'FROM "places_facility"' in q["sql"]]
    assert page_queries and not [sql for sql in page_queries if "charging_chargepoint" in sql.split(" WHERE ")[-1]]


def test_the_migration_fills_every_station_and_refresh_puts_rows_right():
    free = ChargePointFactory()
    busy = ChargePointFactory(status=ChargePointStatus.CHARGING)
    migration = importlib.import_module("apps.charging.migrations.0008_station_free_reported_at")
    editor = SimpleNamespace(connection=connection)  # (all the migration reads of its schema editor)
    migration.remove(django_apps, editor)  # (backwards: the triggers go)
    Facility._base_manager.update(free_reported_at=timezone.now())
    ChargePoint.objects.filter(pk=busy.pk).update(status_reported_at=timezone.now())
    assert set(_stored().values()) != {free.status_reported_at, None}  # nothing kept it
    migration.install_and_fill(django_apps, editor)
    assert _stored() == {free.station_id: free.status_reported_at, busy.station_id: None}
    migration.install_and_fill(django_apps, SimpleNamespace(connection=connection))  # again: nothing changes
    assert _stored() == {free.station_id: free.status_reported_at, busy.station_id: None}


@pytest.mark.parametrize("available", ["true", "false"])
def test_free_now_in_a_place_is_read_from_the_community_index(api_client, available):
    """A sub-district's or community's list filtered by ``available`` first asks the community
    index for the ids free (or not) there (apps.places.filters._in_place, SQLite): few, the
    list reads those by id; the rows are those of a brute-force check either way."""
    here, elsewhere = CommunityFactory(), CommunityFactory()
    free = ChargePointFactory(station=StationFactory(community=here)).station
    busy = [ChargePointFactory(station=StationFactory(community=here), status=ChargePointStatus.CHARGING).station
            for _ in range(2)]
    ChargePointFactory(station=StationFactory(community=elsewhere))
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get("/api/v1/charging-stations/", {"community": here.pk, "available": available})
    assert response.status_code == 200, response.content
    expected = [free.pk] if available == "true" else sorted(s.pk for s in busy)
    assert [row["id"] for row in response.json()["results"]] == expected
    candidates = [q["sql"] for q in queries if q["sql"].startswith('SELECT id FROM "places_facility"')]
    if connection.vendor not in IN_PLACE_VENDORS:
        assert candidates == []
        return
    assert len(candidates) == 1 and "free_reported_at" in candidates[0]
    page = [q["sql"] for q in queries if 'AS "pk" FROM "charging_chargingstation"' in q["sql"]]
    assert len(page) == 1 and f'IN ({", ".join(str(pk) for pk in expected)})' in page[0]


def test_generated_stations_are_filled_once_and_the_triggers_are_back():
    """``generate_facilities`` writes the charge points with the triggers off
    (``live.loading``) and fills the new stations once: the same times as the triggers keep,
    and the triggers keep them again afterwards."""
    from apps.places.generation import generate_facilities

    CommunityFactory()
    kept_before = ChargePointFactory()  # a station from before: left as it was
    generate_facilities(count=40, seed=8, kind="charging")
    stored = _stored()
    assert len(stored) == 41 and stored == _brute_force_newest()
    assert any(stored.values()) and None in stored.values()  # (free ones and others, seed 8)
    assert stored[kept_before.station_id] == kept_before.status_reported_at
    point = ChargePoint.objects.exclude(station_id=kept_before.station_id).filter(status="available").first()
    ChargePoint.objects.filter(station_id=point.station_id).update(status=ChargePointStatus.CHARGING)
    assert _stored()[point.station_id] is None  # kept by the triggers again


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigger functions")
def test_postgresql_trigger_functions_plan_their_query_at_each_call():
    """A plan kept from when the charge point table was empty scanned the whole table at every
    later call (generate_facilities at 1M never finished): both functions are planned each call."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname, proconfig FROM pg_proc WHERE proname IN "
                       "('charging_free_reported_at', 'charging_free_kept')")
        found = dict(cursor.fetchall())
    assert found == {name: ["plan_cache_mode=force_custom_plan"]
                     for name in ("charging_free_reported_at", "charging_free_kept")}


def test_loading_puts_the_triggers_back_when_its_block_fails():
    from django.db import transaction

    station = StationFactory()
    with transaction.atomic():
        with pytest.raises(ZeroDivisionError), live.loading(connection, ids=(station.pk, station.pk)):
            1 / 0  # noqa: B018
        point = ChargePointFactory(station=station)  # written after, in the same transaction
    assert _stored()[station.pk] == point.status_reported_at
