"""Bulk imports and exports as jobs.

A job is created by the admin pages (``import_preview_create``, ``import_confirm``,
``export_create``) and run by :func:`bulk_job_run`: right away in the request when it has at
most ``BACKOFFICE_INLINE_MAX_ROWS`` rows (default 500), else by the thin Celery task
``apps.backoffice.tasks.run_bulk_job(job_id)`` scheduled on commit.

Running is idempotent and safe under ``acks_late`` re-delivery:

* a finished job (done or failed) is never run again;
* the work runs inside one transaction that holds the job row locked (``SELECT … FOR
  UPDATE``): a second delivery while the first still runs skips the row and returns; the
  import itself is atomic, so a worker killed mid-import leaves nothing behind, and the next
  run starts again from the first row;
* the job's status, counts, report and the audit row of an unmasked export are written in
  that same transaction, so they are there exactly once, together with the imported rows.

A job left queued or running by a killed worker is sent again by the beat sweeper
(:func:`bulk_jobs_sweep`); after ``BACKOFFICE_MAX_ATTEMPTS`` interrupted runs it is marked
failed. A run that ended because the database went away is retried by Celery (up to the
task's ``max_retries``) and does not count as one of those attempts.
Result and input files are private (``PRIVATE_MEDIA_ROOT``) and deleted when they expire
(:func:`bulk_jobs_purge_expired`, hourly); the search terms, row results and reasons of jobs
older than ``BACKOFFICE_JOB_RETENTION_DAYS`` are cleared (:func:`bulk_jobs_clear_old`, nightly).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import tempfile

from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts.scoping import scoped_sub_district_ids
from apps.core import filecrypt
from apps.core.queue import task

from . import changelists, files, kinds, progress
from .models import FINISHED, BulkJob, JobKind, JobStatus

logger = logging.getLogger(__name__)

RUN_BULK_JOB = "apps.backoffice.tasks.run_bulk_job"
PREVIEW_ROWS = 1000  # row results kept for the preview page
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def inline_max_rows() -> int:
    return int(getattr(settings, "BACKOFFICE_INLINE_MAX_ROWS", 500))


def max_rows() -> int:
    return int(getattr(settings, "BACKOFFICE_MAX_ROWS", 50_000))


def result_ttl() -> dt.timedelta:
    return dt.timedelta(hours=float(getattr(settings, "BACKOFFICE_RESULT_TTL_HOURS", 24)))


def max_attempts() -> int:
    return int(getattr(settings, "BACKOFFICE_MAX_ATTEMPTS", 3))


def sweep_after() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "BACKOFFICE_SWEEP_AFTER_SECONDS", 300)))


def _schedule(job: BulkJob, rows: int) -> None:
    if rows <= inline_max_rows():
        bulk_job_run(job_id=job.pk)
        job.refresh_from_db()
        return
    transaction.on_commit(lambda: task(RUN_BULK_JOB).delay(job.pk))


# --- creating jobs --------------------------------------------------------------------------
def import_preview_create(*, user, label: str, uploaded) -> BulkJob:
    """Check the upload, store it privately and preview it (every row checked, nothing saved)."""
    if not changelists.can_import(user, label):
        raise PermissionDenied
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": [_("The file is larger than 10 MB; split it into smaller files.")]})
    data = uploaded.read()
    file_format = files.detect_format(uploaded.name, data[:8])
    dataset = files.read_dataset(data, file_format, max_rows=max_rows())
    _check_headers(label, dataset.headers)
    uploaded.seek(0)
    job = BulkJob(
        kind=JobKind.IMPORT, dry_run=True, model_label=label, requested_by=user, file_format=file_format,
        input_name=uploaded.name[:200], total=len(dataset), token=secrets.token_hex(16),
    )
    job.input_file.save(f"input.{file_format}", uploaded, save=False)
    job.save()
    _schedule(job, len(dataset))
    return job


def _check_headers(label: str, headers: list[str]) -> None:
    known = kinds.import_columns(label)
    unknown = [h for h in headers if h not in known]
    errors = []
    if "code" not in headers:
        errors.append(_("The file needs a “code” column: rows are matched on it."))
    if unknown:
        errors.append(_("Unknown columns: %(names)s. The columns are: %(known)s.") % {
            "names": ", ".join(unknown), "known": ", ".join(known)})
    if errors:
        raise ValidationError({"file": errors})


def import_confirm(*, preview: BulkJob, user) -> BulkJob:
    """Import the previewed file for real (once: confirming twice gives the same job)."""
    if preview.requested_by_id != user.pk or preview.kind != JobKind.IMPORT or not preview.dry_run:
        raise PermissionDenied
    if not changelists.can_import(user, preview.model_label):
        raise PermissionDenied
    existing = BulkJob.objects.filter(confirms=preview).first()
    if existing is not None:
        return existing
    if preview.status != JobStatus.DONE or preview.error_report:
        raise ValidationError(_("Only a preview without errors can be imported."))
    if preview.purged_at or (preview.expires_at and preview.expires_at <= timezone.now()):
        raise ValidationError(_("This preview has expired; upload the file again."))
    try:
        with transaction.atomic():
            job = BulkJob.objects.create(
                kind=JobKind.IMPORT, dry_run=False, confirms=preview, model_label=preview.model_label,
                requested_by=user, file_format=preview.file_format, input_file=preview.input_file.name,
                input_name=preview.input_name, total=preview.total, token=secrets.token_hex(16),
            )
    except IntegrityError:  # a concurrent confirmation won
        return BulkJob.objects.get(confirms=preview)
    _schedule(job, job.total)
    return job


def export_create(*, user, model_admin, query: dict, file_format: str, reveal: bool = False,
                  reason: str = "") -> BulkJob:
    """An export of the change list as ``user`` sees it with ``query``. Personal data is
    masked unless ``reveal`` is asked by a user who may reveal it (with a reason)."""
    label = model_admin.model._meta.label_lower
    queryset = changelists.changelist_queryset(model_admin, user, query)
    reveal = bool(reveal) and kinds.has_personal_data(model_admin.model)
    if reveal:
        if not kinds.may_reveal(user, model_admin.model):
            raise PermissionDenied
        reason = (reason or "").strip()
        if len(reason) < 5:
            raise ValidationError({"reason": [_("Say why you need the full personal data (at least 5 characters).")]})
    total = queryset.count()
    job = BulkJob.objects.create(
        kind=JobKind.EXPORT, model_label=label, requested_by=user, file_format=file_format, query=query,
        reveal=reveal, reason=reason[:300], total=total, token=secrets.token_hex(16),
    )
    _schedule(job, total)
    return job


# --- running jobs ---------------------------------------------------------------------------
def bulk_job_run(*, job_id: int, delivery: int = 0) -> BulkJob | None:
    """Run a job once; see the module docstring for the guarantees. ``delivery`` is the
    Celery retry number of the task message (0 for a first delivery, a re-delivery after a
    killed worker and the sweeper's re-send; higher after a database error)."""
    with transaction.atomic():
        job = BulkJob.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
        if job is None or job.status in FINISHED:
            return job  # gone, finished, or being run right now by another worker
        after_database_error = delivery > job.last_delivery
        if not after_database_error and job.attempts >= max_attempts():
            _fail(job, _("The job was interrupted %(count)d times and was given up.") % {"count": job.attempts})
            return job
        job.status = JobStatus.RUNNING
        if not after_database_error:
            job.attempts += 1
        job.last_delivery = delivery
        job.started_at = timezone.now()
        job.done = 0
        job.save(update_fields=["status", "attempts", "last_delivery", "started_at", "done"])
    user = job.requested_by
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            with transaction.atomic():
                job = BulkJob.objects.select_for_update().get(pk=job_id)
                if job.status in FINISHED:
                    return job
                if user is None or not user.is_active:
                    _fail(job, _("The person who asked for this job can no longer use the back office."))
                elif job.kind == JobKind.IMPORT:
                    _run_import(job, user)
                else:
                    _run_export(job, user)
                return job
        except OperationalError:
            raise  # the database went away: the task retries, the sweeper recovers
        except Exception:
            logger.exception("bulk job %s failed", job_id)
            with transaction.atomic():
                job = BulkJob.objects.select_for_update().get(pk=job_id)
                if job.status not in FINISHED:
                    _fail(job, _("The job failed unexpectedly; nothing was changed. Please try again or tell the "
                                  "portal team."))
            return job
        finally:
            progress.clear(job_id)


def _fail(job: BulkJob, message: str) -> None:
    job.status = JobStatus.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.expires_at = job.finished_at + result_ttl()
    job.save()


def _finish(job: BulkJob, status: str) -> None:
    job.status = status
    job.done = job.total
    job.finished_at = timezone.now()
    job.expires_at = job.finished_at + result_ttl()
    job.save()


def _run_import(job: BulkJob, user) -> None:
    if not changelists.can_import(user, job.model_label):
        _fail(job, _("You may no longer import these rows."))
        return
    resource_class = kinds.import_resources()[job.model_label]
    with job.input_file.open("rb") as handle:
        data = handle.read()
    dataset = files.read_dataset(data, job.file_format, max_rows=max_rows())
    job.total = len(dataset)
    app_label, model_name = job.model_label.split(".")
    resource = resource_class()
    reporter = progress.Reporter(job.pk, job.total)
    resource.progress_callback = reporter.row_done
    result = resource.import_data(
        dataset, dry_run=job.dry_run, scope=scoped_sub_district_ids(user), user=user,
        may_add=user.has_perm(f"{app_label}.add_{model_name}"),
        may_change=user.has_perm(f"{app_label}.change_{model_name}"),
    )
    rows, errors, counts = summarise(result)
    job.rows = rows[:PREVIEW_ROWS]
    job.error_report = errors
    job.counts = counts
    _finish(job, JobStatus.FAILED if errors and not job.dry_run else JobStatus.DONE)
    if errors and not job.dry_run:
        job.error = _("Nothing was imported: the file has errors (see the report).")
        job.save(update_fields=["error"])


def summarise(result) -> tuple[list[dict], list[dict], dict]:
    """Row results, the row-level error report and counts, in plain JSON. Row numbers are
    spreadsheet rows: the column names are row 1, the first data row is row 2."""
    rows, errors = [], []
    counts = {"new": 0, "update": 0, "skip": 0, "error": 0}
    for base in result.base_errors:
        errors.append({"row": None, "field": "", "message": _(
            "The file could not be processed; check that its columns match the template.")})
        logger.warning("bulk import base error: %r", base.error)
    invalid = {row.number: row for row in result.invalid_rows}
    failed = dict(result.row_errors())
    for number, row_result in enumerate(result.rows, 1):
        kind = row_result.import_type
        line = number + 1
        if kind in ("invalid", "error"):
            counts["error"] += 1
        elif kind in counts:
            counts[kind] += 1
        rows.append({"row": line, "result": kind, "object": str(row_result.object_repr or "")[:200]})
    for number, invalid_row in sorted(invalid.items()):
        for field, messages in invalid_row.error_dict.items():
            for message in messages:
                errors.append({"row": number + 1, "field": "" if field == "__all__" else field, "message": str(message)})
    for number, row_errors in sorted(failed.items()):
        for error in row_errors:
            logger.warning("bulk import row %s failed: %r", number, error.error)
            if isinstance(error.error, ValueError | ValidationError):
                message = "; ".join(getattr(error.error, "messages", None) or [str(error.error)])
            else:
                message = _("This row could not be saved (%(error)s).") % {"error": type(error.error).__name__}
            errors.append({"row": number + 1, "field": "", "message": message})
    return rows, errors, counts


def _run_export(job: BulkJob, user) -> None:
    model = django_apps.get_model(job.model_label)
    model_admin = changelists.model_admin_for(job.model_label)
    if model_admin is None:
        _fail(job, _("This list cannot be exported."))
        return
    try:
        queryset = changelists.changelist_queryset(model_admin, user, job.query)
    except PermissionDenied:
        _fail(job, _("You may no longer export this list."))
        return
    reveal = job.reveal and kinds.may_reveal(user, model)
    columns, select, prefetch = kinds.export_plan(model)
    if select:
        queryset = queryset.select_related(*select)
    if prefetch:
        queryset = queryset.prefetch_related(*prefetch)
    job.total = queryset.count()
    reporter = progress.Reporter(job.pk, job.total)
    name = f"bulk/exports/{job.token}.{job.file_format}"
    storage = job.result_file.storage
    with tempfile.TemporaryFile() as handle:
        writer = files.TableWriter(job.file_format, handle, title=str(model._meta.verbose_name_plural))
        writer.write([column.header for column in columns])
        count = 0
        for obj in queryset.iterator(chunk_size=1000):
            writer.write([column.value(obj, reveal) for column in columns])
            count += 1
            reporter.row_done(count)
        writer.close()
        handle.seek(0)
        if storage.exists(name):
            storage.delete(name)
        # issue 18 item 12: export files (unmasked ones hold personal data) are encrypted at rest
        with filecrypt.encrypted_tempfile(filecrypt.iter_file(handle)) as sealed:
            saved = storage.save(name, File(sealed))
    job.result_file.name = saved
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    job.result_name = f"{model._meta.model_name}-{stamp}.{job.file_format}"
    job.total = count
    job.counts = {"rows": count}
    if reveal:
        kinds.audit(actor=user, action="export", reason=job.reason or "export",
                    target=f"{job.model_label}: {count} rows, unmasked ({job.file_format}, job {job.pk})")
    _finish(job, JobStatus.DONE)


# --- beat jobs --------------------------------------------------------------------------------
def bulk_jobs_sweep(*, now: dt.datetime | None = None) -> int:
    """Send again every job left queued or running (its worker was killed, or the broker
    lost the message) and not being run right now. Returns how many were sent."""
    run_bulk_job = task(RUN_BULK_JOB)
    now = now or timezone.now()
    before = now - sweep_after()
    sent = 0
    with transaction.atomic():
        stale = list(
            BulkJob.objects.select_for_update(skip_locked=True)
            .filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING], created_at__lt=before)
            .values_list("pk", flat=True)[:100]
        )
    for pk in stale:
        run_bulk_job.delay(pk)
        sent += 1
    if sent:
        logger.info("bulk jobs sent again: %s", sent)
    return sent


