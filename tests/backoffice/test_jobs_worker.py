# ruff: noqa: F403, F405
"""A real ``celery -A portal worker`` killed (SIGKILL) in the middle of a bulk import
(issue 10, faults): nothing of the half-done import stays, and once a new worker runs the
job again (sent by the sweeper, as beat does every minute) every row is imported exactly
once. Needs PostgreSQL and Redis (CI pass 2); skipped elsewhere."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db.models import Count

from apps.backoffice import services, tasks
from apps.backoffice.models import BulkJob, JobStatus
from apps.canteens.models import Canteen
from tests.notices.worker import celery_worker_factory, wait_until  # noqa: F401, F811 - fixture

from .bulk import *  # fixtures and helpers

ROWS = 600


def _csv(n: int) -> bytes:
    lines = ["code,name,address,community,lat,lon,status,seats"]
    lines += [f"K-{i:05d},幸福食堂{i},硚口区解放大道{i}号,CA1,30.58,114.25,published,40" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.worker
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_import_then_the_job_completes_exactly_once(celery_worker_factory, settings, synced,  # noqa: F811
                                                                        community_a):
    user = make_staff("importer", perms=["backoffice.import_data", "canteens.add_canteen", "canteens.change_canteen"])
    job = BulkJob(kind="import", model_label="canteens.canteen", requested_by=user, file_format="csv",
                  input_name="big.csv", total=ROWS, token="worker-kill-test")
    job.input_file.save("big.csv", ContentFile(_csv(ROWS)), save=False)
    job.save()
    env = {"DJANGO_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT)}
    worker = celery_worker_factory(**env)
    tasks.run_bulk_job.delay(job.pk)

    def rows_done():
        value = cache.get(f"backoffice:job:{job.pk}:progress")
        return value and value[0] >= 100

    wait_until(rows_done, timeout=120, interval=0.05, what="the import to be under way")
    worker.kill()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING, "the import finished before the worker was killed; nothing was tested"
    assert job.attempts == 1
    assert not Canteen.objects.exists()  # the half-done import left nothing behind

    celery_worker_factory(**env)
    settings.BACKOFFICE_SWEEP_AFTER_SECONDS = 0

    def finished():
        job.refresh_from_db()
        if job.attempts < 2:
            services.bulk_jobs_sweep()  # what beat does every minute (a running job is skipped)
        return job.finished

    wait_until(finished, timeout=300, interval=1, what="the job to finish after the restart")
    assert job.status == JobStatus.DONE, (job.error, job.error_report[:3])
    assert job.attempts == 2 and job.counts["new"] == ROWS
    assert Canteen.objects.count() == ROWS
    assert not Canteen.objects.values("code").annotate(n=Count("id")).filter(n__gt=1).exists()

    # a late re-delivery of the first message changes nothing
    services.bulk_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.attempts == 2 and Canteen.objects.count() == ROWS
