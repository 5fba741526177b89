"""Yearly livelihood projects (民生实事), their milestones, progress updates and followers.

Every write goes through :mod:`apps.projects.services`; this module only holds fields,
constraints and query methods with domain names.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.places.registry import reverse_with_id


def _english() -> bool:
    return (get_language() or "zh-hans").lower().startswith("en")


def _pick(zh: str, en: str) -> str:
    return en if _english() and en else zh


class Category(models.TextChoices):
    ELDERLY_CARE = "elderly_care", _("Elderly care")
    TRANSPORT = "transport", _("Transport")
    GREEN_SPACE = "green_space", _("Green space")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    EMPLOYMENT = "employment", _("Employment")
    SOCIAL_SECURITY = "social_security", _("Social security")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance")
    CULTURE = "culture", _("Culture")
    BUDGET = "budget", _("Budget")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


class ProgressMethod(models.TextChoices):
    DERIVED = "derived", _("Derived from target and achieved")
    ENTERED = "entered", _("Entered by staff")


class QuantityKind(models.TextChoices):
    COUNT = "count", _("Quantity to deliver")
    SHARE = "share", _("Share or rate (reported figure)")


QUANTITY_FIELD = {"max_digits": 16, "decimal_places": 2}
PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class ProjectQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(year=year)

    def top_level(self):
        return self.filter(parent__isnull=True)

    def in_sub_districts(self, sub_district_ids):
        return self.filter(sub_districts__in=sub_district_ids).distinct()

    def followed_by(self, user):
        return self.filter(follows__user=user)


class Project(models.Model):
    """One entry of a year's list, or a sub-project of one (``parent``)."""

    code = models.CharField(
        _("code"), max_length=40, unique=True,
        help_text=_("Stable reference, e.g. 2024-07 or 2024-04a for a sub-project."),
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    order = models.PositiveSmallIntegerField(_("order in the list"), default=0)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    source_text = models.CharField(
        _("figure as published"), max_length=200, blank=True,
        help_text=_("The figure as the district wrote it, quoted from the source."),
    )
    department = models.CharField(_("responsible department"), max_length=200, blank=True)
    department_en = models.CharField(_("responsible department (English)"), max_length=200, blank=True)
    sub_districts = models.ManyToManyField(
        "places.SubDistrict", blank=True, related_name="projects",
        verbose_name=_("sub-districts concerned"),
        help_text=_("Leave empty for a district-wide project."),
    )
    facilities = models.ManyToManyField(
        "places.Facility", blank=True, related_name="projects",
        verbose_name=_("facilities delivering it"),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
        verbose_name=_("parent project"),
    )
    weight = models.DecimalField(
        _("weight in the parent"), max_digits=8, decimal_places=2, default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("How much this sub-project counts in its parent's progress."),
    )
    quantity_kind = models.CharField(
        _("kind of figure"), max_length=10, choices=QuantityKind.choices, default=QuantityKind.COUNT
    )
    target_quantity = models.DecimalField(_("target quantity"), null=True, blank=True, **QUANTITY_FIELD)
    achieved_quantity = models.DecimalField(
        _("achieved quantity"), null=True, blank=True, validators=[MinValueValidator(Decimal(0))],
        **QUANTITY_FIELD,
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    progress_method = models.CharField(
        _("progress"), max_length=10, choices=ProgressMethod.choices, default=ProgressMethod.DERIVED,
        help_text=_("Sub-projects, when there are any, always decide the progress (weighted)."),
    )
    progress_percent = models.DecimalField(
        _("progress (%)"), max_digits=5, decimal_places=2, default=Decimal(0),
        validators=PERCENT_VALIDATORS,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    is_headline = models.BooleanField(
        _("headline figure"), default=False,
        help_text=_("Shown among the year's headline figures on the dashboard."),
    )
    is_illustrative = models.BooleanField(
        _("illustrative data"), default=False,
        help_text=_("Invented for the demo, not an official figure."),
    )
    is_cumulative = models.BooleanField(
        _("cumulative total"), default=False,
        help_text=_("The figure is a total of recent years, not the year's own result: it has no timeline of "
                    "its own in this year."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "order", "code"]
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        permissions = [
            ("post_progress", _("Can post progress updates (own sub-districts)")),
            ("post_progress_any", _("Can post progress updates on every project")),
        ]
        indexes = [models.Index(fields=["year", "category", "status"], name="project_year_cat_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_percent__gte=0) & models.Q(progress_percent__lte=100),
                name="project_percent_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(achieved_quantity__isnull=True) | models.Q(achieved_quantity__gte=0),
                name="project_achieved_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse_with_id("projects:detail", self.pk)  # (reversed once, then formatted)

    @property
    def display_title(self) -> str:
        return _pick(self.title, self.title_en)

    @property
    def display_description(self) -> str:
        return _pick(self.description, self.description_en)

    @property
    def display_department(self) -> str:
        return _pick(self.department, self.department_en)

    @property
    def display_unit(self) -> str:
        return _pick(self.unit, self.unit_en)


class MilestoneQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(published_at__lte=now or timezone.now())


class Milestone(models.Model):
    """A dated step. It stays hidden from the public until ``published_at``."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    published_at = models.DateTimeField(
        _("publication date"), default=timezone.now,
        help_text=_("The milestone is shown to the public from this moment."),
    )
    is_illustrative = models.BooleanField(_("illustrative data"), default=False)

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["planned_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [models.Index(fields=["project", "published_at"], name="milestone_project_pub")]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return _pick(self.title, self.title_en)

    @property
    def date(self):
        return self.actual_date or self.planned_date


class ProgressUpdate(models.Model):
    """Progress posted by an official: a note and a new achieved quantity or percentage."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="updates", verbose_name=_("project")
    )
    note = models.TextField(_("note"))
    note_en = models.TextField(_("note (English)"), blank=True)
    achieved_quantity = models.DecimalField(
        _("achieved quantity"), null=True, blank=True, validators=[MinValueValidator(Decimal(0))],
        **QUANTITY_FIELD,
    )
    progress_percent = models.DecimalField(
        _("progress (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT_VALIDATORS,
    )
    resulting_percent = models.DecimalField(
        _("project progress after this update (%)"), max_digits=5, decimal_places=2,
        default=Decimal(0), editable=False,
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("posted by"),
    )
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now, db_index=True)
    is_illustrative = models.BooleanField(_("illustrative data"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-posted_at", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [models.Index(fields=["project", "posted_at"], name="update_project_posted")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.posted_at:%Y-%m-%d}"

    @property
    def display_note(self) -> str:
        return _pick(self.note, self.note_en)


class ProgressPhoto(models.Model):
    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="photos", verbose_name=_("update")
    )
    image = models.ImageField(_("image"), upload_to="projects/updates/%Y/%m/")
    # issue 9: a small copy for the timeline, made with the resized image on upload
    thumbnail = models.ImageField(_("thumbnail"), upload_to="projects/updates/thumbs/%Y/%m/", blank=True)
    caption = models.CharField(_("caption (alternative text)"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.image.name


class Follow(models.Model):
    """A person follows a project to hear about its progress."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_follows"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="one_follow_per_user_project")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.project_id}"
