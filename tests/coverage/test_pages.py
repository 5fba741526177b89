import csv
import io

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from apps.coverage.models import CoverageSnapshot, coverage_kinds
from apps.coverage.services import coverage_recompute, snapshot_take
from tests.downloads import assert_download
from tests.factories import CommunityFactory

from .conftest import KM_LAT, LON0

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.coverage.urls")]


def test_page_works_without_javascript(client, district, canteen_near_first):
    from apps.facts import seed as facts_seed

    facts_seed.run(type("Command", (), {"stdout": io.StringIO()})())  # the reported figures are data
    coverage_recompute()
    snapshot_take()
    response = client.get("/coverage/", {"kind": "canteen"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'id="coverage-table"' in html and "Community 5" in html
    assert "33.3%" in html  # 2 of 6 communities
    assert "2 of 6" in html
    assert "4 communities not served" in html
    assert "1,700 m away" in html  # community 2's nearest canteen
    assert "Reported for 2024" in html and "70%" in html and "95%" in html and "90%" in html
    assert "/api/v1/coverage/geojson/?kind=canteen" in html
    assert "<script>" not in html  # CSP: no inline script
    assert response.context["trend"][0].served == 2


def test_page_chinese_by_default(client, district):
    html = client.get("/coverage/").content.decode()
    assert "服务覆盖" in html


def test_street_and_kind_selection(client, district, canteen_near_first):
    coverage_recompute()
    west = district["streets"][1]
    response = client.get("/coverage/", {"kind": "park", "street": west.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert [r.community.code for r in response.context["rows"]] == ["K3", "K4", "K5"]
    assert response.context["summary"]["served"] == 0


def test_bad_kind_is_a_400_with_the_form(client, district):
    response = client.get("/coverage/", {"kind": "zoo"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_page_query_count_constant(client, district, canteen_near_first, django_assert_max_num_queries):
    coverage_recompute()
    with django_assert_max_num_queries(22):
        client.get("/coverage/", {"kind": "canteen"})
    for i in range(30):
        CommunityFactory(sub_district=district["streets"][i % 2], lat=30.62 + i * KM_LAT, lon=LON0)
    coverage_recompute()
    with django_assert_max_num_queries(22):
        response = client.get("/coverage/", {"kind": "canteen"})
    assert len(response.context["rows"]) == 36


def test_csv_download(client, district, canteen_near_first):
    coverage_recompute()
    response = client.get("/coverage/coverage.csv", {"kind": "canteen"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert_download(response)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "community id" and len(rows) == 7
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["nearest facility id"] == str(canteen_near_first.pk)
    assert first["served"] == "yes" and first["distance (m)"] == "300.0"
    assert client.get("/coverage/coverage.csv", {"kind": "x"}).status_code == 400


def test_headline_tag(district, canteen_near_first, django_assert_max_num_queries):
    coverage_recompute()
    request = RequestFactory().get("/")
    with django_assert_max_num_queries(8):
        html = Template("{% load coverage_tags %}{% coverage_headline %}").render(Context({"request": request}))
    assert "33.3%" in html and "/coverage/?kind=park" in html


def test_snapshot_per_month_is_idempotent(district, canteen_near_first):
    coverage_recompute()
    snapshot_take()
    snapshot_take()
    snap = CoverageSnapshot.objects.get(kind="canteen")
    assert (snap.served, snap.communities, snap.population, snap.served_population) == (2, 6, 21000, 3000)
    assert snap.percent == 33.3
    assert {s["street"]: s["served"] for s in snap.by_street} == {
        district["streets"][0].pk: 2, district["streets"][1].pk: 0,
    }
    assert CoverageSnapshot.objects.count() == len(coverage_kinds())  # one a kind
