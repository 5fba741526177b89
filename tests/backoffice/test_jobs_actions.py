# ruff: noqa: F403, F405
"""Bulk actions (issue 7): publish / temporarily close / close / soft delete of facilities
through the places services from the one shared mixin, with a confirmation page, and only on
rows the user may change (row scoping of sub-district officials)."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from apps.places.models import Facility, FacilityStatus
from tests.canteens.factories import CanteenFactory
from tests.charging.factories import StationFactory
from tests.parks.factories import ParkFactory

from .bulk import *  # fixtures and helpers

pytestmark = pytest.mark.django_db

FACTORIES = {"canteens_canteen": CanteenFactory, "parks_park": ParkFactory,
             "charging_chargingstation": StationFactory}


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_official_publishes_only_their_own_rows_after_confirming(client, official_a, community_a, community_b, name):
    factory = FACTORIES[name]
    mine = factory(community=community_a, status=FacilityStatus.DRAFT)
    theirs = factory(community=community_b, status=FacilityStatus.DRAFT)
    login(client, official_a)
    url = reverse(f"admin:{name}_changelist")
    data = {"action": "publish", ACTION_CHECKBOX_NAME: [mine.pk, theirs.pk]}
    confirm = client.post(url, data)
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert 'name="confirmed"' in html and str(mine) in html and str(theirs) not in html
    assert Facility.objects.get(pk=mine.pk).status == FacilityStatus.DRAFT  # nothing before confirming
    assert client.post(url, {**data, "confirmed": "yes"}).status_code == 302
    assert Facility.objects.get(pk=mine.pk).status == FacilityStatus.PUBLISHED
    assert Facility.objects.get(pk=theirs.pk).status == FacilityStatus.DRAFT
    history = Facility.objects.get(pk=mine.pk).history.first()
    assert history.status == FacilityStatus.PUBLISHED


def test_soft_delete_needs_the_delete_permission(client, official_a, district_admin, community_a):
    canteen = CanteenFactory(community=community_a)
    login(client, official_a)
    url = reverse("admin:canteens_canteen_changelist")
    actions = client.get(url).context["action_form"].fields["action"].choices
    assert "soft_delete" not in [name for name, _label in actions]
    client.post(url, {"action": "soft_delete", ACTION_CHECKBOX_NAME: [canteen.pk], "confirmed": "yes"})
    canteen.refresh_from_db()
    assert canteen.deleted_at is None
    login(client, district_admin)
    client.post(url, {"action": "soft_delete", ACTION_CHECKBOX_NAME: [canteen.pk], "confirmed": "yes"})
    canteen.refresh_from_db()
    assert canteen.deleted_at is not None


def test_select_across_a_filtered_list_is_confirmed_then_applied(client, district_admin, community_a, community_b):
    for _ in range(3):
        CanteenFactory(community=community_a, status=FacilityStatus.PUBLISHED)
    other = CanteenFactory(community=community_b, status=FacilityStatus.PUBLISHED)
    login(client, district_admin)
    url = reverse("admin:canteens_canteen_changelist") + f"?community__id__exact={community_a.pk}"
    data = {"action": "temporarily_close", "select_across": "1", "index": "0",
            ACTION_CHECKBOX_NAME: [str(Facility.objects.filter(community=community_a).first().pk)]}
    confirm = client.post(url, data)
    assert confirm.status_code == 200 and 'name="select_across" value="1"' in confirm.content.decode()
    assert client.post(url, {**data, "confirmed": "yes"}).status_code == 302
    statuses = set(Facility.objects.filter(community=community_a).values_list("status", flat=True))
    assert statuses == {FacilityStatus.TEMPORARILY_CLOSED}
    other.refresh_from_db()
    assert other.status == FacilityStatus.PUBLISHED


def test_places_facility_list_uses_the_same_confirmed_actions(client, superuser, community_a):
    canteen = CanteenFactory(community=community_a, status=FacilityStatus.PUBLISHED)
    login(client, superuser)
    url = reverse("admin:places_facility_changelist")
    data = {"action": "close", ACTION_CHECKBOX_NAME: [canteen.pk]}
    assert 'name="confirmed"' in client.post(url, data).content.decode()
    client.post(url, {**data, "confirmed": "yes"})
    assert Facility.objects.get(pk=canteen.pk).status == FacilityStatus.CLOSED
