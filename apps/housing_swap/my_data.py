"""What this app holds about a resident, for their download and the closing of their
account (apps.privacy, issue 18 item 13): the applications they filed, in full (the numbers
are theirs, or their relative's whom they applied for), with household members, the history
the applicant sees (public notes; internal notes are staff's) and the documents they uploaded
(decrypted)."""

from functools import partial

from django.utils.translation import gettext as _

from apps.core import filecrypt
from apps.core.contributions import PersonalDataSource

from .models import Application, ApplicationDocument, Status
from .services.privacy import draft_remove

APPLICATION_FIELDS = (
    "reference", "status", "status_changed_at", "submitted_at", "applicant_name", "id_number", "phone",
    "is_proxy", "proxy_name", "proxy_relationship", "proxy_id_number", "old_home_district", "old_home_address",
    "old_home_certificate_no", "old_home_area_m2", "old_home_building_year", "old_home_ownership",
    "household_size", "consent", "consent_version", "consent_text", "consent_at", "appraisal_at",
    "valuation_amount", "decision_reason", "created_at", "anonymised_at",
)
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def _applications(user):
    return (Application.objects.filter(applicant=user).select_related("round", "desired_project")
            .prefetch_related("members", "events", "documents").order_by("created_at", "pk"))


def _document_name(application: Application, document: ApplicationDocument) -> str:
    return f"{application.reference}/{document.pk}-{document.kind}.{EXTENSIONS.get(document.content_type, 'bin')}"


def export(user) -> list[dict]:
    result = []
    for application in _applications(user):
        item = {field: getattr(application, field) for field in APPLICATION_FIELDS}
        item.update(
            round=application.round.number,
            desired_project=application.desired_project.name if application.desired_project else None,
            household_members=[{"name": m.name, "relationship": m.relationship, "birth_year": m.birth_year,
                                "id_number": m.id_number} for m in application.members.all()],
            history=[{"from": e.from_status, "to": e.to_status, "note": e.public_note, "at": e.created_at}
                     for e in application.events.all()],
            documents=[{"kind": d.kind, "size": d.size, "uploaded_at": d.uploaded_at, "sha256": d.sha256,
                        "file": f"files/housing_swap/{_document_name(application, d)}"} for d in application.documents.all()],
        )
        result.append(item)
    return result


def _open_clear(document: ApplicationDocument):
    return filecrypt.open_clear(document.file.open("rb"))


def files(user):
    for application in _applications(user):
        for document in application.documents.all():
            yield _document_name(application, document), partial(_open_clear, document)


def blockers(user) -> list[str]:
    """An application past submission and not yet closed is a procedure under way: the
    resident withdraws it, or waits for the decision, before closing the account."""
    open_ones = (Application.objects.filter(applicant=user).exclude(status=Status.DRAFT)
                 .exclude(status__in=Status.CLOSED).order_by("pk").values_list("reference", flat=True))
    return [
        _("Your housing-swap application %(reference)s is in progress: withdraw it, or wait until it is "
          "decided, before closing your account.") % {"reference": reference}
        for reference in open_ones
    ]


def erase(user) -> str:
    """Closing the account: drafts (never submitted) go with their documents. Submitted and
    closed applications stay linked to the closed account, as the scheme's retention rules
    say (anonymised after HOUSING_SWAP_RETENTION_DAYS or, completed,
    HOUSING_SWAP_COMPLETED_RETENTION_DAYS)."""
    count = 0
    for application in Application.objects.select_for_update().filter(applicant=user, status=Status.DRAFT):
        draft_remove(application=application, reason="the applicant closed their account")
        count += 1
    kept = Application.objects.filter(applicant=user).count()
    return f"{count} housing-swap draft(s) deleted, {kept} application(s) kept for retention"


SOURCE = PersonalDataSource(key="housing_swap", export=export, files=files, blockers=blockers, erase=erase)
