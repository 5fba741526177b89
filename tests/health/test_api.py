import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.places.models import FacilityStatus
from tests.factories import CommunityFactory
from tests.kinds import assert_api_list_queries_constant, ids

from .factories import HealthInstitutionFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/health/"


def test_item_fields(api_client):
    hospital = HealthInstitutionFactory(institution_type="hospital", grade="3a", vaccination=True,
                                        mutual_recognition=True)
    item = api_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    for key in ("id", "name", "address", "lat", "lon", "street", "community", "url", "open_now"):
        assert key in item
    assert item["url"] == f"/health/{hospital.pk}/"
    assert (item["type"], item["type_label"], item["grade"], item["grade_label"]) == (
        "hospital", "Hospital", "3a", "Grade III, class A")
    assert item["services"] == [{"code": "gp", "label": "General practice"},
                                {"code": "vaccination", "label": "Vaccination"}]
    assert item["mutual_recognition"] is True
    assert api_client.get(f"{URL}{hospital.pk}/").json()["id"] == hospital.pk


def test_only_published(api_client):
    shown = HealthInstitutionFactory()
    HealthInstitutionFactory(status=FacilityStatus.DRAFT)
    HealthInstitutionFactory(deleted_at=timezone.now())
    assert ids(api_client.get(URL)) == [shown.pk]


def test_filters(api_client):
    comm = CommunityFactory()
    centre = HealthInstitutionFactory(institution_type="community_centre", chronic_followup=True, tcm=True,
                                      mutual_recognition=True, community=comm, name="古田街道社区卫生服务中心")
    hospital = HealthInstitutionFactory(institution_type="hospital", grade="2b", gp=False)
    assert ids(api_client.get(URL, {"type": "community_centre,hospital"})) == [centre.pk, hospital.pk]
    assert ids(api_client.get(URL, {"grade": "2b"})) == [hospital.pk]
    assert ids(api_client.get(URL, {"service": ["gp", "tcm"]})) == [centre.pk]
    assert ids(api_client.get(URL, {"mutual_recognition": "0"})) == [hospital.pk]
    assert ids(api_client.get(URL, {"street": comm.sub_district_id, "search": "古田"})) == [centre.pk]


@pytest.mark.parametrize("param,value", [
    ("type", "spa"), ("grade", "5"), ("service", "surgery"), ("mutual_recognition", "maybe"), ("community", "x"),
])
def test_bad_filter_is_400(api_client, param, value):
    response = api_client.get(URL, {param: value})
    assert response.status_code == 400 and param in response.json()


def test_grade_only_for_hospitals():
    with pytest.raises(ValidationError):
        HealthInstitutionFactory.build(community=CommunityFactory(), grade="3a").full_clean()


def test_list_query_count_constant(api_client, django_assert_max_num_queries):
    assert_api_list_queries_constant(api_client, URL, HealthInstitutionFactory, django_assert_max_num_queries)
