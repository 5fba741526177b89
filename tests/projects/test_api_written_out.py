"""The projects API's serializers write their rows by plan (apps.core.serializers.WrittenOut,
issue 21): each row equals what DRF's declared fields give, list and detail, nulls, a parent,
sub-districts and sub-projects, in Chinese and in English; and the list reads every field by
the plan but the parent (a related field: DRF's path)."""

from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import translation
from rest_framework import serializers
from rest_framework.request import Request

from apps.core.serializers import representation_plan
from apps.projects import selectors
from apps.projects.api import ProjectDetailOutput, ProjectListOutput
from apps.projects.models import Category, Status
from tests.factories import SubDistrictFactory

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _declared(serializer, row) -> dict:
    """DRF's own representation of ``row`` by ``serializer``'s declared fields."""
    return serializers.Serializer.to_representation(serializer, row)


@pytest.fixture
def projects():
    street_a = SubDistrictFactory(name="甲街道", name_en="Jia")
    street_b = SubDistrictFactory(name="乙街道", name_en="")
    parent = ProjectFactory(title="幸福食堂", title_en="Happiness canteens", target_quantity=Decimal("12.50"),
                            achieved_quantity=Decimal("3"), category=Category.ELDERLY_CARE, is_cumulative=True)
    parent.sub_districts.add(street_a, street_b)
    ProjectFactory(title="子项目", title_en="", parent=parent, unit_en="", status=Status.COMPLETED)
    bare = ProjectFactory(title="无目标", title_en="", target_quantity=None, achieved_quantity=None, unit="",
                          unit_en="", year=2023, is_illustrative=True)
    bare.sub_districts.add(street_b)
    return parent, bare


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_written_out_rows_equal_declared_fields(projects, language):
    request = Request(RequestFactory().get("/api/v1/projects/"))
    with translation.override(language):
        rows = list(selectors.project_list(include_sub_projects=True))
        assert len(rows) == 3
        serializer = ProjectListOutput(rows, many=True, context={"request": request}).child
        for row in rows:
            assert serializer.to_representation(row) == _declared(serializer, row), row.code
        detail = ProjectDetailOutput(context={"request": request})
        for project in projects:
            row = selectors.project_detail(pk=project.pk)
            assert detail.to_representation(row) == _declared(detail, row), row.code
    written = ProjectListOutput(rows, many=True, context={"request": request}).data
    assert [len(item["streets"]) for item in written] == [2, 0, 1]


def test_the_list_plan_reads_every_field_but_the_parent():
    plan = representation_plan(ProjectListOutput)
    assert [name for name, how, *_ in plan if how == "drf"] == ["parent"]
    assert {name for name, how, *_ in plan if how == "direct"} >= {
        "title", "category_label", "target_quantity", "progress_percent", "streets", "quantity_kind"}
