"""apps.core.probes.RowProbe: the same rows as Django's Exists, and on PostgreSQL a subplan
probed per row read (no semi-join or hashed subplan built before the list's first row)."""

from datetime import time

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef

from apps.core.probes import RowProbe
from apps.places.models import Facility, OpeningHours
from tests.canteens.factories import CanteenFactory

pytestmark = pytest.mark.django_db


def _lists(probe):
    hours = OpeningHours.objects.filter(facility_id=OuterRef("pk"), weekday=2)
    return Facility.objects.filter(probe(hours)).order_by("id")


def test_same_rows_as_exists():
    with_hours, _without = CanteenFactory(), CanteenFactory()
    OpeningHours.objects.create(facility=with_hours, weekday=2, opens=time(8), closes=time(17))
    assert list(_lists(RowProbe)) == list(_lists(Exists)) == [with_hours.facility_ptr]
    assert list(Facility.objects.exclude(pk=with_hours.pk).filter(
        RowProbe(OpeningHours.objects.filter(facility_id=OuterRef("pk"))))) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_postgresql_probes_per_row():
    CanteenFactory()

    def plan(queryset):
        sql, params = queryset.values_list("pk", flat=True)[:21].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall()), sql

    exists_plan, _sql = plan(_lists(Exists))
    probe_plan, probe_sql = plan(_lists(RowProbe))
    assert "SubPlan" not in exists_plan  # Django's EXISTS: pulled up into a join (of some kind)
    assert "OFFSET 0" in probe_sql
    assert "Join" not in probe_plan and "hashed" not in probe_plan
    assert "SubPlan" in probe_plan  # a probe per row read


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_open_now_probes_per_row_on_postgresql():
    from django.utils import timezone

    from apps.places.selectors import open_at_q

    CanteenFactory()
    sql, params = Facility.objects.filter(open_at_q(timezone.localtime())).order_by("id")[:21].query.sql_with_params()
    assert sql.count("LIMIT 1 OFFSET 0") == 3  # the exception on the day, the open exception, the weekly hours
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "hashed" not in plan and "Semi Join" not in plan
