import csv
import io
import json
from datetime import time

import pytest
from django.utils import timezone

from apps.places.models import FacilityStatus, OpeningHours
from apps.places.registry import registered_kinds
from tests.eldercare.factories import ElderCareSiteFactory
from tests.health.factories import HealthInstitutionFactory
from tests.parks.factories import ParkFactory

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_index_lists_every_kind_with_licence_fields_and_update_time(client):
    site = ElderCareSiteFactory()
    ElderCareSiteFactory(status=FacilityStatus.DRAFT)
    response = client.get("/open-data/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    for kind in registered_kinds():
        assert f'href="/open-data/{kind}.csv"' in html and f'href="/open-data/{kind}.geojson"' in html
    assert "CC BY 4.0" in html and 'rel="license"' in html
    assert "<code>respite_beds</code>" in html and "<code>mutual_recognition</code>" in html
    assert "<code>park_type</code>" in html and "<code>opening_hours</code>" in html
    assert "1 published facility" in html  # the draft is not counted
    assert timezone.localtime(site.updated_at).strftime("%Y-%m-%d %H:%M") in html  # Asia/Shanghai
    zh = client.get("/open-data/").content.decode()
    assert "开放数据" in zh and "许可协议" in zh


def test_csv_has_the_common_and_the_kinds_own_columns(client):
    site = ElderCareSiteFactory(name="古田养老服务中心", level="centre", respite_beds=6, code="E-1", is_illustrative=True)
    OpeningHours.objects.create(facility=site, weekday=0, opens=time(8), closes=time(17, 30))
    ElderCareSiteFactory(status=FacilityStatus.CLOSED)
    response = client.get("/open-data/eldercare.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "creativecommons.org/licenses/by/4.0" in response["Link"]
    table = list(csv.DictReader(io.StringIO(body(response).lstrip("\ufeff"))))
    assert len(table) == 1
    row = table[0]
    assert row["id"] == str(site.pk) and row["kind"] == "eldercare" and row["code"] == "E-1"
    assert row["name"] == "古田养老服务中心" and row["level"] == "centre" and row["respite_beds"] == "6"
    assert row["day_care"] == "1" and row["bathing_help"] == "0" and row["is_illustrative"] == "1"
    assert row["opening_hours"] == "Mo 08:00-17:30" and row["url"] == f"/eldercare/{site.pk}/"
    assert "status" not in row


def test_geojson(client):
    hospital = HealthInstitutionFactory(institution_type="hospital", grade="3a", lat=30.6, lon=114.2)
    HealthInstitutionFactory(deleted_at="2024-01-01T00:00:00Z")
    response = client.get("/open-data/health.geojson")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    data = json.loads(body(response))
    assert data["type"] == "FeatureCollection" and data["license"] == "CC BY 4.0"
    assert [f["id"] for f in data["features"]] == [hospital.pk]
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [114.2, 30.6]}
    assert feature["properties"]["grade"] == "3a" and feature["properties"]["gp"] == "1"


def test_empty_and_unknown(client):
    assert json.loads(body(client.get("/open-data/park.geojson")))["features"] == []
    assert client.get("/open-data/spaceport.csv").status_code == 404
    assert client.get("/open-data/spaceport.geojson").status_code == 404


@pytest.mark.parametrize("suffix", ["csv", "geojson"])
def test_query_count_constant(client, django_assert_max_num_queries, suffix):
    ParkFactory()
    with django_assert_max_num_queries(4) as few:
        body(client.get(f"/open-data/park.{suffix}"))
    for _ in range(30):
        ParkFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert body(client.get(f"/open-data/park.{suffix}")).count("/parks/") == 31
