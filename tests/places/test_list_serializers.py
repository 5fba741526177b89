"""Every facility kind's list serializer writes its fields out by hand (the shared facility
fields in ``_written_out``, the kind's own by the class's plan; issue 21): its answer equals
what DRF's declared fields give, row by row, nested rows included, for generated rows of every
kind with hours, exceptions and photos, nulls and names in English, in Chinese and in English,
read as the list API reads them."""

from datetime import time
from decimal import Decimal

import pytest
from django.db import models
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.request import Request

from apps.core.serializers import decimal_output, representation_plan
from apps.places.generation import generate_facilities
from apps.places.models import FacilityPhoto, OpeningException, OpeningHours
from apps.places.registry import kind_info, registered_kinds
from apps.places.selectors import local_now
from apps.places.serializers import hhmm
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_written_out_fields_equal_declared_fields():
    CommunityFactory(lat=30.60, lon=114.24)
    today = local_now().date()
    checked = 0
    for kind in registered_kinds():
        info = kind_info(kind)
        if not info.api_detail_url_name:
            continue
        generate_facilities(count=6, seed=3, kind=kind)
        path = reverse(info.api_detail_url_name.replace("-detail", "-list"))
        view = resolve(path).func.view_class
        selectors = view.selectors
        pks = list(selectors.base().order_by("id").values_list("pk", flat=True))
        assert pks, kind
        first, second = pks[0], pks[1]
        OpeningHours.objects.create(facility_id=first, weekday=2, opens=time(22), closes=time(2))
        OpeningHours.objects.create(facility_id=first, weekday=4, opens=time(8), closes=time(8))
        OpeningException.objects.create(facility_id=first, date=today, closed=False, opens=time(9), closes=time(11))
        OpeningException.objects.create(facility_id=second, date=today, closed=True, note="休息")
        FacilityPhoto.objects.create(facility_id=second, image="facilities/x.jpg", caption="门口")
        _nulls(selectors.base().model, second)
        for language in ("zh-hans", "en"):
            with translation.override(language):
                rows = selectors.annotate(selectors.page(pks))
                request = Request(RequestFactory().get(path))
                serializer = view.serializer_class(rows, many=True, context={"request": request}).child
                # every field read by the plan, none by DRF's per-field path
                assert [name for name, how, *_ in representation_plan(type(serializer)) if how == "drf"] == [], kind
                for row in rows:
                    written = serializer.to_representation(row)
                    declared = _declared(serializer, row)
                    assert written == declared, (kind, language)
                    assert list(written) == list(declared), kind  # the same order of keys too
                    checked += 1
    assert checked >= 2 * 6 * 7


def _nulls(model, pk):
    """Every nullable column of row ``pk`` empty (relations too: DRF's path for a missing one),
    and its English name."""
    empty = {f.name: None for f in model._meta.concrete_fields if f.null and not f.primary_key}
    assert empty, model
    model.objects.filter(pk=pk).update(**empty, name_en="")


def _declared(serializer, row) -> dict:
    """DRF's own answer from the declared fields, field by field, nested serializers by their
    declared fields too (not their written-out to_representation)."""
    data = {}
    for field in serializer._readable_fields:
        try:
            value = field.get_attribute(row)
        except SkipField:
            continue
        if value is None:
            data[field.field_name] = None
        elif isinstance(field, serializers.ListSerializer):
            items = value.all() if isinstance(value, models.Manager) else value
            data[field.field_name] = [_declared(field.child, item) for item in items]
        elif isinstance(field, serializers.Serializer):
            data[field.field_name] = _declared(field, value)
        else:
            data[field.field_name] = field.to_representation(value)
    return data


def test_hhmm_is_the_declared_time_fields_output():
    field = serializers.TimeField(format="%H:%M")
    for value in (time(0), time(9, 5), time(23, 59, 59, 999999), time(12, 30, 15), None):
        assert hhmm(value) == (None if value is None else field.to_representation(value))


def test_decimal_output_is_the_declared_decimal_fields_output():
    values = [Decimal("12.50"), Decimal("0.00"), Decimal("-0.00"), Decimal("-3.10"), Decimal("1.5"), Decimal("7"),
              Decimal("9999.99"), Decimal("99999.99"), Decimal("123.456"), Decimal("1E+1"), 3, 2.25, "4.10"]
    fields = [serializers.DecimalField(max_digits=6, decimal_places=2),
              serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False),
              serializers.DecimalField(max_digits=7, decimal_places=3),
              serializers.DecimalField(max_digits=None, decimal_places=2),
              serializers.DecimalField(max_digits=6, decimal_places=2, normalize_output=True)]
    for field in fields:
        for value in values:
            try:
                expected = field.to_representation(value)
            except Exception as error:  # noqa: BLE001 - the same error either way
                with pytest.raises(type(error)):
                    decimal_output(field)(value)
                continue
            got = decimal_output(field)(value)
            assert got == expected and type(got) is type(expected) and str(got) == str(expected), (field, value)


def test_datetime_output_is_the_declared_datetime_fields_output():
    from datetime import UTC, datetime, timedelta
    from datetime import timezone as fixed

    from django.utils import timezone

    from apps.core.serializers import datetime_output

    values = [datetime(2026, 12, 7, 9, 30, tzinfo=UTC), datetime(2026, 12, 7, 23, 59, 59, 999999, tzinfo=UTC),
              datetime(2026, 6, 1, 4, 5, 6, tzinfo=fixed(timedelta(hours=-5))), datetime(2026, 12, 7, 9, 30),
              "2026-12-07T09:30:00Z", None]
    fields = [serializers.DateTimeField(allow_null=True), serializers.DateTimeField(format="%Y-%m-%d %H:%M"),
              serializers.DateTimeField(default_timezone=fixed(timedelta(hours=3)))]
    for zone in ("Asia/Shanghai", "UTC", "America/New_York"):
        with timezone.override(zone):
            for field in fields:
                convert = datetime_output(field, timezone.get_current_timezone())
                for value in values:
                    assert convert(value) == field.to_representation(value), (zone, field, value)
