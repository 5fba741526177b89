"""Document uploads and the audited opening of documents."""

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.scoping import scoped_sub_district_ids
from apps.core import filecrypt
from apps.core.uploads import files_removed_on_error

from .. import filetypes
from ..limits import limit
from ..models import Application, ApplicationDocument, AuditAction, AuditLog, DocumentKind, Status
from .privacy import audit_write

VIEW_PERM = "housing_swap.view_document_file"


@transaction.atomic
def document_upload(*, application: Application, kind: str, upload, actor) -> ApplicationDocument:
    """Store one document (PDF/JPEG/PNG by content, at most 10 MB) under a random name in
    the private media root. When it completes what staff asked for, the application goes
    back to review by itself."""
    application = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if actor.pk != application.applicant_id:
        raise PermissionDenied
    if application.status not in Status.UPLOADS_OPEN:
        raise ValidationError({"file": [_("Documents can no longer be added to this application.")]})
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": [_("Choose the kind of document.")]})
    if upload is None:
        raise ValidationError({"file": [_("Choose a file to upload.")]})
    if upload.size > filetypes.MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": [_("The file is larger than 10 MB.")]})
    if upload.size == 0:
        raise ValidationError({"file": [_("The file is empty.")]})
    _check_upload_limits(application, upload.size)
    content_type = filetypes.detect(upload)
    if content_type is None:
        raise ValidationError({"file": [_("Upload a PDF, JPEG or PNG file.")]})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = ApplicationDocument(
        application=application, kind=kind, content_type=content_type, size=upload.size,
        sha256=digest.hexdigest(), uploaded_by=actor,
    )
    # The stored name is random (see ``document_upload_to``); only the true type's suffix is kept.
    # The file is written completely or not at all (a full disk raises StorageFull, a 503);
    # if anything after it fails, the file goes with the rolled-back row (issue 10).
    with files_removed_on_error(document.file):
        # issue 18 item 12: encrypted at rest with the personal-data key, streamed
        with filecrypt.encrypted_tempfile(upload.chunks()) as sealed:
            document.file.save(f"upload{filetypes.EXTENSIONS[content_type]}", File(sealed), save=False)
        document.save()

        if application.status == Status.MORE_DOCUMENTS_REQUESTED and _requested_supplied(application):
            from .review import application_transition

            application_transition(
                application=application, to_status=Status.UNDER_REVIEW, actor=actor,
                public_note=_("The requested documents have been uploaded."),
            )
    return document


def _check_upload_limits(application: Application, size: int) -> None:
    """Issue 18 item 9: a cap on the number and total size of one application's documents
    (the row is locked by the caller, so two uploads at once cannot both pass)."""
    stored = application.documents.aggregate(count=Count("pk"), size=Sum("size"))
    most = limit("HOUSING_SWAP_MAX_DOCUMENTS_PER_APPLICATION")
    if stored["count"] >= most:
        raise ValidationError({"file": [
            _("This application already has %(count)s documents, the most allowed. Ask the office if you need to add more.")
            % {"count": most}]})
    most_bytes = limit("HOUSING_SWAP_MAX_DOCUMENT_BYTES_PER_APPLICATION")
    if (stored["size"] or 0) + size > most_bytes:
        raise ValidationError({"file": [
            _("The documents of one application may take at most %(mb)s MB together; this file would go over it.")
            % {"mb": most_bytes // (1024 * 1024)}]})


def _requested_supplied(application: Application) -> bool:
    since = application.documents_requested_at
    kinds = set(application.requested_document_kinds)
    if not kinds:
        return False
    docs = application.documents.all()
    if since:
        docs = docs.filter(uploaded_at__gte=since)
    return kinds <= set(docs.values_list("kind", flat=True))


class DocumentAccessThrottled(Exception):
    """A staff member opened documents of too many applications in a short time; the
    district admin has been alerted (an ``access_alert`` audit row)."""


def _in_reviewers_hands(application: Application, viewer) -> bool:
    """Issue 18 item 2: staff open an application's documents only when it is assigned to
    them or is in their sub-district's queue."""
    if viewer.is_superuser or application.assigned_reviewer_id == viewer.pk:
        return True
    scope = scoped_sub_district_ids(viewer)
    return scope is not None and application.old_home_sub_district_id in scope


def can_open_document(document: ApplicationDocument, viewer) -> bool:
    if not viewer.is_authenticated:
        return False
    application = document.application
    if application.applicant_id == viewer.pk:
        return True
    return viewer.has_perm(VIEW_PERM) and _in_reviewers_hands(application, viewer)


def needs_reason(document: ApplicationDocument, viewer) -> bool:
    """Staff say why they open a document (the owner does not)."""
    return document.application.applicant_id != viewer.pk


def _check_bulk_access(document: ApplicationDocument, viewer) -> None:
    """Opening the documents of more than ``HOUSING_SWAP_DOCUMENT_APPLICATIONS_PER_HOUR``
    different applications within an hour is refused, and raises one alert per hour on the
    district admin's pending work (the alert is committed even though the view is refused)."""
    since = timezone.now() - dt.timedelta(hours=1)
    recent = AuditLog.objects.filter(actor=viewer, action=AuditAction.DOCUMENT_VIEW, at__gte=since)
    seen = set(recent.values_list("application_id", flat=True))
    most = limit("HOUSING_SWAP_DOCUMENT_APPLICATIONS_PER_HOUR")
    if document.application_id in seen or len(seen) < most:
        return
    if not AuditLog.objects.filter(actor=viewer, action=AuditAction.ACCESS_ALERT, at__gte=since).exists():
        audit_write(
            actor=viewer, action=AuditAction.ACCESS_ALERT, application=document.application,
            target=f"documents of more than {most} applications within an hour",
            reason="bulk sequential access refused",
        )
    raise DocumentAccessThrottled


def document_open(*, document: ApplicationDocument, viewer, reason: str = ""):
    """Return the open file for ``viewer``; staff give a reason (at least 5 characters) and
    each view is written to the audit log; bulk access is throttled (see above)."""
    if not can_open_document(document, viewer):
        raise PermissionDenied
    if needs_reason(document, viewer):
        reason = (reason or "").strip()
        if len(reason) < 5:
            raise ValidationError({"reason": [_("Say why you open this document (at least 5 characters).")]})
        _check_bulk_access(document, viewer)
        audit_write(
            actor=viewer, action=AuditAction.DOCUMENT_VIEW, application=document.application,
            target=f"{document.application.reference} document {document.pk} ({document.kind})",
            reason=reason,
        )
    return filecrypt.open_clear(document.file.open("rb"))  # decrypted only for an allowed viewer
