import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from apps.places.models import FacilityStatus

from .factories import ParkFactory, park_with

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/parks/park/"


def test_changelist(admin_client):
    park_with("toilets", name="古田公园")
    assert "古田公园" in admin_client.get(CHANGELIST, {"q": "古田"}).content.decode()
    assert admin_client.get(CHANGELIST, {"amenity": "toilets", "park_type__exact": "pocket"}).status_code == 200


def test_change_form(admin_client):
    park = park_with("toilets")
    html = admin_client.get(f"{CHANGELIST}{park.pk}/change/").content.decode()
    assert "openstreetmap.org" in html
    assert 'name="amenities-TOTAL_FORMS"' in html and 'name="opening_hours-TOTAL_FORMS"' in html


def test_publish_temporarily_close_actions(admin_client):
    park = ParkFactory(status=FacilityStatus.DRAFT)
    data = {"action": "publish", ACTION_CHECKBOX_NAME: [park.pk]}
    assert 'name="confirmed"' in admin_client.post(CHANGELIST, data).content.decode()
    admin_client.post(CHANGELIST, {**data, "confirmed": "yes"})
    park.refresh_from_db()
    assert park.status == FacilityStatus.PUBLISHED
    admin_client.post(CHANGELIST, {"action": "temporarily_close", ACTION_CHECKBOX_NAME: [park.pk],
                                   "confirmed": "yes"})
    park.refresh_from_db()
    assert park.status == FacilityStatus.TEMPORARILY_CLOSED
