"""Every facility kind's list serializer writes the shared facility fields out by hand (issue
21): its answer equals what DRF's declared fields give, row by row, for generated rows of
every kind with hours, exceptions and photos, read as the list API reads them."""

from datetime import time

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse
from rest_framework import serializers
from rest_framework.request import Request

from apps.places.generation import generate_facilities
from apps.places.models import FacilityPhoto, OpeningException, OpeningHours
from apps.places.registry import kind_info, registered_kinds
from apps.places.selectors import local_now
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
        rows = selectors.annotate(selectors.page(pks))
        request = Request(RequestFactory().get(path))
        serializer = view.serializer_class(rows, many=True, context={"request": request}).child
        for row in rows:
            written = serializer.to_representation(row)
            declared = dict(serializers.Serializer.to_representation(serializer, row))
            assert written == declared, kind
            assert list(written) == list(declared), kind  # the same order of keys too
            checked += 1
    assert checked >= 6 * 7
