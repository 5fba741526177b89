"""Sub-districts, communities and the one concrete facility table every domain extends.

``places`` stands at the bottom of the app graph and imports no domain app; domain apps
extend :class:`Facility` one-to-one and register what only
they know in their ``AppConfig.ready()``.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.bilingual import bilingual, english
from apps.core.expressions import IntegersIn
from apps.core.probes import RowProbe

from .registry import kind_label, validate_kind


class BilingualNameMixin(models.Model):
    """``name`` is Chinese (the default language); ``name_en`` is shown in English."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_in(english())

    def name_in(self, english: bool) -> str:
        """The name shown in English (``english``) or Chinese: :attr:`display_name` for a
        caller that read the language once for many rows (~1.5 us a read)."""
        return self.name_en if english and self.name_en else self.name


class SubDistrict(BilingualNameMixin):
    """A sub-district (街道) of the district."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("sub-district")
        verbose_name_plural = _("sub-districts")


class CommunityQuerySet(models.QuerySet):
    def in_street(self, street_id):
        return self.filter(sub_district_id=street_id)


class Community(BilingualNameMixin):
    """A community (社区): a representative point, optionally a boundary and population."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    sub_district = models.ForeignKey(
        SubDistrict, on_delete=models.PROTECT, related_name="communities",
        verbose_name=_("sub-district"),
    )
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    population = models.PositiveIntegerField(_("resident population"), null=True, blank=True)
    boundary = models.JSONField(
        _("boundary (GeoJSON polygon)"), null=True, blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon geometry in WGS-84."),
    )
    is_illustrative = models.BooleanField(
        _("illustrative data"), default=False,
        help_text=_("Point, boundary or population invented for the demo, not official."),
    )

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["sub_district__order", "code"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        indexes = [models.Index(fields=["lat", "lon"], name="community_lat_lon")]


class PositiveFloor(models.Func):
    """floor() of a non-negative number, spelled so that every backend evaluates it the same way
    inside a generated column (SQLite has no FLOOR without its math extension; for x >= 0 a cast
    to integer truncates, which is the floor)."""

    function = "FLOOR"
    output_field = models.BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS INTEGER)", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CAST(FLOOR(%(expressions)s) AS BIGINT)", **extra_context)


# Grid cells of 0.001 degrees numbered row-major from (-90, -180); keep in step with
# apps.places.geo.CELL_DEG / CELL_COLUMNS / cell_of.
_CELL_EXPRESSION = (
    PositiveFloor((models.F("lat") + models.Value(90.0)) / models.Value(0.001)) * models.Value(360_000)
    + PositiveFloor((models.F("lon") + models.Value(180.0)) / models.Value(0.001))
)


class FacilityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    TEMPORARILY_CLOSED = "temporarily_closed", _("Temporarily closed")
    CLOSED = "closed", _("Closed")


# Up to this many matching rows a related filter is an id list (FacilityQuerySet.having).
RARE_MATCHES = 2000

