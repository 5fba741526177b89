"""Problem reports (接诉即办): categories, reports with an append-only event trail,
followers, "me too" supporters, photos and the personal-data audit.

State changes happen only in ``services`` (the transition table is ``workflow.py``).
Figures (``selectors.monthly_rates``) read the columns the services keep: ``month``,
``acknowledge_seconds``, ``resolve_seconds``, ``acknowledged_in_time``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .personal_data import EncryptedContactField


class Category(models.Model):
    """One kind of problem; the Open311 service (``code`` is its ``service_code``). Created
    from the apps' declarations (``categories.py``); deadlines are the officials' to tune."""

    code = models.SlugField(_("service code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    kind = models.CharField(
        _("facility kind"), max_length=20, blank=True,
        help_text=_("The facility kind this category is about; empty for any place."),
    )
    group = models.CharField(_("group"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    acknowledge_hours = models.PositiveSmallIntegerField(
        _("acknowledge within (working hours)"), default=4,
    )
    resolve_days = models.PositiveSmallIntegerField(_("resolve within (working days)"), default=5)
    active = models.BooleanField(_("accepting reports"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "").lower().startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    TRANSFERRED = "transferred", _("Not ours (transferred)")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.SUBMITTED, Status.ACKNOWLEDGED, Status.IN_PROGRESS)


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class Source(models.TextChoices):
    WEB = "web", _("Web page")
    API = "api", _("Portal API")
    OPEN311 = "open311", _("Open311 client")
    STAFF = "staff", _("Entered by staff")


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_open=True)

    def public(self):
        """What the public list and map may show: everything not withdrawn for privacy."""
        return self.filter(hidden=False)

    def in_sub_districts(self, ids):
        return self if ids is None else self.filter(sub_district_id__in=ids)

    def overdue(self, now=None):
        now = now or timezone.now()
        return self.filter(is_open=True, resolve_due__lt=now)

    def acknowledge_overdue(self, now=None):
        now = now or timezone.now()
        return self.filter(status=Status.SUBMITTED, acknowledge_due__lt=now)

    def near(self, lat: float, lon: float, radius_m: float):
        from apps.places.geo import bounding_box

        box = bounding_box(lat, lon, radius_m)
        return self.filter(
            lat__gte=box.min_lat, lat__lte=box.max_lat, lon__gte=box.min_lon, lon__lte=box.max_lon
        )


class Report(models.Model):
    """A problem a resident reported. ``id`` is the Open311 ``service_request_id``."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="reports",
                                 verbose_name=_("category"))
    kind = models.CharField(_("facility kind"), max_length=20, blank=True, editable=False)
    facility = models.ForeignKey("places.Facility", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="problem_reports", verbose_name=_("facility"))
    sub_district = models.ForeignKey("places.SubDistrict", on_delete=models.PROTECT,
                                     related_name="problem_reports", verbose_name=_("sub-district"))
    community = models.ForeignKey("places.Community", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="problem_reports", verbose_name=_("community"))
    lat = models.FloatField(_("latitude (WGS-84)"))
    lon = models.FloatField(_("longitude (WGS-84)"))
    location_private = models.BooleanField(
        _("location private"), default=False,
        help_text=_("Shown to the public rounded to about 100 m."),
    )
    public_lat = models.FloatField(_("public latitude"), editable=False)
    public_lon = models.FloatField(_("public longitude"), editable=False)
    address_string = models.CharField(_("address"), max_length=300, blank=True)
    media_url = models.URLField(_("photo link (Open311 media_url)"), max_length=500, blank=True)
    description = models.TextField(_("description"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    is_open = models.BooleanField(_("open"), default=True, editable=False)
    hidden = models.BooleanField(
        _("hidden from the public"), default=False,
        help_text=_("For abusive content or personal data in the text; the reporter still sees it."),
    )
    public_answer = models.TextField(_("latest public answer"), blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    month = models.DateField(_("month (Beijing)"), editable=False)
    acknowledge_due = models.DateTimeField(_("acknowledge by"))
    resolve_due = models.DateTimeField(_("resolve by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    acknowledge_seconds = models.PositiveIntegerField(null=True, blank=True, editable=False)
    resolve_seconds = models.PositiveIntegerField(null=True, blank=True, editable=False)
    acknowledged_in_time = models.BooleanField(null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    # who answers for it (services/routing.py): the routing rule that matched, its group and,
    # for a facility run by an outside organisation (a charging operator), that organisation
    routing_rule = models.ForeignKey("RoutingRule", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("routing rule"))
    responsible_group = models.ForeignKey("auth.Group", on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="+", verbose_name=_("responsible group"))
    operator_key = models.CharField(_("operator"), max_length=60, blank=True, editable=False,
                                    help_text=_("The outside organisation that also answers (a charging operator)."))
    operator_name = models.CharField(_("operator name"), max_length=200, blank=True, editable=False)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="problem_reports", verbose_name=_("reporter"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.WEB)
    contact_name = EncryptedContactField(_("contact name"), blank=True)
    contact_phone = EncryptedContactField(_("contact phone"), blank=True)
    contact_email = EncryptedContactField(_("contact email"), blank=True)
    supporters_count = models.PositiveIntegerField(_("supporters (me too)"), default=0)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        permissions = [
            ("handle_report", _("Can acknowledge, answer and close problem reports")),
            ("transfer_report", _("Can transfer problem reports")),
            ("reveal_contact", _("Can see a reporter's contact in full")),
            ("view_report_figures", _("Can see the problem-report figures")),
        ]
        indexes = [
            # public list, newest first, and its filters. Partial on "not hidden" (the public
            # list's own condition; Django writes it as NOT hidden, which no index column can
            # serve) so the rows come in order from the index (bench/reports.py)
            models.Index(fields=["created_at", "id"], name="report_public_recent", condition=Q(hidden=False)),
            models.Index(fields=["sub_district", "created_at", "id"], name="report_street_recent",
                         condition=Q(hidden=False)),
            models.Index(fields=["category", "created_at", "id"], name="report_category_recent",
                         condition=Q(hidden=False)),
            models.Index(fields=["status", "created_at", "id"], name="report_status_recent",
                         condition=Q(hidden=False)),
            models.Index(fields=["sub_district", "category", "created_at", "id"], name="report_street_category_recent",
                         condition=Q(hidden=False)),
            # the public list's pages are read in its seek order, newest id first
            # (selectors.LIST_ORDER), a page and its capped count from one index for each
            # filter and pair of filters; a rare status (submitted, transferred) with a
            # sub-district or category is no longer looked for among all their rows
            models.Index(fields=["sub_district", "id"], name="report_list_street", condition=Q(hidden=False)),
            models.Index(fields=["category", "id"], name="report_list_category", condition=Q(hidden=False)),
            models.Index(fields=["status", "id"], name="report_list_status", condition=Q(hidden=False)),
            models.Index(fields=["sub_district", "category", "id"], name="report_list_street_category",
                         condition=Q(hidden=False)),
            models.Index(fields=["status", "sub_district", "id"], name="report_list_status_street",
                         condition=Q(hidden=False)),
            models.Index(fields=["status", "category", "id"], name="report_list_status_category",
                         condition=Q(hidden=False)),
            # officials' queue: open reports of their sub-districts, most urgent first
            models.Index(fields=["sub_district", "resolve_due", "id"], name="report_queue",
                         condition=Q(is_open=True)),
            models.Index(fields=["resolve_due", "id"], name="report_queue_all", condition=Q(is_open=True)),
            # duplicates: open reports of a category near a point
            models.Index(fields=["category", "lat", "lon"], name="report_open_near", condition=Q(is_open=True)),
            models.Index(fields=["facility", "category"], name="report_open_facility", condition=Q(is_open=True)),
            # figures (figures.py): a month's rows per sub-district and category, and the
            # medians' rows sorted per sub-district and category
            models.Index(fields=["month", "sub_district", "category"], name="report_month"),
            models.Index(fields=["month", "sub_district", "category", "acknowledge_seconds"], name="report_month_ack",
                         condition=Q(acknowledge_seconds__isnull=False)),
            models.Index(fields=["month", "sub_district", "category", "resolve_seconds"], name="report_month_resolve",
                         condition=Q(resolve_seconds__isnull=False)),
            models.Index(fields=["closed_at"], name="report_closed_at", condition=Q(anonymised_at__isnull=True)),
            # an operator's open reports (operator API), most urgent first
            models.Index(fields=["operator_key", "resolve_due", "id"], name="report_operator_queue",
                         condition=Q(is_open=True) & ~Q(operator_key="")),
            # figures: the reports not acknowledged yet whose deadline is still ahead (a few)
            models.Index(fields=["acknowledge_due"], name="report_unacknowledged",
                         condition=Q(acknowledged_at__isnull=True)),
            # deadline sweeps: escalation after the resolve deadline, not yet escalated
            models.Index(fields=["resolve_due", "id"], name="report_escalate",
                         condition=Q(is_open=True, escalated_at__isnull=True)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(reopen_count__lte=1), name="report_reopened_at_most_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category}"

    @property
    def reference(self) -> str:
        return f"R{self.pk:06d}" if self.pk else ""


class ReportEvent(models.Model):
    """Append-only trail: every status change, transfer, rating and reopening."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        STATUS = "status", _("Status changed")
        TRANSFER = "transfer", _("Transferred")
        RATED = "rated", _("Rated")
        REOPENED = "reopened", _("Reopened")
        ESCALATED = "escalated", _("Escalated")
        ANSWERED = "answered", _("Answered")
        ROUTED = "routed", _("Routed")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    public_answer = models.TextField(_("public answer"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report_id} {self.action} {self.to_status}"


class ReportFollow(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "user"], name="one_follow_per_report_user")]
        verbose_name = _("report follower")
        verbose_name_plural = _("report followers")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.report_id}"


class ReportSupport(models.Model):
    """A "me too": a signed-in user once, or an anonymous address (keyed hash) once."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    address_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="one_support_per_user",
                                    condition=Q(user__isnull=False)),
            models.UniqueConstraint(fields=["report", "address_hash"], name="one_support_per_address",
                                    condition=Q(user__isnull=True)),
        ]
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")

    def __str__(self) -> str:
        return f"+1 {self.report_id}"


def photo_upload_to(instance, filename) -> str:
    return f"reports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{filename[filename.rfind('.'):] if '.' in filename else ''}"


def thumb_upload_to(instance, filename) -> str:
    return f"reports/thumbs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{filename[filename.rfind('.'):] if '.' in filename else ''}"


class ReportPhoto(models.Model):
    """A photo, re-encoded without its camera metadata. When the reporter agreed to share the
    place it was taken, the photo's GPS position is kept here (never in the file)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("image"), upload_to=photo_upload_to, max_length=200)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=thumb_upload_to, max_length=200, blank=True)
    taken_lat = models.FloatField(_("taken at latitude"), null=True, blank=True)
    taken_lon = models.FloatField(_("taken at longitude"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")

    def __str__(self) -> str:
        return self.image.name


class ReportAudit(models.Model):
    """Who saw a reporter's contact in full, transferred a report, or removed personal data."""

    class Action(models.TextChoices):
        REVEAL = "reveal", _("Contact revealed")
        TRANSFER = "transfer", _("Transferred")
        ANONYMISE = "anonymise", _("Personal data removed")
        EXPORT = "export", _("Exported unmasked")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="audits", null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    target = models.CharField(_("what"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report audit entry")
        verbose_name_plural = _("report audit log")

    def __str__(self) -> str:
        return f"{self.action} {self.report_id}"


class RoutingRule(models.Model):
    """Who answers for new reports: the most specific active rule matching the report's
    facility kind, category and sub-district wins (an empty field matches anything; ties go to
    the lower ``priority``, then the older rule). Its group's members of the report's
    sub-district and its named officials are the responsible officials (digest, reopenings);
    reports on a facility run by an outside organisation also go to that operator when
    ``route_to_operator`` is set."""

    kind = models.CharField(_("facility kind"), max_length=20, blank=True,
                            help_text=_("Empty: any kind (and reports about no facility)."))
    category = models.ForeignKey(Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                 verbose_name=_("category"), help_text=_("Empty: any category."))
    sub_district = models.ForeignKey("places.SubDistrict", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="+", verbose_name=_("sub-district"),
                                     help_text=_("Empty: any sub-district."))
    group = models.ForeignKey("auth.Group", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("responsible group"))
    officials = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                       verbose_name=_("responsible officials"))
    route_to_operator = models.BooleanField(
        _("also to the facility's operator"), default=True,
        help_text=_("Reports on a facility run by an operator (a charging company) go to it as well."),
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=100,
                                                help_text=_("Lower first among equally specific rules."))
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        parts = [self.kind or "*", self.category.code if self.category_id else "*",
                 self.sub_district.name if self.sub_district_id else "*"]
        return " / ".join(parts)

    @property
    def specificity(self) -> int:
        return (4 if self.category_id else 0) + (2 if self.sub_district_id else 0) + (1 if self.kind else 0)


class MonthFigures(models.Model):
    """The counts behind the 12345 measures for one month (Beijing), sub-district and category,
    and the medians of its times to acknowledge and to resolve: what ``figures.monthly_figures``
    reads instead of the reports themselves. Kept exact by the services that change a report
    (``services/tally.py``: the cell is recomputed from its reports under a row lock);
    ``manage.py reports_figures_rebuild`` recomputes every cell."""

    month = models.DateField(_("month (Beijing)"))
    sub_district = models.ForeignKey("places.SubDistrict", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("sub-district"))
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+", verbose_name=_("category"))
    reports = models.PositiveIntegerField(default=0)
    responded_in_time = models.PositiveIntegerField(default=0)
    resolution_base = models.PositiveIntegerField(default=0)  # all but "not ours" (transferred)
    resolved = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)  # satisfied or basically satisfied
    acknowledge_median = models.FloatField(null=True, blank=True)  # seconds
    resolve_median = models.FloatField(null=True, blank=True)  # seconds

    class Meta:
        ordering = ["month", "sub_district", "category"]
        verbose_name = _("monthly report figures")
        verbose_name_plural = _("monthly report figures")
        constraints = [
            models.UniqueConstraint(fields=["month", "sub_district", "category"], name="one_figures_row_per_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.sub_district_id} {self.category_id}"
