"""Bulk-job rows that hold search terms are cleared after a period (issue 18 item 13)."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.backoffice.models import BulkJob, JobKind, JobStatus
from apps.backoffice.services import bulk_jobs_clear_old

pytestmark = pytest.mark.django_db


def job(token: str, *, age_days: int, status=JobStatus.DONE) -> BulkJob:
    return BulkJob.objects.create(
        kind=JobKind.EXPORT, model_label="housing_swap.application", token=token, status=status,
        query={"q": "张三 13912345678", "status__exact": "submitted"}, reason="核对王某的申请",
        rows=[{"row": 2, "values": {"name": "张三"}}], error_report=[{"row": 3, "message": "张三"}],
        total=5, done=5, counts={"exported": 5},
        created_at=timezone.now() - dt.timedelta(days=age_days),
    )


def test_old_jobs_lose_their_search_terms_and_rows(settings):
    settings.BACKOFFICE_JOB_RETENTION_DAYS = 90
    old, failed, recent = job("a" * 32, age_days=120), job("b" * 32, age_days=120, status=JobStatus.FAILED), \
        job("c" * 32, age_days=10)
    running = job("d" * 32, age_days=120, status=JobStatus.RUNNING)
    assert bulk_jobs_clear_old() == 2
    for cleared in (old, failed):
        cleared.refresh_from_db()
        assert (cleared.query, cleared.rows, cleared.error_report, cleared.reason) == ({}, [], [], "")
        # the record of who ran what, when, with its counts, stays
        assert cleared.model_label == "housing_swap.application" and cleared.counts == {"exported": 5}
    for kept in (recent, running):
        kept.refresh_from_db()
        assert kept.query["q"].startswith("张三")
    assert bulk_jobs_clear_old() == 0  # idempotent


def test_the_clearing_job_runs_nightly():
    from apps.backoffice.beat import SCHEDULE

    assert SCHEDULE["backoffice-clear-old-jobs"]["task"] == "apps.backoffice.tasks.clear_old"
    from apps.backoffice import tasks

    assert tasks.clear_old.name == "apps.backoffice.tasks.clear_old"
