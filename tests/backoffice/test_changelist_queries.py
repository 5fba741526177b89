"""Working comfort (issue 7): every change list runs a constant number of queries, the admin
speaks Chinese by default, and the lists officials use most have their filters."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .rows import ROW_MAKERS, registered_labels, staff_login, two_sub_districts

pytestmark = pytest.mark.django_db


def _changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_every_change_list_runs_a_constant_number_of_queries(client, superuser):
    """3 rows, then 10 rows: the same number of queries for every registered ModelAdmin."""
    staff_login(client, superuser)
    sub_a, sub_b = two_sub_districts()
    models = {model._meta.label_lower: model for model in admin.site._registry}
    grew = []
    for label in registered_labels():
        make = ROW_MAKERS[label]
        if label == "places.subdistrict":  # the row maker returns the given sub-district
            make = lambda sd: two_sub_districts()[0]  # noqa: E731
        for i in range(3):
            make(sub_a if i % 2 else sub_b)
        url = _changelist_url(models[label])
        client.get(url)  # warm per-process caches (content types, site-wide lookups)
        few = _queries(client, url)
        for i in range(7):
            make(sub_a if i % 2 else sub_b)
        many = _queries(client, url)
        if many > few:
            grew.append(f"{label}: {few} -> {many} queries")
    assert not grew, "change lists whose query count grows with the rows:\n" + "\n".join(grew)


def test_the_admin_speaks_chinese_to_staff_without_a_preference(client, settings):
    from django.contrib.auth import get_user_model

    assert settings.LANGUAGE_CODE == "zh-hans"
    staff = get_user_model().objects.create_user(username="clerk", password=None, is_staff=True)
    staff_login(client, staff)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="zh-hans"' in html and "后台首页" in html


# model: list filters (any of these lookups) and date hierarchy the officials rely on
FILTERS = {
    "canteens.canteen": ({"community__sub_district", "community", "status"}, "updated_at"),
    "charging.chargingstation": ({"community__sub_district", "community", "status"}, "updated_at"),
    "parks.park": ({"community__sub_district", "community", "status"}, "updated_at"),
    "projects.project": ({"sub_districts", "status"}, "updated_at"),
    "projects.milestone": ({"project__sub_districts"}, None),
    "housing_swap.application": ({"status"}, "submitted_at"),
}


@pytest.mark.parametrize("label", sorted(FILTERS))
def test_lists_have_filters_by_sub_district_community_status_and_dates(label):
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    model_admin = admin.site._registry[model]
    names = set()
    for entry in model_admin.list_filter:
        if isinstance(entry, str):
            names.add(entry)
        elif isinstance(entry, tuple):
            names.add(entry[0])
        else:
            names.add(getattr(entry, "parameter_name", entry.__name__))
    wanted, hierarchy = FILTERS[label]
    assert wanted <= names, f"{label} lacks filters {wanted - names}"
    if hierarchy:
        assert model_admin.date_hierarchy == hierarchy
