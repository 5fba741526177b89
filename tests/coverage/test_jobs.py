import pytest
from django.core.management import call_command

from apps.coverage import beat
from apps.coverage.listeners import facilities_changed
from apps.coverage.models import CoverageResult, CoverageSnapshot, PendingFacilityChange, coverage_kinds
from apps.coverage.tasks import refresh_all
from apps.places import registry
from portal.celery import app

pytestmark = pytest.mark.django_db


def test_refresh_coverage_command(district, canteen_near_first, capsys):
    call_command("refresh_coverage")
    out = capsys.readouterr().out
    assert "canteen: 6 communities" in out
    kinds = len(coverage_kinds())  # canteen, charging, park and every kind added since
    assert CoverageResult.objects.count() == 6 * kinds
    assert CoverageSnapshot.objects.count() == kinds
    call_command("refresh_coverage")  # idempotent
    assert CoverageResult.objects.count() == 6 * kinds and CoverageSnapshot.objects.count() == kinds


def test_nightly_job_is_scheduled_and_registered():
    entry = beat.SCHEDULE["coverage-refresh-all-nightly"]
    assert entry["task"] in app.tasks
    assert entry["task"] == refresh_all.name


def test_nightly_job_recomputes_all_and_drops_the_queue(district, canteen_near_first):
    PendingFacilityChange.objects.create(facility_id=canteen_near_first.pk)
    assert refresh_all.apply().get() == dict.fromkeys(coverage_kinds(), 6)
    assert not PendingFacilityChange.objects.exists()
    assert CoverageSnapshot.objects.filter(kind="canteen", served=2).exists()


def test_listener_is_registered_with_places():
    assert facilities_changed in registry._CHANGE_LISTENERS
