"""Bulk jobs: one row per import (preview or real) or export, with its progress, its private
input and result files and its row-level error report."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PrivateStorage(FileSystemStorage):
    """Files under ``PRIVATE_MEDIA_ROOT`` (read at each use, so a changed setting is
    honoured), outside MEDIA_ROOT, never with a public URL: only the download view serves
    them, to the requester."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        import os

        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("private files have no public URL")


def private_storage():
    # A callable, so migrations stay stable.
    return PrivateStorage()


def input_upload_to(job, filename):
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"bulk/{timezone.now():%Y/%m}/input-{job.token}.{suffix}"


class JobKind(models.TextChoices):
    IMPORT = "import", _("Import")
    EXPORT = "export", _("Export")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", _("Excel (.xlsx)")


class BulkJob(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=JobKind.choices)
    model_label = models.CharField(_("data"), max_length=100, help_text=_("app_label.model_name"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="bulk_jobs",
        verbose_name=_("requested by"),
    )
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    dry_run = models.BooleanField(
        _("preview only"), default=False,
        help_text=_("An import preview: every row is checked, nothing is saved."),
    )
    confirms = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="confirmation",
        verbose_name=_("confirms the preview"),
    )
    file_format = models.CharField(_("format"), max_length=4, choices=FileFormat.choices, default=FileFormat.CSV)
    token = models.CharField(max_length=32, unique=True, editable=False)
    input_file = models.FileField(_("input file"), storage=private_storage, upload_to=input_upload_to,
                                  blank=True, max_length=200)
    input_name = models.CharField(_("file name"), max_length=200, blank=True)
    query = models.JSONField(_("filters and search"), default=dict, blank=True)
    reveal = models.BooleanField(
        _("unmasked personal data"), default=False,
        help_text=_("The export shows full personal data (the requester may reveal it; audited)."),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    result_file = models.FileField(_("result file"), storage=private_storage, blank=True, max_length=200)
    result_name = models.CharField(_("result name"), max_length=200, blank=True)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    counts = models.JSONField(_("rows by result"), default=dict, blank=True)
    rows = models.JSONField(_("row results"), default=list, blank=True)
    error_report = models.JSONField(_("error report"), default=list, blank=True)
    error = models.TextField(_("failure"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The Celery retry number of the task message that made the last attempt: a higher one
    # next time means that attempt ended in a database error, not a killed worker
    last_delivery = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("files expire at"), null=True, blank=True)
    purged_at = models.DateTimeField(_("files deleted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bulk job")
        verbose_name_plural = _("bulk jobs")
        indexes = [models.Index(fields=["status", "created_at"], name="bulkjob_status_created")]
        permissions = [
            ("import_data", _("Can import rows from CSV or Excel files")),
            ("export_data", _("Can export change lists to CSV or Excel")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.model_label} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def has_errors(self) -> bool:
        return bool(self.error_report) or self.status == JobStatus.FAILED
