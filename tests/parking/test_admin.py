import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from apps.places.models import FacilityStatus

from .factories import CarParkFactory, ParkingOperatorFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/parking/carpark/"


def test_changelist_and_search(admin_client):
    CarParkFactory(name="古田公园地下停车场")
    assert "古田公园地下停车场" in admin_client.get(CHANGELIST, {"q": "古田"}).content.decode()
    assert admin_client.get(CHANGELIST, {"car_park_type__exact": "underground"}).status_code == 200


def test_change_form_and_history(admin_client):
    car_park = CarParkFactory()
    html = admin_client.get(f"{CHANGELIST}{car_park.pk}/change/").content.decode()
    assert 'name="opening_hours-TOTAL_FORMS"' in html and 'name="spaces_total"' in html
    assert 'name="free_spaces"' not in html  # live: from the operator API only
    assert admin_client.get(f"{CHANGELIST}{car_park.pk}/history/").status_code == 200


def test_publish_action(admin_client):
    car_park = CarParkFactory(status=FacilityStatus.DRAFT)
    admin_client.post(CHANGELIST, {"action": "publish", ACTION_CHECKBOX_NAME: [car_park.pk], "confirmed": "yes"})
    car_park.refresh_from_db()
    assert car_park.status == FacilityStatus.PUBLISHED


def test_clean_refuses_more_accessible_spaces_than_spaces():
    from django.core.exceptions import ValidationError

    car_park = CarParkFactory.build(spaces_total=10, accessible_spaces=11, community=None)
    with pytest.raises(ValidationError) as error:
        car_park.clean()
    assert "accessible_spaces" in error.value.message_dict


def test_operator_admin(admin_client):
    ParkingOperatorFactory(name="硚口停车")
    assert "硚口停车" in admin_client.get("/admin/parking/parkingoperator/").content.decode()
