"""Bulk import and export pages in the admin (under /admin/backoffice/bulkjob/).

* ``import/<label>/`` upload a CSV or Excel file -> preview (each row: new, update, skip or
  error, with the row-level error report) -> confirm -> the import (all or nothing);
* ``import/<label>/template.<csv|xlsx>`` an empty file with the columns and a sample row;
* ``export/<label>/?<change-list query>`` export the change list as the user sees it
  (filters, search, row scoping), masked unless revealed with a reason;
* ``<id>/status/`` progress (``<progress>``, refreshes itself without JavaScript), preview,
  report, result; ``<id>/progress.json`` the same figures for scripts;
* ``<id>/download/`` the result file, for the requester only, until it expires.

Every change list of the portal links to the export page (and, for importable models, the
import page) through the project's ``templates/admin/change_list_object_tools.html`` (the
``bulk_tools`` tag: models of ``apps.*`` only), so a new app needs no template for it."""

from __future__ import annotations

import functools
import io

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core import filecrypt
from apps.core.admin_mixins import ReadOnlyAdminMixin
from apps.core.downloads import as_download

from . import changelists, files, kinds, progress, services
from .forms import ExportForm, ImportForm
from .models import BulkJob, FileFormat, JobKind, JobStatus


def _visible_jobs(user):
    jobs = BulkJob.objects.select_related("requested_by")
    return jobs if user.is_superuser else jobs.filter(requested_by=user)


def _own_job(request, pk) -> BulkJob:
    """The job, for its requester (or a superuser); anyone else gets a 404."""
    job = _visible_jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def _bad_request(request, admin_site, title, message, status=400):
    return TemplateResponse(request, "backoffice/message.html", {
        **admin_site.each_context(request), "title": title, "message": message,
    }, status=status)


