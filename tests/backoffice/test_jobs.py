# ruff: noqa: F403, F405
"""Bulk jobs (issue 7, issue 10 faults): large imports and exports as Celery tasks with a
progress page and a private download; idempotent runs; a re-run after a killed run."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from apps.backoffice import progress, services, tasks
from apps.backoffice.models import BulkJob, JobStatus
from apps.canteens.models import Canteen
from tests.canteens.factories import CanteenFactory
from tests.downloads import assert_download

from .bulk import *  # fixtures and helpers

pytestmark = pytest.mark.django_db


def _rows(n, prefix="J"):
    return [canteen_row(f"{prefix}-{i:04d}") for i in range(n)]


def _job_id(response) -> int:
    assert response.status_code == 302, response.content.decode()[:2000]
    return int(response["Location"].rstrip("/").split("/")[-2])


def test_large_import_runs_as_a_task_with_progress_and_confirmation(
        client, district_admin, community_a, settings, django_capture_on_commit_callbacks):
    settings.BACKOFFICE_INLINE_MAX_ROWS = 5
    login(client, district_admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("admin:backoffice_import", args=["canteens.canteen"]),
                               {"file": csv_upload(_rows(12))})
    preview = BulkJob.objects.get(pk=_job_id(response))
    assert preview.status == JobStatus.QUEUED and len(callbacks) == 1  # queued on commit, not run

    page = client.get(reverse("admin:backoffice_job", args=[preview.pk])).content.decode()
    assert '<meta http-equiv="refresh"' in page
    assert '<progress id="job-progress" max="12" value="0"' in page and '<label for="job-progress">' in page
    cache.set(f"backoffice:job:{preview.pk}:progress", (6, 12))  # what a running worker reports
    state = client.get(reverse("admin:backoffice_progress", args=[preview.pk])).json()
    assert state == {"id": preview.pk, "status": "queued", "done": 6, "total": 12, "finished": False,
                     "errors": 0, "counts": {}, "download": None}
    assert 'value="6"' in client.get(reverse("admin:backoffice_job", args=[preview.pk])).content.decode()

    callbacks[0]()  # the task (eager here) runs the preview
    preview.refresh_from_db()
    assert preview.status == JobStatus.DONE and preview.counts["new"] == 12 and not Canteen.objects.exists()
    page = client.get(reverse("admin:backoffice_job", args=[preview.pk])).content.decode()
    assert '<meta http-equiv="refresh"' not in page and 'value="12"' in page

    with django_capture_on_commit_callbacks(execute=True):
        job = BulkJob.objects.get(pk=_job_id(client.post(reverse("admin:backoffice_confirm", args=[preview.pk]))))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and Canteen.objects.count() == 12


def test_large_export_runs_as_a_task_and_only_the_requester_downloads(
        client, district_admin, official_a, community_a, settings, django_capture_on_commit_callbacks):
    for i in range(7):
        CanteenFactory(code=f"E-{i}", community=community_a)
    settings.BACKOFFICE_INLINE_MAX_ROWS = 5
    login(client, district_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:backoffice_export", args=["canteens.canteen"]), {"format": "xlsx"})
    job = BulkJob.objects.get(pk=_job_id(response))
    assert job.status == JobStatus.DONE and job.total == 7 and job.result_file.name.startswith("bulk/exports/")
    assert job.result_file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))  # never under MEDIA_ROOT
    assert not job.result_file.path.startswith(str(settings.MEDIA_ROOT))
    state = client.get(reverse("admin:backoffice_progress", args=[job.pk])).json()
    assert state["finished"] and state["download"] == reverse("admin:backoffice_download", args=[job.pk])
    page = client.get(reverse("admin:backoffice_job", args=[job.pk])).content.decode()
    assert reverse("admin:backoffice_download", args=[job.pk]) in page
    download = client.get(reverse("admin:backoffice_download", args=[job.pk]))
    body = b"".join(download.streaming_content)
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert_download(download, private=True)
    # issue 18 item 12: encrypted at rest, served in clear to the requester
    from apps.core.filecrypt import MAGIC

    with open(job.result_file.path, "rb") as stored:
        assert stored.read(len(MAGIC)) == MAGIC
    assert body.startswith(b"PK")  # the clear xlsx (a zip)

    login(client, official_a)  # another member of staff: the job does not exist for them
    for name in ("admin:backoffice_download", "admin:backoffice_job", "admin:backoffice_progress"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert job.pk not in [j.pk for j in client.get(reverse("admin:backoffice_bulkjob_changelist")).context["cl"].result_list]
    client.logout()
    assert client.get(reverse("admin:backoffice_download", args=[job.pk])).status_code == 302  # to the login

    # expired: the file is deleted by the hourly purge and the link answers 410
    login(client, district_admin)
    BulkJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert client.get(reverse("admin:backoffice_download", args=[job.pk])).status_code == 410
    path = job.result_file.path
    assert tasks.purge_expired() == 1
    job.refresh_from_db()
    assert job.purged_at is not None
    import os

    assert not os.path.exists(path)


def _queued_import(user, n, prefix="R"):
    preview = services.import_preview_create(user=user, label="canteens.canteen", uploaded=csv_upload(_rows(n, prefix)))
    return BulkJob.objects.create(kind="import", model_label="canteens.canteen", requested_by=user, file_format="csv",
                                  input_file=preview.input_file.name, total=n, token=f"t-{prefix}")


def test_task_rerun_of_a_finished_job_does_nothing(district_admin, community_a):
    job = _queued_import(district_admin, 3)
    tasks.run_bulk_job(job.pk)
    job.refresh_from_db()
    finished_at, attempts = job.finished_at, job.attempts
    assert job.status == JobStatus.DONE and Canteen.objects.count() == 3
    tasks.run_bulk_job(job.pk)  # acks_late re-delivery of the same message
    tasks.run_bulk_job(job.pk)
    job.refresh_from_db()
    assert (job.finished_at, job.attempts) == (finished_at, attempts) and Canteen.objects.count() == 3


def test_rerun_of_a_half_done_job_restarts_cleanly(district_admin, community_a):
    """What a worker killed mid-import leaves: the job "running", nothing imported (the import
    is one transaction). The sweeper sends it again; it runs from the first row, once."""
    job = _queued_import(district_admin, 4)
    BulkJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1,
                                             created_at=timezone.now() - dt.timedelta(hours=1))
    cache.set(f"backoffice:job:{job.pk}:progress", (2, 4))
    assert services.bulk_jobs_sweep() == 1  # eager here: the task runs right away
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and job.counts["new"] == 4
    assert sorted(Canteen.objects.values_list("code", flat=True)) == [f"R-{i:04d}" for i in range(4)]
    assert services.bulk_jobs_sweep() == 0
    assert progress.current(job) == (4, 4)


def test_a_job_interrupted_too_often_is_given_up(district_admin, community_a, settings):
    job = _queued_import(district_admin, 2)
    BulkJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=settings.BACKOFFICE_MAX_ATTEMPTS
                                             if hasattr(settings, "BACKOFFICE_MAX_ATTEMPTS") else 3)
    services.bulk_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error and not Canteen.objects.exists()


def test_retries_after_database_errors_do_not_use_up_the_attempts(district_admin, community_a):
    """An attempt that ended because the database went away is retried by Celery with a higher
    retry number: it is not one of the interrupted attempts that give a job up, however many
    there were before. The same message delivered again (a killed worker) still counts."""
    job = _queued_import(district_admin, 2)
    # what an attempt at retry 2 leaves when the database goes away: running, attempts used up
    BulkJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=services.max_attempts(),
                                             last_delivery=2)
    tasks.run_bulk_job.apply(args=[job.pk], retries=3)  # Celery's autoretry after the error
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and Canteen.objects.count() == 2
    assert (job.attempts, job.last_delivery) == (services.max_attempts(), 3)


def test_a_killed_worker_redelivering_a_retried_message_still_counts(district_admin, community_a):
    job = _queued_import(district_admin, 2)
    BulkJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=services.max_attempts(),
                                             last_delivery=3)
    tasks.run_bulk_job.apply(args=[job.pk], retries=3)  # the same message again after a kill
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error and not Canteen.objects.exists()  # "interrupted 3 times"


def test_an_unexpected_error_fails_the_job_without_a_partial_import(district_admin, community_a, monkeypatch):
    job = _queued_import(district_admin, 3)
    from apps.places import registry

    def broken(ids):
        raise RuntimeError("listener bug")

    monkeypatch.setattr(registry, "facilities_changed", broken)
    services.bulk_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error
    assert not Canteen.objects.exists()


def test_progress_json_is_private_and_not_cached(client, district_admin, official_a, community_a):
    job = _queued_import(district_admin, 2)
    login(client, district_admin)
    response = client.get(reverse("admin:backoffice_progress", args=[job.pk]))
    assert "no-store" in response["Cache-Control"] and json.loads(response.content)["total"] == 2
    login(client, official_a)
    assert client.get(reverse("admin:backoffice_progress", args=[job.pk])).status_code == 404
    assert client.post(reverse("admin:backoffice_confirm", args=[job.pk])).status_code == 404


def test_a_job_whose_requester_lost_the_permission_imports_nothing(district_admin, community_a):
    from django.contrib.auth.models import Group

    job = _queued_import(district_admin, 2)
    district_admin.groups.set(Group.objects.none())
    services.bulk_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error and not Canteen.objects.exists()
