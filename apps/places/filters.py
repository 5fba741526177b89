"""What every facility kind's FilterSet shares (one FilterSet serves the API and the page):
``street``, ``community``, ``search`` and ``open_now``, plus strict field types that report a
bad value per parameter (400 in the API) instead of ignoring it. Each domain's ``filters.py``
extends :class:`FacilityFilterSet` with its own filters."""

import copy
import time

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import ModelChoiceField, ModelChoiceIterator
from django_filters.filters import FilterMethod
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from apps.core.expressions import IntegersIn

from . import filter_bits, reference
from .models import Community, SubDistrict
from .nearby_filters import accessible_q
from .selectors import in_street, local_now, open_at_q

TRUE_VALUES = {"true", "1", "yes", "on"}
FALSE_VALUES = {"false", "0", "no", "off"}


class BooleanCheckbox(forms.CheckboxInput):
    """A checkbox that hands the raw value to the field (so a bad value is an error) and
    always submits ``true`` when ticked."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda v: str(v).strip().lower() in TRUE_VALUES)

    def format_value(self, value):
        return "true"

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class StrictBooleanField(forms.Field):
    """``true``/``false`` (also 1/0, yes/no, on/off); anything else is an error, not ignored."""

    widget = BooleanCheckbox

    def to_python(self, value):
        if value in (None, "", [], False):
            return None
        if value is True:
            return True
        text = str(value).strip().lower()
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        raise ValidationError(_("Enter true or false."), code="invalid")

    def validate(self, value):
        pass


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


class FreeNowFilter(StrictBooleanFilter):
    """A kind's "free now" (a charge point reported available within ``max_age()``), read
    from the lists' indexes (``FacilityQuerySet.free_now``), also by :func:`_in_place`."""

    def __init__(self, *args, max_age, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_age = max_age

    def filter(self, qs, value):
        if value is None:
            return qs
        self.asked = (timezone.now() - self.max_age(), value)  # (the same moment for _in_place)
        return qs.free_now(self.asked[0], free=value)


class CommaMultipleChoiceField(forms.MultipleChoiceField):
    """Repeated parameters and/or comma lists (``amenity=toilets,fitness``), case-insensitive."""

    def to_python(self, value):
        values = super().to_python(value)
        out = []
        for item in values:
            out.extend(part.strip().lower() for part in item.split(",") if part.strip())
        return out


class CommaMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = CommaMultipleChoiceField


class BitsFilter(CommaMultipleChoiceFilter):
    """Values of one of the kind's filter-bit groups (:mod:`apps.places.filter_bits`; the group
    is the filter's ``field_name``): the rows having every one of them (``match="all"``) or any
    (``"any"``), read from the list's index.

    ``rare=(model, field, link)``: where the values are also an indexed column (``field`` of
    ``model``, whose ``link`` leads to the facility: ``"pk"`` for the kind's own row), a value
    few facilities have is read from that index first (``FacilityQuerySet.having``): the list
    then reads those facilities only, instead of every facility of the kind in search of them
    (a connector type 1 % of 300k stations have: 34 ms from the bits alone at 1M)."""

    def __init__(self, *args, match: str = "all", rare: tuple | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.match, self.rare = match, rare

    def filter(self, qs, value):
        if not value:
            return qs
        if self.rare is not None:
            qs = self._rare_first(qs, sorted(set(value)))
        return filter_bits.where(qs, self.field_name, value, match=self.match)

    def requirement(self, value):
        return filter_bits.requirement(self.model, self.field_name, value, match=self.match) if value else None

    def _rare_first(self, qs, values: list):
        model, field, link = self.rare
        rows = model._base_manager
        # a value known to be common is left to the filter bits without asking again
        asked = [v for v in values if not _known_common((model, field, v))]
        if self.match == "any":  # the values together: common as soon as one of them is
            if len(asked) == len(values):
                parts = [rows.filter(**{field: v}) for v in values]
                found = qs.having(rows.filter(**{f"{field}__in": values}), link, parts=parts, only_if_rare=True)
                if found is qs and len(values) == 1:
                    _remember_common((model, field, values[0]))
                qs = found
            return qs
        for v in asked:  # each value
            found = qs.having(rows.filter(**{field: v}), link, only_if_rare=True)
            if found is qs:
                _remember_common((model, field, v))
            qs = found
        return qs


# Filter values found common (more than RARE_MATCHES rows: ``having`` leaves them to the filter
# bits) are remembered per process for a minute, so that a list filtered by a common meal,
# connector or amenity does not ask again on every request (one query each, 0.2-0.3 ms;
# issue 21). Remembering is always safe: a value that became rare since is still filtered
# exactly by the bits, only without reading its few rows from its own index first.
COMMON_SECONDS = 60
_common: dict[tuple, float] = {}


def _known_common(key: tuple) -> bool:
    expires = _common.get(key)
    return expires is not None and expires > time.monotonic()


def _remember_common(key: tuple) -> None:
    _common[key] = time.monotonic() + COMMON_SECONDS


def forget_common_values() -> None:
    _common.clear()


def _with_bits(queryset, requirements: tuple, place: dict):
    """``(queryset, read by id)``: ``queryset`` (filtered by its bit filters, whose
    ``requirements`` these are, and by the ``place``, ``street`` and/or ``community`` ids or
    None), read by id when few or none of the kind's facilities meet them together
    (:mod:`apps.places.filter_bits`): the values present and their counts are the process's
    (no query), the ids of those in the place are read from the ``(kind, filter_bits,
    community)`` index (one query)."""
    kind, using = filter_bits.kind_of(queryset.model), queryset.db
    values, having = filter_bits.meeting_present(kind, requirements, using=using)
    if not values:
        return queryset.none(), True
    if having > filter_bits.RARE_MATCHES:
        return queryset, False
    ids = filter_bits.ids_having(kind, values, filter_bits.RARE_MATCHES + 1, **place, using=using)
    # (more than counted: the counts are up to a minute old; the filters read every row then)
    if len(ids) > filter_bits.RARE_MATCHES:
        return queryset, False
    return queryset.filter(IntegersIn(sorted(ids))), True


# A kind's list of a sub-district or a community with bit filters or open now (which the
# community index answers): up to this many facilities meeting those there, the list reads
# them by id (:func:`_in_place`), on these databases. Above ~500 the kind index's walk in id
# order finds a page sooner; between 200 (the limit until December 2026) and 500 it did not:
# closed on-street car parks of a sub-district (320) took the page 14.2 ms, by id 10.6; stations
# of a sub-district closed and with nothing free (355), the API 16.4 ms, by id 9.4 (SQLite 1M,
# bench/lists.py). Reading up to 501 rather than 201 candidates cost the common combinations
# nothing measurable; 1,000 made the mix slower.
RARE_IN_PLACE = 500
IN_PLACE_VENDORS = {"sqlite"}


def _in_place(queryset, place: dict, requirements: tuple, open_now: bool | None, free: tuple | None):
    """``queryset`` (a kind's, filtered, by a sub-district or a community among others) read by
    id when few facilities of the ``place`` (``street`` and/or ``community`` ids) meet its bit
    filters (``requirements``), open now (``open_now``) and free now (``free``: (fresh since,
    free or not), :class:`FreeNowFilter`) together (:func:`apps.places.filter_bits.ids_in_place`).

    A list reads its kind's index in id order and stops after a page; a combination that is
    rare only together with the place (eldercare centres with day care open now in one
    sub-district: 22 of 140,000 at 1M) read the whole kind that way (10-17 ms on SQLite).
    Those conditions without the order read the place's entries of the community index
    (which holds the kind, the filter bits and the stored open-now state) and stop at
    ``RARE_IN_PLACE + 1`` matches: 0.25 ms for those 22. It finds candidates: a facility whose
    stored state ran out is one (the list asks its hours), and the list still applies every
    filter to them, those the index cannot answer too (a search, a minimum power off the usual
    ratings).

    SQLite only (:data:`IN_PLACE_VENDORS`): PostgreSQL's planner estimates the filters and
    reads a rare combination from the community index and sorts it by itself (0.7 ms for those
    22), where the unordered query made it hash every facility of the kind (15-22 ms)."""
    ids = filter_bits.ids_in_place(
        filter_bits.kind_of(queryset.model), requirements, **place, open_now=open_now, free=free,
        when=local_now(),  # (not before the list's own: a state valid then and not now is a candidate)
        limit=RARE_IN_PLACE + 1, using=queryset.db,
    )
    return queryset if len(ids) > RARE_IN_PLACE else queryset.filter(IntegersIn(sorted(ids)))


class BitChoiceFilter(django_filters.ChoiceFilter):
    """One value of a filter-bit group (as :class:`BitsFilter`, for a single-choice filter)."""

    def filter(self, qs, value):
        return filter_bits.where(qs, self.field_name, [value]) if value not in EMPTY_VALUES else qs

    def requirement(self, value):
        return filter_bits.requirement(self.model, self.field_name, [value]) if value not in EMPTY_VALUES else None


@extend_schema_field(OpenApiTypes.BOOL)
class BitFlagFilter(StrictBooleanFilter):
    """A filter-bit group of one bit (``{True: condition}``): true, the rows having it; false,
    the others."""

    def filter(self, qs, value):
        return qs if value is None else filter_bits.where(qs, self.field_name, [True], negate=not value)

    def requirement(self, value):
        return None if value is None else filter_bits.requirement(self.model, self.field_name, [True], negate=not value)


class BitThresholdFilter(django_filters.NumberFilter):
    """"At least this much" of a quantity a facility's related rows have (a charge point's
    connector power), where the kind keeps the thresholds most asked for as a filter-bit group
    (its ``field_name``: ``{threshold: condition}``, the condition "has at least that much").
    A value at a threshold is read from the bits alone; any other from the bits of the
    threshold below it (fewer rows to ask) and then ``exact``, the name of the kind queryset's
    method answering it exactly (``with_min_power(value)``); a value below every threshold
    from ``exact`` alone."""

    def __init__(self, *args, exact: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.exact = exact

    def _tier(self, value):
        below = [t for t in filter_bits.spec_for(self.model).groups[self.field_name] if t <= value]
        return max(below, default=None)

    def filter(self, qs, value):
        if value is None:
            return qs
        tier = self._tier(value)
        if tier is not None:
            qs = filter_bits.where(qs, self.field_name, [tier])
        return qs if tier == value else getattr(qs, self.exact)(value)

    def requirement(self, value):
        tier = None if value is None else self._tier(value)
        return None if tier is None else filter_bits.requirement(self.model, self.field_name, [tier])


# The sub-district and community options of every list's filter form: ~110 rows read and made
# into options for each page, 1.5 ms of a 16 ms canteen page (issue 21). Kept per process, model
# and language by apps.places.reference (for a minute at most, cleared by a change of either).
# What a request sends is looked up among the rows kept the same way, and in the database when
# it is not among them (a row added since; a value that is no row costs the query it always
# did): a query per list filtered by a sub-district or community less (0.3 ms on SQLite, 0.4 ms
# on PostgreSQL; a row deleted since is still accepted for the minute, and filters a list by a
# place with no facilities).


class ReferenceChoiceIterator(ModelChoiceIterator):
    # kept per model: for a whole table's rows only (SubDistrict.objects.all() and the like)

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        yield from reference.kept(
            ("options", self.queryset.model, get_language()),
            # (a copy of the field's queryset: the field is shared by every form, see SharedFields)
            lambda: [(value, str(label)) for value, label in (self.choice(obj) for obj in self.queryset.all())])

    def __len__(self):
        return sum(1 for _choice in self)

    def __bool__(self):
        return True


class ReferenceChoiceField(ModelChoiceField):
    iterator = ReferenceChoiceIterator

    def to_python(self, value):
        """The row whose id ``value`` is, from the rows kept (see above) or the database; no
        row: "Select a valid choice", as Django's field says it."""
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        try:
            pk = self.queryset.model._meta.pk.to_python(value)
        except ValidationError:
            pk = None
        found = None if pk is None else reference.row(self.queryset, pk)
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return found


class ReferenceChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of a sub-district or community (reference data): its options read as
    :class:`ReferenceChoiceIterator` reads them."""

    field_class = ReferenceChoiceField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assert not self.extra["queryset"].query.where, "the options are kept per model: a whole table only"


class StreetFilter(ReferenceChoiceFilter):
    """A sub-district, filtered as "community in (its communities)" (the lists' indexes hold
    the community; no join with the communities per row)."""

    def filter(self, qs, value):
        return in_street(qs, value.pk) if value else qs


class SharedFields(dict):
    """A filter form class's fields, shared by its forms. Django deep-copies a form's fields for
    every form (so that one form may change its own); the lists' filter forms change none, and
    copying their seven fields with their widgets, choices and querysets cost every list
    request ~0.3 ms (issue 21). Each form still gets a dict of its own."""

    def __deepcopy__(self, memo):
        return dict(self)


class FacilityFilterSet(django_filters.FilterSet):
    """The filters of every facility list; subclasses set ``Meta.model`` and add their own.

    Made once per class, not for each request (issue 21: django-filter deep-copied every
    filter, built a new form class and a form field per filter for every list): the filters
    are copied one level (the per-request state django-filter sets on them, ``model`` and
    ``parent``, is the copy's) and the form class is the class's (the form itself, and its
    fields, are the class's: :class:`SharedFields`). So no filter's choices may depend on the
    request (no callable ``queryset``), and no form may change its fields."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django_filters.FilterSet.__init__, its deep copy of the filters made shallow
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            self.filters[name] = filter_ = copy.copy(base)
            filter_.model = queryset.model
            filter_.parent = self
            if isinstance(filter_.__dict__.get("filter"), FilterMethod):  # ``method=``: the copy's own
                filter_.filter = FilterMethod(filter_)

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            assert not any(callable(getattr(f, "queryset", None)) for f in self.base_filters.values()), cls
            form_class = super().get_form_class()
            form_class.base_fields = SharedFields(form_class.base_fields)
            cls._form_class = form_class
        return form_class

    def filter_queryset(self, queryset):
        """The filters, then a short cut for combinations few facilities meet: by their bit
        filters together (:func:`_with_bits`), or in their place (:func:`_in_place`)."""
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        requirements = tuple(
            found for name, filter_ in self.filters.items()
            if hasattr(filter_, "requirement") and (found := filter_.requirement(data.get(name))) is not None
        )
        street, community, open_now = data.get("street"), data.get("community"), data.get("open_now")
        free = next((f.asked for name, f in self.filters.items() if isinstance(f, FreeNowFilter)
                     and data.get(name) is not None), None)
        place = {"street": street.pk if street else None, "community": community.pk if community else None}
        if requirements:
            queryset, by_id = _with_bits(queryset, requirements, place)
            if by_id:
                return queryset
        if ((street or community) and (requirements or open_now is not None or free is not None)
                and connections[queryset.db].vendor in IN_PLACE_VENDORS and filter_bits.kind_of(queryset.model)):
            queryset = _in_place(queryset, place, requirements, open_now, free)
        return queryset

    street = StreetFilter(
        queryset=SubDistrict.objects.all(), field_name="community__sub_district",
        label=_("Sub-district"), empty_label=_("All sub-districts"),
    )
    community = ReferenceChoiceFilter(
        queryset=Community.objects.only("id", "name", "name_en"), field_name="community",
        label=_("Community"), empty_label=_("All communities"),
    )
    search = django_filters.CharFilter(method="filter_search", label=_("Search"), max_length=100)
    open_now = StrictBooleanFilter(method="filter_open_now", label=_("Open now"))
    accessible = StrictBooleanFilter(method="filter_accessible", label=_("Accessible entrance or toilet nearby"))

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_accessible(self, queryset, name, value):
        """An accessible entrance or toilet there, or an accessibility site offering one
        within 100 m (as nearby's ``accessible=1``)."""
        if value is None:
            return queryset
        condition = accessible_q()
        return queryset.filter(condition) if value else queryset.exclude(condition)

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_open_now(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(open_at_q(local_now(), is_open=value))
