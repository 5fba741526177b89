"""Housing-swap scheme (以房换房): rounds, new-home projects, applications with documents
and an append-only event trail, vouchers (购房券) and the personal-data audit log.

State changes happen only in ``services`` (the workflow table is in ``workflow.py``).
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.masking import mask_id_number, mask_phone, mask_text
from apps.core.uploads import SafeFileSystemStorage

from .personal_data import EncryptedTextField


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed (under review)")
    FINISHED = "finished", _("Finished")


class District(models.TextChoices):
    """Districts of central Wuhan whose old homes a round may buy (Hankou area first)."""

    QIAOKOU = "420104", _("Qiaokou District")
    JIANGAN = "420102", _("Jiang'an District")
    JIANGHAN = "420103", _("Jianghan District")
    HANYANG = "420105", _("Hanyang District")
    WUCHANG = "420106", _("Wuchang District")
    QINGSHAN = "420107", _("Qingshan District")
    HONGSHAN = "420111", _("Hongshan District")
    DONGXIHU = "420112", _("Dongxihu District")


HANKOU_DISTRICTS = [District.QIAOKOU, District.JIANGAN, District.JIANGHAN]


class Ownership(models.TextChoices):
    COMMERCIAL = "commercial", _("Commercial housing with full title (商品房)")
    HOUSING_REFORM = "housing_reform", _("Reform housing with full title (房改房)")
    PRIVATE = "private", _("Private house with title (私房)")
    PUBLIC_RENTAL = "public_rental", _("Rented public housing (公房租赁)")
    SHARED = "shared", _("Shared or partial ownership")


class DocumentKind(models.TextChoices):
    ID_CARD = "id_card", _("Resident ID card (both sides)")
    PROPERTY_CERTIFICATE = "property_certificate", _("Property ownership certificate")
    HOUSEHOLD_REGISTER = "household_register", _("Household register (户口簿)")
    MARRIAGE_CERTIFICATE = "marriage_certificate", _("Marriage certificate or single-status statement")
    PROXY_AUTHORISATION = "proxy_authorisation", _("Power of attorney for a proxy application")
    OTHER = "other", _("Other supporting document")


class Project(models.Model):
    """A new-home project on offer in the scheme (a partner development)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    developer = models.CharField(_("developer"), max_length=160, blank=True)
    location = models.CharField(_("location"), max_length=200)
    sub_district = models.ForeignKey(
        "places.SubDistrict", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="housing_projects", verbose_name=_("sub-district"),
    )
    unit_types = models.CharField(
        _("unit types"), max_length=200, blank=True, help_text=_("For example: 89 m² 3-room, 118 m² 4-room."),
    )
    price_min = models.PositiveIntegerField(_("lowest price (CNY/m²)"), null=True, blank=True)
    price_max = models.PositiveIntegerField(_("highest price (CNY/m²)"), null=True, blank=True)
    units_available = models.PositiveIntegerField(_("units available"), default=0)
    is_partner = models.BooleanField(_("partner project (accepts vouchers)"), default=True)
    description = models.TextField(_("description"), blank=True)
    fact_note = models.CharField(
        _("reported fact"), max_length=300, blank=True,
        help_text=_("A figure quoted from a published source, shown as such."),
    )
    is_illustrative = models.BooleanField(_("illustrative data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("new-home project")
        verbose_name_plural = _("new-home projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(price_min__isnull=True) | Q(price_max__isnull=True) | Q(price_min__lte=models.F("price_max")),
                name="hs_project_price_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class RoundQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=RoundStatus.DRAFT)

    def open_now(self, now=None):
        now = now or timezone.now()
        return self.filter(status=RoundStatus.OPEN, opens_at__lte=now, closes_at__gt=now)


class Round(models.Model):
    """One numbered round (期) of the scheme: its window, eligibility rules and offer."""

    number = models.PositiveSmallIntegerField(_("round number"), unique=True)
    title = models.CharField(_("title"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    status = models.CharField(_("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    eligible_districts = models.JSONField(
        _("eligible districts of the old home"), default=list, blank=True,
        help_text=_("District codes, e.g. 420104 for Qiaokou."),
    )
    eligible_sub_districts = models.ManyToManyField(
        "places.SubDistrict", blank=True, related_name="housing_rounds",
        verbose_name=_("eligible sub-districts"),
        help_text=_("Empty means every sub-district of Qiaokou when Qiaokou is eligible."),
    )
    min_area_m2 = models.DecimalField(_("minimum floor area (m²)"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_area_m2 = models.DecimalField(_("maximum floor area (m²)"), max_digits=7, decimal_places=2, null=True, blank=True)
    min_building_age_years = models.PositiveSmallIntegerField(
        _("minimum building age (years)"), null=True, blank=True,
    )
    allowed_ownership = models.JSONField(
        _("allowed ownership types"), default=list, blank=True,
        help_text=_("Empty means any ownership type."),
    )
    quota = models.PositiveIntegerField(_("quota (old homes bought)"), null=True, blank=True)
    required_document_kinds = models.JSONField(_("required documents"), default=list, blank=True)
    projects = models.ManyToManyField(Project, blank=True, related_name="rounds", verbose_name=_("projects on offer"))
    voucher_validity_days = models.PositiveSmallIntegerField(_("voucher validity (days)"), default=180)
    source_note = models.CharField(
        _("source note"), max_length=300, blank=True,
        help_text=_("What is reported about this round and what is illustrative."),
    )
    is_illustrative = models.BooleanField(_("illustrative data"), default=False)
    history = HistoricalRecords(m2m_fields=[])

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="hs_round_window"),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == RoundStatus.OPEN and self.opens_at <= now < self.closes_at

    def district_labels(self) -> list[str]:
        labels = dict(District.choices)
        return [str(labels.get(code, code)) for code in self.eligible_districts]

    def document_kind_labels(self) -> list[str]:
        labels = dict(DocumentKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.required_document_kinds]

    def ownership_labels(self) -> list[str]:
        labels = dict(Ownership.choices)
        return [str(labels.get(kind, kind)) for kind in self.allowed_ownership]


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


# An application blocks another in the same round unless it was rejected or withdrawn.
INACTIVE_STATUSES = (Status.REJECTED, Status.WITHDRAWN)
# Documents may be added while the file is still being examined.
UPLOAD_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.MORE_DOCUMENTS_REQUESTED)


class ApplicationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status__in=INACTIVE_STATUSES)

    def visible_to_applicant(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(applicant=user)

    def in_review_queue(self):
        return self.filter(
            status__in=[
                Status.SUBMITTED, Status.UNDER_REVIEW, Status.MORE_DOCUMENTS_REQUESTED,
                Status.APPRAISAL_SCHEDULED, Status.APPRAISED,
            ]
        )

    def with_duplicate_flag(self):
        """Annotate ``possible_duplicate``: another active application in the same round
        for the same resident ID (compared by keyed hash, never in clear)."""
        others = Application.objects.active().filter(
            round=models.OuterRef("round"), id_number_hash=models.OuterRef("id_number_hash"),
        ).exclude(pk=models.OuterRef("pk")).exclude(id_number_hash="")
        return self.annotate(possible_duplicate=models.Exists(others))

    def due_for_anonymisation(self, before):
        return self.filter(status__in=INACTIVE_STATUSES, status_changed_at__lt=before, anonymised_at__isnull=True)


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
    applicant_name = models.CharField(_("applicant name"), max_length=60, blank=True)
    id_number = EncryptedTextField(_("resident ID number"), blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True)

    # Proxy application (applying for a relative).
    is_proxy = models.BooleanField(_("applying for a relative"), default=False)
    proxy_name = models.CharField(_("proxy submitter's name"), max_length=60, blank=True)
    proxy_relationship = models.CharField(_("relationship to the owner"), max_length=40, blank=True)

    # The old home.
    old_home_district = models.CharField(
        _("district of the old home"), max_length=6, choices=District.choices, default=District.QIAOKOU,
    )
    old_home_sub_district = models.ForeignKey(
        "places.SubDistrict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("sub-district of the old home"),
    )
    old_home_address = models.CharField(_("address of the old home"), max_length=200, blank=True)
    old_home_certificate_no = EncryptedTextField(_("property certificate number"), blank=True)
    old_home_certificate_hash = models.CharField(max_length=64, blank=True, editable=False)
    old_home_area_m2 = models.DecimalField(_("floor area (m²)"), max_digits=7, decimal_places=2, null=True, blank=True)
    old_home_building_year = models.PositiveSmallIntegerField(_("year the building was completed"), null=True, blank=True)
    old_home_ownership = models.CharField(_("ownership"), max_length=20, choices=Ownership.choices, blank=True)

    household_size = models.PositiveSmallIntegerField(_("household size"), null=True, blank=True)
    desired_project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications",
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

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative data"), default=False)

    history = HistoricalRecords(
        excluded_fields=[
            "applicant_name", "id_number", "id_number_hash", "phone", "proxy_name",
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
                condition=~Q(status__in=["rejected", "withdrawn"]) & Q(is_proxy=False),
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
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        return mask_text(self.applicant_name)

    @property
    def masked_certificate_no(self) -> str:
        return mask_id_number(self.old_home_certificate_no)

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
    name = models.CharField(_("name"), max_length=60)
    relationship = models.CharField(_("relationship to the applicant"), max_length=40)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return mask_text(self.name)


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




def _private_storage():
    # a callable, so tests that override PRIVATE_MEDIA_ROOT are honoured and migrations stay stable
    # issue 10: files appear complete or not at all (a full disk leaves no partial file)
    return SafeFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


def document_upload_to(instance, filename) -> str:
    """A random name: nothing of the original filename (it may hold a name or an ID)."""
    suffix = Path(filename).suffix.lower()
    return f"housing_swap/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_upload_to, storage=_private_storage, max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.uploaded_at:%Y-%m-%d})"

    @property
    def page_url(self) -> str:
        return f"/housing-swap/documents/{self.pk}/"


class VoucherStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    REDEEMED = "redeemed", _("Redeemed")
    VOIDED = "voided", _("Voided")


class VoucherQuerySet(models.QuerySet):
    def valid(self, now=None):
        now = now or timezone.now()
        return self.filter(status=VoucherStatus.ISSUED, expires_at__gt=now)


class Voucher(models.Model):
    """A purchase voucher (购房券) issued on approval, spent at a partner project."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="vouchers")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="vouchers")
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    status = models.CharField(_("status"), max_length=10, choices=VoucherStatus.choices, default=VoucherStatus.ISSUED)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    redeemed_at = models.DateTimeField(_("redeemed at"), null=True, blank=True)
    redeemed_project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="redeemed_vouchers",
        verbose_name=_("redeemed at project"),
    )
    redeemed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.TextField(_("reason voided"), blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by",
        verbose_name=_("reissue of"),
    )
    history = HistoricalRecords()

    objects = VoucherQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(status__in=["issued", "redeemed"]),
                name="hs_one_live_voucher_per_application",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="hs_voucher_amount_positive"),
        ]
        permissions = [
            ("redeem_voucher", _("Can redeem vouchers")),
            ("void_voucher", _("Can void and reissue vouchers")),
        ]

    def __str__(self) -> str:
        return self.code

    def is_expired(self, now=None) -> bool:
        return self.status == VoucherStatus.ISSUED and self.expires_at <= (now or timezone.now())


class AuditAction(models.TextChoices):
    REVEAL = "reveal", _("Revealed personal data")
    DOCUMENT_VIEW = "document_view", _("Opened a document")
    EXPORT = "export", _("Exported applications")
    ANONYMISE = "anonymise", _("Anonymised an application")


class AuditLog(models.Model):
    """Append-only record of every access to personal data by staff: who, when, what, why."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("application"),
    )
    target = models.CharField(_("what"), max_length=200)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("the audit log is append-only")
