"""A Celery worker killed (SIGKILL) in the middle of a task other than notices (issue 10),
with PostgreSQL, Redis and real ``celery -A portal worker`` processes: the housing-swap
retention task and the coverage recompute task. Tasks are acknowledged late, so Redis
re-delivers the message of the dead worker to a new one (the test workers use a visibility
timeout of seconds instead of an hour, tests/security/worker_settings.py); the task then
runs to completion, and the result is as if it had run exactly once: every expired
application anonymised with one audit row each, every coverage result stored once and the
ones stored before the kill not rewritten.

``tests/security/fault_hooks.py`` slows one step of each task down in the worker so the kill
lands mid-task; the tests check that it did."""

import datetime as dt
import os

import pytest
from django.db.models import Count
from django.utils import timezone

from apps.coverage import compute
from apps.coverage.models import CoverageResult, PendingFacilityChange, coverage_kinds
from apps.coverage.standards import reaches
from apps.housing_swap import services as housing_services
from apps.housing_swap.models import Application, AuditAction, AuditLog, Status
from tests.factories import CommunityFactory, FacilityFactory, SubDistrictFactory, UserFactory
from tests.housing_swap.factories import RoundFactory, payload
from tests.notices.worker import wait_until

pytestmark = [
    pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker, pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

WORKER = {"DJANGO_SETTINGS_MODULE": "tests.security.worker_settings", "PORTAL_TEST_VISIBILITY_TIMEOUT": "3"}


# -- housing-swap retention ----------------------------------------------------------------


def _expired_applications(n: int) -> list[int]:
    round_ = RoundFactory()
    ids = []
    for i in range(n):
        user = UserFactory(username=f"retained{i}")
        data = payload(round_)
        data.pop("round")
        application = housing_services.application_submit_new(round_=round_, applicant=user, data=data)
        housing_services.application_withdraw(application=application, actor=user, note="")
        ids.append(application.pk)
    Application.objects.filter(pk__in=ids).update(status_changed_at=timezone.now() - dt.timedelta(days=400))
    return ids


def test_retention_task_killed_mid_run_completes_once(celery_worker_factory, settings):
    from apps.housing_swap.tasks import anonymise_expired_applications

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ids = _expired_applications(6)
    anonymised = Application.objects.filter(pk__in=ids, anonymised_at__isnull=False)
    audits = AuditLog.objects.filter(action=AuditAction.ANONYMISE)

    # each anonymisation waits 1.5 s after its audit row, inside its transaction
    worker = celery_worker_factory(**WORKER, PORTAL_TEST_SLOW_AUDIT="1.5")
    anonymise_expired_applications.delay()
    wait_until(lambda: anonymised.count() >= 2, timeout=120, what="the first anonymisations")
    worker.kill()
    done_before = anonymised.count()
    assert done_before < len(ids), "the task finished before the kill; nothing was tested"
    assert audits.count() == done_before  # the one in flight was rolled back with its audit row

    celery_worker_factory(**WORKER)  # full speed; gets the re-delivered message
    wait_until(lambda: anonymised.count() == len(ids), timeout=180, interval=0.5,
               what="the re-delivered task to anonymise the rest")

    assert audits.count() == len(ids)
    per_application = dict(audits.values_list("application_id").annotate(n=Count("id")).values_list("application_id", "n"))
    assert per_application == dict.fromkeys(ids, 1)
    for application in Application.objects.filter(pk__in=ids):
        assert application.status == Status.WITHDRAWN
        assert application.applicant_name == "" and application.id_number == "" and application.phone == ""
    # the same task once more changes nothing
    assert housing_services.applications_anonymise_expired() == 0
    assert audits.count() == len(ids)


# -- coverage recompute ----------------------------------------------------------------------


def _district_with_facilities():
    street = SubDistrictFactory(code="S9", name="测试街道", name_en="Test")
    communities = [
        CommunityFactory(code=f"KW{i}", name=f"社区{i}", sub_district=street,
                         lat=30.58 + i * 0.004, lon=114.25 + (i % 3) * 0.004, population=1000)
        for i in range(12)
    ]
    facilities = []
    for n, kind in enumerate(coverage_kinds()):
        for j in range(3):
            c = communities[(n * 4 + j * 3) % len(communities)]
            facilities.append(FacilityFactory(kind=kind, community=c, lat=c.lat + 0.001 * (j + 1), lon=c.lon))
    return communities, facilities


def _reference() -> dict[tuple[int, str], tuple]:
    """What one uninterrupted run stores: computed here, in the test process."""
    from apps.coverage.services import _points

    points = _points()
    expected = {}
    for kind, reach in reaches().items():
        if kind not in coverage_kinds():
            continue
        for outcome in compute.compute(points, kind=kind, reach_m=reach):
            nearest = outcome.nearest
            expected[(outcome.community_id, kind)] = (
                nearest.id if nearest else None, round(nearest.distance_m, 2) if nearest else None, outcome.served,
            )
    return expected


def test_coverage_recompute_killed_mid_run_completes_once(celery_worker_factory):
    from apps.coverage.services import pending_mark
    from apps.coverage.tasks import recompute_pending

    communities, facilities = _district_with_facilities()
    # what places reports when facilities are published (apps/coverage/listeners.py)
    pending_mark(facility_ids=[f.pk for f in facilities])
    assert set(PendingFacilityChange.objects.values_list("facility_id", flat=True)) == {f.pk for f in facilities}
    assert not CoverageResult.objects.exists()

    # each kind's computation takes 2 s; a killed run's lock lives 3 s (production: 10 min)
    worker = celery_worker_factory(**WORKER, PORTAL_TEST_SLOW_COVERAGE="2", PORTAL_TEST_COVERAGE_LOCK_SECONDS="3")
    recompute_pending.delay()
    wait_until(lambda: CoverageResult.objects.values("kind").distinct().count() >= 1, timeout=120,
               what="the first kind's results")
    worker.kill()
    stored_before = {
        (cid, kind): computed_at
        for cid, kind, computed_at in CoverageResult.objects.values_list("community_id", "kind", "computed_at")
    }
    kinds_before = {kind for _cid, kind in stored_before}
    assert len(kinds_before) < len(coverage_kinds()), "the task finished before the kill; nothing was tested"
    assert PendingFacilityChange.objects.count() == len(facilities)  # still queued: nothing lost

    celery_worker_factory(**WORKER, PORTAL_TEST_COVERAGE_LOCK_SECONDS="3")
    wait_until(lambda: not PendingFacilityChange.objects.exists(), timeout=240, interval=0.5,
               what="the re-delivered recompute to finish")

    stored = {
        (cid, kind): (nearest_id, distance, served)
        for cid, kind, nearest_id, distance, served in CoverageResult.objects.values_list(
            "community_id", "kind", "nearest_id", "distance_m", "served"
        )
    }
    assert stored == _reference()
    assert len(stored) == len(communities) * len(coverage_kinds())  # one row per community and kind
    # the results stored before the kill were not written again
    for (cid, kind), computed_at in stored_before.items():
        assert CoverageResult.objects.get(community_id=cid, kind=kind).computed_at == computed_at
    assert os.environ.get("PORTAL_TEST_SLOW_COVERAGE") is None  # the hooks live in the worker only
