"""Applications, their household members, the append-only event trail and staff notes."""

import enum

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..masks import masked
from ..personal_data import EncryptedTextField
from .documents import DocumentKind
from .rounds import District, NewHomeProject, Ownership, Round

# The longest value each text field the applicant fills in may hold: the columns, the
# service's validation, the API and the form read it here. (The certificate number is
# stored encrypted, so its column has no length; the limit is on the clear value.)
MAX_LENGTH = {
    "applicant_name": 60,
    "proxy_name": 60,
    "proxy_relationship": 40,
    "old_home_address": 200,
    "old_home_certificate_no": 60,
    "member_name": 60,
    "member_relationship": 40,
}


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    MORE_DOCUMENTS_REQUESTED = "more_documents_requested", _("More documents requested")
    APPRAISAL_SCHEDULED = "appraisal_scheduled", _("Appraisal scheduled")
    APPRAISED = "appraised", _("Appraised")
    APPROVED = "approved", _("Approved")
    CONTRACT_SIGNED = "contract_signed", _("Contract signed")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    # The groups every rule reads (the one place each is written down; not choices).
    # Rejected or withdrawn: no longer blocks another application in the round; anonymised
    # after the retention period.
    INACTIVE = enum.nonmember(("rejected", "withdrawn"))
    # Decided and finished: the file is closed (retention counts from here).
    CLOSED = enum.nonmember(("completed", "rejected", "withdrawn"))
    # In the review queue: active, before the decision (staff may reject; applicant may withdraw).
    REVIEW_QUEUE = enum.nonmember(
        ("submitted", "under_review", "more_documents_requested", "appraisal_scheduled", "appraised"))
    # The review queue less what waits for the applicant: staff are reminded of these.
    AWAITING_STAFF = enum.nonmember(("submitted", "under_review", "appraisal_scheduled", "appraised"))
    # Granted: counts against the round's quota and holds a voucher.
    GRANTED = enum.nonmember(("approved", "contract_signed", "completed"))
    # Documents may be added while the file is still being examined.
    UPLOADS_OPEN = enum.nonmember(("draft", "submitted", "under_review", "more_documents_requested"))
    # The steps the applicant's timeline shows, in order.
    TIMELINE = enum.nonmember((
        "submitted", "under_review", "appraisal_scheduled", "appraised", "approved", "contract_signed", "completed"))


class ApplicationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status__in=Status.INACTIVE)

    def visible_to_applicant(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(applicant=user)

    def in_review_queue(self):
        return self.filter(status__in=Status.REVIEW_QUEUE)

    def with_duplicate_flag(self):
        """Annotate ``possible_duplicate``: another active application in the same round
        for the same resident ID (compared by keyed hash, never in clear)."""
        others = Application.objects.active().filter(
            round=models.OuterRef("round"), id_number_hash=models.OuterRef("id_number_hash"),
        ).exclude(pk=models.OuterRef("pk")).exclude(id_number_hash="")
        return self.annotate(possible_duplicate=models.Exists(others))

    def due_for_anonymisation(self, before, completed_before=None):
        """Closed files past their retention: rejected or withdrawn before ``before``, and
        completed before ``completed_before`` (when given)."""
        due = Q(status__in=Status.INACTIVE, status_changed_at__lt=before)
        if completed_before is not None:
            due |= Q(status=Status.COMPLETED, status_changed_at__lt=completed_before)
        return self.filter(due, anonymised_at__isnull=True)

    def abandoned_drafts(self, before):
        """Drafts nobody has touched since ``before`` (never submitted)."""
        return self.filter(status=Status.DRAFT, updated_at__lt=before)


class Application(models.Model):
    """One household's application to sell its old home in a round.

    ``applicant`` is the account that files and follows the case. When someone applies
    for a relative (a proxy application, common for elderly owners), ``is_proxy`` is set
    and the name/ID/phone fields describe the owner of the old home, while the account
    holder is the proxy submitter.
    """

    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications", verbose_name=_("round"))
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="housing_applications",
        verbose_name=_("applicant account"),
    )
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    # Personal data of the old-home owner.
    applicant_name = models.CharField(_("applicant name"), max_length=MAX_LENGTH["applicant_name"], blank=True)
    id_number = EncryptedTextField(_("resident ID number"), blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True)

    # Proxy application (applying for a relative).
    is_proxy = models.BooleanField(_("applying for a relative"), default=False)
    proxy_name = models.CharField(_("proxy submitter's name"), max_length=MAX_LENGTH["proxy_name"], blank=True)
    proxy_relationship = models.CharField(_("relationship to the owner"), max_length=MAX_LENGTH["proxy_relationship"], blank=True)
    # The proxy's own ID number (issue 18 item 3): with it, a staff member who filed for a
    # relative cannot handle that case from another account. Encrypted like the owner's.
    proxy_id_number = EncryptedTextField(_("proxy submitter's resident ID number"), blank=True)
    proxy_id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    # The old home.
    old_home_district = models.CharField(
        _("district of the old home"), max_length=6, choices=District.choices, default=District.QIAOKOU,
    )
    old_home_sub_district = models.ForeignKey(
        "places.SubDistrict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("sub-district of the old home"),
    )
    old_home_address = models.CharField(_("address of the old home"), max_length=MAX_LENGTH["old_home_address"], blank=True)
    old_home_certificate_no = EncryptedTextField(_("property certificate number"), blank=True)
    old_home_certificate_hash = models.CharField(max_length=64, blank=True, editable=False)
    old_home_area_m2 = models.DecimalField(_("floor area (m²)"), max_digits=7, decimal_places=2, null=True, blank=True)
    old_home_building_year = models.PositiveSmallIntegerField(_("year the building was completed"), null=True, blank=True)
    old_home_ownership = models.CharField(_("ownership"), max_length=20, choices=Ownership.choices, blank=True)

    household_size = models.PositiveSmallIntegerField(_("household size"), null=True, blank=True)
    desired_project = models.ForeignKey(
        NewHomeProject, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications",
        verbose_name=_("desired new-home project"),
    )

    consent = models.BooleanField(_("consent given"), default=False)
    consent_version = models.CharField(_("consent version"), max_length=20, blank=True)
    consent_text = models.TextField(_("consent text accepted"), blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)

    # Staff side.
    assigned_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_housing_applications", verbose_name=_("assigned reviewer"),
    )
    requested_document_kinds = models.JSONField(_("documents requested"), default=list, blank=True)
    documents_requested_at = models.DateTimeField(_("documents requested at"), null=True, blank=True)
    appraisal_at = models.DateTimeField(_("appraisal appointment"), null=True, blank=True)
    valuation_amount = models.DecimalField(_("valuation (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # Issue 18 item 3: a large or out-of-band amount is approved by two different people;
    # the first approval (who, when, for which amount) waits here for the second.
    first_approval_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("first approval by"),
    )
    first_approval_at = models.DateTimeField(_("first approval at"), null=True, blank=True)
    first_approval_amount = models.DecimalField(
        _("amount given the first approval (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True,
    )

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative data"), default=False)

    history = HistoricalRecords(
        excluded_fields=[
            "applicant_name", "id_number", "id_number_hash", "phone", "proxy_name",
            "proxy_id_number", "proxy_id_number_hash",
            "old_home_address", "old_home_certificate_no", "old_home_certificate_hash",
            "consent_text", "decision_reason",
        ]
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [models.Index(fields=["status", "status_changed_at"], name="hs_app_queue")]
        constraints = [
            # One active application per applicant account per round (own applications).
            # The same owner filed twice (e.g. by two relatives) is flagged to staff through
            # the keyed ID hash rather than refused: see ApplicationQuerySet.with_duplicate_flag.
            models.UniqueConstraint(
                fields=["round", "applicant"],
                condition=~Q(status__in=list(Status.INACTIVE)) & Q(is_proxy=False),
                name="hs_one_active_application_per_account_round",
            ),
            models.CheckConstraint(
                condition=Q(old_home_area_m2__isnull=True) | Q(old_home_area_m2__gte=5, old_home_area_m2__lte=1000),
                name="hs_app_area_range",
            ),
            models.CheckConstraint(
                condition=Q(household_size__isnull=True) | Q(household_size__gte=1, household_size__lte=20),
                name="hs_app_household_range",
            ),
        ]
        permissions = [
            ("transition_application", _("Can move applications through the workflow")),
            ("assign_application", _("Can assign applications to reviewers")),
            ("reveal_personal_data", _("Can reveal full ID, certificate and phone numbers")),
            ("export_applications", _("Can export applications as CSV")),
            ("view_document_file", _("Can open applicants' documents")),
        ]

    def __str__(self) -> str:
        return self.reference or f"#{self.pk}"

    @property
    def masked_id_number(self) -> str:
        return masked(self, "id_number")

    @property
    def masked_phone(self) -> str:
        return masked(self, "phone")

    @property
    def masked_name(self) -> str:
        return masked(self, "applicant_name")

    @property
    def masked_proxy_id_number(self) -> str:
        return masked(self, "proxy_id_number")

    @property
    def masked_certificate_no(self) -> str:
        return masked(self, "old_home_certificate_no")

    @property
    def page_url(self) -> str:
        return f"/housing-swap/applications/{self.pk}/"

    def required_document_kinds(self) -> list[str]:
        kinds = list(self.round.required_document_kinds)
        if self.is_proxy and DocumentKind.PROXY_AUTHORISATION not in kinds:
            kinds.append(DocumentKind.PROXY_AUTHORISATION)
        for kind in self.requested_document_kinds:
            if kind not in kinds:
                kinds.append(kind)
        return kinds

    @cached_property
    def missing_document_kinds(self) -> list[str]:
        have = {d.kind for d in self.documents.all()}
        return [k for k in self.required_document_kinds() if k not in have]

    def document_checklist(self) -> list[dict]:
        """Each required or requested kind: how many files are uploaded, and whether staff
        asked for it again (uploads after the request count then)."""
        labels = dict(DocumentKind.choices)
        docs = list(self.documents.all())
        rows = []
        for kind in self.required_document_kinds():
            mine = [d for d in docs if d.kind == kind]
            requested = kind in self.requested_document_kinds
            if requested and self.documents_requested_at:
                fresh = [d for d in mine if d.uploaded_at >= self.documents_requested_at]
            else:
                fresh = mine
            rows.append({"kind": kind, "label": labels.get(kind, kind), "count": len(mine),
                         "requested": requested, "done": bool(fresh)})
        return rows

    def waiting_days(self, now=None) -> int:
        now = now or timezone.now()
        return (now - self.status_changed_at).days


class HouseholdMember(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=MAX_LENGTH["member_name"])
    relationship = models.CharField(_("relationship to the applicant"), max_length=MAX_LENGTH["member_relationship"])
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    # Optional; with it, staff who are members of the household cannot act on the case.
    id_number = EncryptedTextField(_("resident ID number"), blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return masked(self, "name")

    @property
    def masked_id_number(self) -> str:
        return masked(self, "id_number")


class ApplicationEvent(models.Model):
    """Append-only trail of status changes: who, when, from, to, and the notes."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(_("from"), max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=30, choices=Status.choices)
    public_note = models.TextField(_("note to the applicant"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status or '-'} -> {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("application events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("application events are append-only")


class InternalNote(models.Model):
    """A note among staff, never shown to the applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"{self.application_id} {self.created_at:%Y-%m-%d}"
