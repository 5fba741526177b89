import pytest

from apps.places.models import FacilityStatus
from tests.kinds import assert_list_queries_constant

from .factories import HealthInstitutionFactory

pytestmark = pytest.mark.django_db


def test_list_both_languages_no_js(client):
    hospital = HealthInstitutionFactory(name="同济汉江湾医院", name_en="Tongji Hanjiang Bay Hospital",
                                        institution_type="hospital", grade="3a", tcm=True, mutual_recognition=True)
    html = client.get("/health/").content.decode()
    assert "同济汉江湾医院" in html and "三级甲等" in html and f'href="/health/{hospital.pk}/"' in html
    assert "<script>" not in html and "全科门诊" in html
    en = client.get("/health/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tongji Hanjiang Bay Hospital" in en and "Grade III, class A" in en
    assert "Traditional Chinese medicine" in en and "Test results recognised across the group" in en


def test_list_filters(client):
    HealthInstitutionFactory(name="甲院", institution_type="hospital", grade="2a", vaccination=True,
                             mutual_recognition=True)
    HealthInstitutionFactory(name="乙站", tcm=True)

    def names(**params):
        response = client.get("/health/", params)
        assert response.status_code == 200
        return {n for n in ("甲院", "乙站") if n in response.content.decode()}

    assert names(type="hospital") == {"甲院"}
    assert names(grade="2a,3a") == {"甲院"}
    assert names(service="gp,tcm") == {"乙站"}
    assert names(mutual_recognition="true") == {"甲院"}
    assert names(search="乙") == {"乙站"}


@pytest.mark.parametrize("param,value", [("type", "spa"), ("grade", "5"), ("service", "surgery"),
                                         ("mutual_recognition", "maybe")])
def test_bad_filter(client, param, value):
    assert client.get("/health/", {param: value}).status_code == 400


def test_list_query_count_constant(client, django_assert_max_num_queries):
    assert_list_queries_constant(client, "/health/", HealthInstitutionFactory, django_assert_max_num_queries)


def test_detail(client):
    institution = HealthInstitutionFactory(name="汉正街街道社区卫生服务中心", institution_type="community_centre",
                                           vaccination=True, chronic_followup=True, mutual_recognition=True,
                                           phone="027-12345678")
    zh = client.get(f"/health/{institution.pk}/").content.decode()
    assert "汉正街街道社区卫生服务中心" in zh and "慢性病随访" in zh and "属于区内结果互认机构" in zh and "027-12345678" in zh
    en = client.get(f"/health/{institution.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Community health service centre" in en and "Vaccination" in en


def test_unpublished_404(client):
    assert client.get(f"/health/{HealthInstitutionFactory(status=FacilityStatus.CLOSED).pk}/").status_code == 404