def job_retention_days() -> int:
    return int(getattr(settings, "BACKOFFICE_JOB_RETENTION_DAYS", 90))


def bulk_jobs_clear_old(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Clear what finished jobs older than ``BACKOFFICE_JOB_RETENTION_DAYS`` (default 90)
    hold of what was looked for and found (issue 18 item 13): the filters and search terms
    (``query``), the row results and error report (cell values) and the reason given. The
    row stays as a record of who ran what, when, on which data, with its counts; an unmasked
    export's reason stays in the housing-swap audit log. Idempotent; returns the rows cleared."""
    now = now or timezone.now()
    days = job_retention_days() if days is None else days
    before = now - dt.timedelta(days=days)
    old = BulkJob.objects.filter(status__in=FINISHED, created_at__lt=before)
    cleared = old.exclude(query={}, rows=[], error_report=[], reason="")
    count = cleared.update(query={}, rows=[], error_report=[], reason="")
    logger.info("backoffice retention: %s old jobs cleared", count)
    return count


def bulk_jobs_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the private files of expired jobs (the job rows stay, as a record)."""
    now = now or timezone.now()
    count = 0
    for job in BulkJob.objects.filter(expires_at__lt=now, purged_at__isnull=True).iterator():
        for field in (job.result_file, job.input_file):
            if field.name:
                shared = field is job.input_file and BulkJob.objects.filter(
                    input_file=field.name, purged_at__isnull=True).exclude(pk=job.pk).filter(
                    expires_at__gte=now).exists()
                if not shared:
                    field.storage.delete(field.name)
        BulkJob.objects.filter(pk=job.pk).update(purged_at=now)
        count += 1
    return count
