import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from apps.places.models import FacilityStatus
from tests.kinds import assert_official_sees_own_only

from .factories import ElderCareSiteFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/eldercare/eldercaresite/"


def test_changelist_and_filters(admin_client):
    ElderCareSiteFactory(name="古田老年人服务中心", level="centre")
    assert "古田老年人服务中心" in admin_client.get(CHANGELIST, {"q": "古田"}).content.decode()
    response = admin_client.get(CHANGELIST, {"level__exact": "centre", "day_care__exact": "1"})
    assert response.status_code == 200 and "古田老年人服务中心" in response.content.decode()


def test_change_form_and_history(admin_client):
    site = ElderCareSiteFactory()
    html = admin_client.get(f"{CHANGELIST}{site.pk}/change/").content.decode()
    assert "openstreetmap.org" in html and 'name="respite_beds"' in html
    assert 'name="opening_hours-TOTAL_FORMS"' in html
    assert admin_client.get(f"{CHANGELIST}{site.pk}/history/").status_code == 200


def test_publish_action(admin_client):
    site = ElderCareSiteFactory(status=FacilityStatus.DRAFT)
    admin_client.post(CHANGELIST, {"action": "publish", ACTION_CHECKBOX_NAME: [site.pk], "confirmed": "yes"})
    site.refresh_from_db()
    assert site.status == FacilityStatus.PUBLISHED


def test_official_sees_only_their_sub_district(client, facility_admin):
    assert_official_sees_own_only(client, facility_admin, CHANGELIST, ElderCareSiteFactory)