@admin.register(BulkJob)
class BulkJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "kind", "model_label", "dry_run", "status", "progress_display", "requested_by",
                    "created_at", "finished_at"]
    list_filter = ["kind", "status", "dry_run"]
    list_select_related = ["requested_by"]
    search_fields = ["model_label", "input_name"]
    date_hierarchy = "created_at"
    fields = ["kind", "model_label", "dry_run", "status", "requested_by", "file_format", "input_name", "total",
              "counts", "error", "attempts", "reveal", "reason", "created_at", "started_at", "finished_at",
              "expires_at", "purged_at"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("progress"))
    def progress_display(self, obj):
        done, total = progress.current(obj)
        return f"{done}/{total}"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(requested_by=request.user)


    def _may_use(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and (user.has_perm(kinds.IMPORT_PERM) or user.has_perm(kinds.EXPORT_PERM))

    def has_view_permission(self, request, obj=None):
        if not self._may_use(request):
            return False
        return obj is None or request.user.is_superuser or obj.requested_by_id == request.user.pk

    def has_module_permission(self, request):
        return self._may_use(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:backoffice_job", args=[object_id]))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/<str:label>/", view(self.import_view), name="backoffice_import"),
            path("import/<str:label>/template.<str:fmt>", view(self.template_view), name="backoffice_template"),
            path("export/<str:label>/", view(self.export_view), name="backoffice_export"),
            path("<int:pk>/status/", view(self.job_view), name="backoffice_job"),
            path("<int:pk>/progress.json", view(self.progress_view), name="backoffice_progress"),
            path("<int:pk>/confirm/", view(self.confirm_view), name="backoffice_confirm"),
            path("<int:pk>/download/", view(self.download_view), name="backoffice_download"),
            *self._named_model_urls(),
            *super().get_urls(),
        ]

    def _named_model_urls(self):
        """The same pages also under ``admin:<app>_<model>_export`` / ``_import`` for every
        portal model (the names django-import-export uses), e.g. for the role matrix tests."""
        view = self.admin_site.admin_view
        urls, taken = [], set()
        for model_admin in self.admin_site._registry.values():
            if model_admin is not self and type(model_admin).__module__.startswith("apps."):
                taken.update(p.name for p in model_admin.get_urls() if getattr(p, "name", None))
        for model_admin in changelists.portal_model_admins():
            opts = model_admin.model._meta
            label = opts.label_lower
            if label == "backoffice.bulkjob":
                continue
            name = f"{opts.app_label}_{opts.model_name}_export"
            if name not in taken:
                urls.append(path(f"export/{label}/", view(functools.partial(self.export_view, label=label)), name=name))
            name = f"{opts.app_label}_{opts.model_name}_import"
            if label in kinds.import_resources() and name not in taken:
                urls.append(path(f"import/{label}/", view(functools.partial(self.import_view, label=label)), name=name))
        return urls

    # --- import ------------------------------------------------------------------------------
    def _import_context(self, request, label, form, status=200):
        model_admin = changelists.model_admin_for(label)
        opts = model_admin.model._meta
        return TemplateResponse(request, "backoffice/import_form.html", {
            **self.admin_site.each_context(request),
            "title": _("Import %(what)s") % {"what": opts.verbose_name_plural},
            "opts": opts,
            "form": form,
            "label": label,
            "columns": kinds.import_columns(label),
            "inline_max": services.inline_max_rows(),
        }, status=status)

    def import_view(self, request, label):
        if label not in kinds.import_resources() or changelists.model_admin_for(label) is None:
            raise Http404
        if not changelists.can_import(request.user, label):
            raise PermissionDenied
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    job = services.import_preview_create(user=request.user, label=label, uploaded=form.cleaned_data["file"])
                except ValidationError as error:
                    for message in error.message_dict.get("file", error.messages):
                        form.add_error("file", message)
                else:
                    return HttpResponseRedirect(reverse("admin:backoffice_job", args=[job.pk]))
            return self._import_context(request, label, form, status=400)
        return self._import_context(request, label, ImportForm())

    def template_view(self, request, label, fmt):
        if label not in kinds.import_resources() or fmt not in FileFormat.values:
            raise Http404
        if not changelists.can_import(request.user, label):
            raise PermissionDenied
        columns = kinds.import_columns(label)
        buffer = io.BytesIO()
        writer = files.TableWriter(fmt, buffer, title="import")
        writer.write(columns)
        for sample in kinds.sample_rows(label):
            writer.write([_sample_value(request.user, column, sample.get(column, "")) for column in columns])
        writer.close()
        response = HttpResponse(buffer.getvalue(), content_type=_content_type(fmt))
        return as_download(response, filename=f'{label.split(".")[1]}-template.{fmt}')

    def confirm_view(self, request, pk):
        preview = _own_job(request, pk)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:backoffice_job", args=[pk]))
        try:
            job = services.import_confirm(preview=preview, user=request.user)
        except ValidationError as error:
            return _bad_request(request, self.admin_site, _("Import"), " ".join(error.messages))
        return HttpResponseRedirect(reverse("admin:backoffice_job", args=[job.pk]))

    # --- export ------------------------------------------------------------------------------
    def export_view(self, request, label):
        model_admin = changelists.model_admin_for(label)
        if model_admin is None:
            raise Http404
        if not changelists.can_export(request.user, model_admin, request):
            raise PermissionDenied
        opts = model_admin.model._meta
        may_reveal = kinds.may_reveal(request.user, model_admin.model)
        query = changelists.query_from(request.GET)
        form = ExportForm(request.POST or None, may_reveal=may_reveal)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    job = services.export_create(
                        user=request.user, model_admin=model_admin, query=query,
                        file_format=form.cleaned_data["format"], reveal=form.cleaned_data.get("reveal", False),
                        reason=form.cleaned_data.get("reason", ""),
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    if job.status == JobStatus.DONE and job.result_file:
                        return self._file_response(job)
                    return HttpResponseRedirect(reverse("admin:backoffice_job", args=[job.pk]))
            status = 400
        try:
            count = changelists.changelist_queryset(model_admin, request.user, query).count()
        except ValidationError as error:
            return _bad_request(request, self.admin_site, _("Export"), " ".join(error.messages))
        changelist_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        if request.GET:
            changelist_url += "?" + request.GET.urlencode()
        return TemplateResponse(request, "backoffice/export_form.html", {
            **self.admin_site.each_context(request),
            "title": _("Export %(what)s") % {"what": opts.verbose_name_plural},
            "opts": opts,
            "form": form,
            "count": count,
            "filtered": bool(query),
            "personal": kinds.has_personal_data(model_admin.model),
            "may_reveal": may_reveal,
            "changelist_url": changelist_url,
            "inline_max": services.inline_max_rows(),
        }, status=status)

    # --- jobs --------------------------------------------------------------------------------
    def job_view(self, request, pk):
        job = _own_job(request, pk)
        done, total = progress.current(job)
        opts = None
        model_admin = changelists.model_admin_for(job.model_label)
        if model_admin is not None:
            opts = model_admin.model._meta
        confirmation = BulkJob.objects.filter(confirms=job).first() if job.dry_run else None
        expired = bool(job.purged_at or (job.expires_at and job.expires_at <= timezone.now()))
        return TemplateResponse(request, "backoffice/job.html", {
            **self.admin_site.each_context(request),
            "title": _("Bulk job #%(id)s") % {"id": job.pk},
            "job": job,
            "target_opts": opts,
            "done": done,
            "total": total,
            "percent": int(100 * done / total) if total else (100 if job.finished else 0),
            "confirmation": confirmation,
            "can_confirm": (job.kind == JobKind.IMPORT and job.dry_run and job.status == JobStatus.DONE
                            and not job.error_report and confirmation is None and not expired),
            "expired": expired,
            "refresh": not job.finished,
        })

    def progress_view(self, request, pk):
        job = _own_job(request, pk)
        done, total = progress.current(job)
        payload = {
            "id": job.pk, "status": job.status, "done": done, "total": total, "finished": job.finished,
            "errors": len(job.error_report), "counts": job.counts,
            "download": reverse("admin:backoffice_download", args=[job.pk]) if job.result_file and job.finished else None,
        }
        response = JsonResponse(payload)
        response["Cache-Control"] = "no-store"
        return response

    def download_view(self, request, pk):
        job = _own_job(request, pk)
        if not job.result_file or job.status != JobStatus.DONE:
            raise Http404
        if job.purged_at or (job.expires_at and job.expires_at <= timezone.now()):
            return _bad_request(request, self.admin_site, _("Download"),
                                _("This file has expired and was deleted; export the list again."), status=410)
        return self._file_response(job)

    def _file_response(self, job):
        try:
            handle = filecrypt.open_clear(job.result_file.open("rb"))
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=_content_type(job.file_format))
        return as_download(response, filename=job.result_name or f"export.{job.file_format}", private=True)


def _content_type(fmt: str) -> str:
    if fmt == FileFormat.XLSX:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return "text/csv; charset=utf-8"


def _sample_value(user, column: str, value):
    """Sample rows name a community the user may use, when there is one; a sample value may
    also be a function of the user (e.g. charging's first operator)."""
    if callable(value):
        return value(user)
    if value != "" or column != "community":
        return value
    from apps.accounts.scoping import scoped_sub_district_ids
    from apps.places.models import Community

    scope = scoped_sub_district_ids(user)
    communities = Community.objects.order_by("sub_district__order", "code")
    if scope is not None:
        communities = communities.filter(sub_district_id__in=scope)
    return communities.values_list("code", flat=True).first() or ""