class FacilityQuerySet(models.QuerySet):
    def alive(self):
        """Not soft-deleted."""
        return self.filter(deleted_at__isnull=True)

    def published(self):
        return self.filter(status=FacilityStatus.PUBLISHED, deleted_at__isnull=True)

    def having(self, related: "models.QuerySet", link: str, *, negate: bool = False, parts=None,
               only_if_rare: bool = False):
        """Rows with at least one row in ``related`` (a queryset of another table) whose
        ``link`` (a lookup path, e.g. ``"charge_point__station"``) is the row. A filter value
        few rows have (a rare connector type, an amenity no park has) is read from
        ``related``'s index first and becomes ``pk IN (those ids)``: a list never scans every
        row looking for matches that are not there. A common one stays a per-row EXISTS,
        which a list reads only for the rows it scans. One or two small queries more.
        ``negate``: the rows without one; ``parts``: ``related`` split by filter value;
        ``only_if_rare``: a common value filters nothing here (the caller checks it otherwise,
        e.g. from the filter bits)."""
        # One table at a time, without DISTINCT: a join or DISTINCT here let SQLite read the
        # linked table in order instead of the filter's index (1 s for a connector type no
        # pile has, at 1M facilities).
        first, _, rest = link.partition("__")
        ids: list = []
        common = False
        for part in parts or [related]:  # parts: ``related`` as one query per
            # value (x IN (a, b) made SQLite estimate a scan cheaper than the index)
            values = part.order_by().values_list(first, flat=True)
            room = RARE_MATCHES - len(ids)
            # more rows than room left? (asked as "is there a row after them", without
            # reading 2,000 ids into Python: 0.13 ms instead of 0.9 ms for a common value)
            common = values[room: room + 1].exists()
            if common:
                break
            ids += values
        if not common and rest:
            hop = related.model._meta.get_field(first).related_model
            ids = list(hop._base_manager.filter(IntegersIn(sorted(set(ids)))).values_list(rest, flat=True))
        if not common and len(ids) <= RARE_MATCHES:
            condition = IntegersIn(sorted(set(ids)))
        elif only_if_rare:
            return self
        else:
            # a probe per row read (PostgreSQL would otherwise hash every matching row of the
            # related tables before the list's first row: 600 ms for power_type=dc at 100k)
            condition = RowProbe(related.filter(**{link: models.OuterRef("pk")}))
        return self.exclude(condition) if negate else self.filter(condition)

    def free_now(self, fresh_since, *, free: bool = True):
        """Rows whose newest report of something free (``free_reported_at``: a free charge
        point) was made at or after ``fresh_since`` (``free=False``: the others), from the
        lists' indexes."""
        if free:
            return self.filter(free_reported_at__gte=fresh_since)
        return self.filter(models.Q(free_reported_at__isnull=True) | models.Q(free_reported_at__lt=fresh_since))

    def of_kind(self, *kinds: str):
        if len(kinds) == 1:
            return self.filter(kind=kinds[0])
        return self.filter(kind__in=kinds) if kinds else self


class Facility(BilingualNameMixin):
    """What every facility has. Each kind's app extends it 1:1 (see apps.places.kit)."""

    # One of the registered kinds (apps.places.registry): each kind's own app registers itself,
    # so the kinds are not listed here (nor in the database schema).
    kind = models.CharField(_("kind"), max_length=20, validators=[validate_kind])
    address = models.CharField(_("address"), max_length=300)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="facilities",
        verbose_name=_("community"),
    )
    lat = models.FloatField(_("latitude (WGS-84)"))
    lon = models.FloatField(_("longitude (WGS-84)"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FacilityStatus.choices, default=FacilityStatus.DRAFT
    )
    accessibility = models.JSONField(
        _("accessibility features"), default=list, blank=True,
        help_text=_("For example: step-free entrance, accessible toilet, hearing loop."),
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative data"), default=False,
        help_text=_("Invented for the demo (name, position or attributes), not official."),
    )
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The grid cell of (lat, lon), computed and kept in step by the database; the portable
    # nearby search reads it through the (status, cell) index. On PostGIS a generated
    # geography column ``geog`` is added too (apps/places/postgis.py), outside the ORM.
    cell = models.GeneratedField(
        expression=_CELL_EXPRESSION, output_field=models.BigIntegerField(), db_persist=True,
        verbose_name=_("grid cell"),
    )

    # The kind's fixed list filters as bits (apps.places.filter_bits), kept by signals.
    filter_bits = models.BigIntegerField(_("filter bits"), default=0, db_default=0, editable=False)
    # "Open now" as of the last refresh (apps.places.open_state), valid while ``open_until``
    # is ahead: the lists' open-now filter reads it from their indexes and asks the opening
    # hours only of rows whose state is out of date (null: never computed, or hours changed).
    open_state = models.BooleanField(_("open (stored state)"), default=False, db_default=False, editable=False)
    open_until = models.DateTimeField(_("open state valid until"), null=True, blank=True, editable=False)
    # When the freshest report that something here is free was made (a charge point reported
    # available; kept by the kind's app, e.g. apps.charging.live), null when no report says
    # so: the lists' "free now" filter compares it with the kind's freshness limit in their
    # indexes, instead of probing the kind's live rows for every facility it reads.
    free_reported_at = models.DateTimeField(_("free as reported at"), null=True, blank=True, editable=False)

    objects = FacilityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "cell", "filter_bits", "open_state", "open_until",
                                                 "free_reported_at"])

    class Meta:
        ordering = ["id"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        indexes = [
            models.Index(fields=["status", "lat", "lon"], name="facility_status_lat_lon"),
            models.Index(fields=["kind", "status", "lat", "lon"], name="facility_kind_lat_lon"),
            # Covering, partial index read by the portable nearby search (apps/places/nearby.py).
            models.Index(
                fields=["cell", "lat", "lon", "kind", "id"], name="facility_nearby_cell",
                condition=models.Q(status="published", deleted_at__isnull=True),
            ),
            # The lists' seek paths (issue 21): published, not deleted facilities in id order,
            # with kind, community and filter bits read from the index (so the kind, community,
            # sub-district and the kinds' fixed filters and the capped counts never touch the
            # table): every kind's, one kind's, and one community's of a kind. Not partial on
            # the status: the ORM binds "published" as a parameter, and SQLite uses a partial
            # index only for literal values. The kinds' are partial on "not deleted" (written
            # out as IS NULL in every query): PostgreSQL reads an index in the order of the
            # columns after those compared with "=", and IS NULL is no "=" to it, so with
            # ``deleted_at`` among the columns it sorted every match, or walked the kind's own
            # table in id order probing this index per row (250 ms for a combination no park
            # has). ``deleted_at`` stays last so that SQLite reads the list from the index alone.
            # The stored open-now state is in them too (apps.places.open_state), and when a
            # report last said something is free (``free_reported_at``).
            models.Index(fields=["status", "deleted_at", "id", "kind", "community", "open_state", "open_until"],
                         name="facility_list_all_open"),
            models.Index(fields=["kind", "status", "id", "community", "filter_bits", "open_state", "open_until",
                                 "free_reported_at", "deleted_at"],
                         name="facility_list_kind_open", condition=models.Q(deleted_at__isnull=True)),
            models.Index(fields=["community", "kind", "status", "id", "filter_bits", "open_state", "open_until",
                                 "free_reported_at", "deleted_at"],
                         name="facility_list_community_open", condition=models.Q(deleted_at__isnull=True)),
            # every kind's of one community (the facilities list by community, no kind): read in
            # id order, PostgreSQL stops after a page instead of fetching and sorting all the
            # community's ~1,900 rows at 1M (7.4 -> 4.5 ms; SQLite 4.2 -> 3.8; bench/lists.py)
            models.Index(fields=["community", "status", "id", "kind", "open_state", "open_until", "deleted_at"],
                         name="facility_list_place_open", condition=models.Q(deleted_at__isnull=True)),
            # the bit values a kind's facilities have, and those having some of them (in a
            # sub-district or community: read here too): a list's bit filters that few or none
            # meet together (apps.places.filter_bits)
            models.Index(fields=["kind", "filter_bits", "community", "id"], name="facility_kind_filter_bits"),
            # the minute job's "whose stored open-now state ran out" (apps.places.open_state)
            models.Index(fields=["open_until"], name="facility_open_until"),
        ]

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    kind_label.fget.short_description = _("kind")

    def get_kind_display(self) -> str:
        return self.kind_label

    @property
    def display_address(self) -> str:
        return self.address_in(english())

    def address_in(self, english: bool) -> str:
        """:attr:`display_address` in the language given (see :meth:`name_in`)."""
        return self.address_en if english and self.address_en else self.address


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """One opening period on a weekday (several per day allowed, e.g. lunch and dinner).
    ``closes`` earlier than ``opens`` means the period runs past midnight."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        # covering: "open now" reads a facility's periods of a day from the index alone
        indexes = [models.Index(fields=["facility", "weekday", "opens", "closes"], name="hours_facility_day_times")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A holiday or special day: closed all day, or open at other times than usual."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="opening_exceptions")
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        constraints = [
            models.UniqueConstraint(fields=["facility", "date"], name="one_exception_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.note}"

    @property
    def display_note(self) -> str:
        """The note in the current language (a Chinese fallback on an English page is marked)."""
        return bilingual(self.note, self.note_en)


class FacilityPhoto(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("image"), upload_to="facilities/%Y/%m/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="facilities/thumbs/%Y/%m/", blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.image.name
