import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from apps.canteens.models import Canteen
from apps.places.models import FacilityStatus
from tests.otp import staff_login

from .factories import CanteenFactory, full_canteen

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/canteens/canteen/"



def test_changelist_with_filters_and_search(admin_client, django_assert_max_num_queries):
    canteen = full_canteen(name="古田幸福食堂")
    for _ in range(5):
        CanteenFactory()
    response = admin_client.get(CHANGELIST, {"q": "古田", "status__exact": "published"})
    assert response.status_code == 200
    assert "古田幸福食堂" in response.content.decode()
    assert admin_client.get(CHANGELIST, {"meal": "lunch"}).status_code == 200
    assert admin_client.get(CHANGELIST, {"community__sub_district__id__exact": canteen.community.sub_district_id}).status_code == 200


def test_change_form_has_inlines_and_map_preview(admin_client):
    canteen = full_canteen()
    html = admin_client.get(f"{CHANGELIST}{canteen.pk}/change/").content.decode()
    assert "openstreetmap.org" in html
    for prefix in ("meal_services", "discounts", "menu_items", "opening_hours"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html


def test_add_canteen_sets_kind_and_draft(admin_client):
    canteen = CanteenFactory()
    community = canteen.community
    data = {
        "name": "新食堂", "name_en": "", "address": "某路1号", "address_en": "", "community": community.pk,
        "lat": "30.58", "lon": "114.25", "phone": "", "accessibility": "[]", "description": "",
        "description_en": "", "last_verified": "", "code": "", "operator": "", "operator_en": "",
        "seats": "20", "delivery_note": "", "delivery_note_en": "",
    }
    for prefix in ("meal_services", "discounts", "menu_items", "opening_hours", "opening_exceptions", "photos"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = admin_client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Canteen.objects.get(name="新食堂")
    assert created.kind == "canteen"
    assert created.status == FacilityStatus.DRAFT


@pytest.mark.parametrize("action,status", [
    ("publish", FacilityStatus.PUBLISHED), ("close", FacilityStatus.CLOSED),
    ("temporarily_close", FacilityStatus.TEMPORARILY_CLOSED),
])
def test_status_actions_ask_for_confirmation_then_call_the_service(admin_client, action, status):
    canteen = CanteenFactory(status=FacilityStatus.DRAFT if action == "publish" else FacilityStatus.PUBLISHED)
    data = {"action": action, ACTION_CHECKBOX_NAME: [canteen.pk]}
    confirm = admin_client.post(CHANGELIST, data)
    assert confirm.status_code == 200
    assert 'name="confirmed"' in confirm.content.decode()
    canteen.refresh_from_db()
    assert canteen.status != status
    done = admin_client.post(CHANGELIST, {**data, "confirmed": "yes"})
    assert done.status_code == 302
    canteen.refresh_from_db()
    assert canteen.status == status
    assert canteen.history.count() >= 1


def test_soft_delete_action_keeps_the_row(admin_client):
    canteen = CanteenFactory()
    admin_client.post(CHANGELIST, {"action": "soft_delete", ACTION_CHECKBOX_NAME: [canteen.pk], "confirmed": "yes"})
    canteen.refresh_from_db()
    assert canteen.deleted_at is not None
    assert not Canteen.objects.published().filter(pk=canteen.pk).exists()


def test_history_page(admin_client):
    canteen = CanteenFactory()
    assert admin_client.get(f"{CHANGELIST}{canteen.pk}/history/").status_code == 200


def test_official_sees_only_their_sub_district(client, facility_admin):
    from django.contrib.auth.models import Group

    from apps.accounts import roles

    mine = CanteenFactory(name="我的食堂")
    CanteenFactory(name="别处食堂")
    facility_admin.groups.add(Group.objects.get_or_create(name=roles.OFFICIAL)[0])
    facility_admin.sub_districts.add(mine.community.sub_district)
    staff_login(client, facility_admin)
    html = client.get(CHANGELIST).content.decode()
    assert "我的食堂" in html and "别处食堂" not in html


def _change_data(canteen, **overrides) -> dict:
    data = {
        "name": canteen.name, "name_en": canteen.name_en, "address": canteen.address, "address_en": "",
        "community": canteen.community_id, "lat": str(canteen.lat), "lon": str(canteen.lon), "phone": "",
        "accessibility": "[]", "description": "", "description_en": "", "last_verified": "", "code": canteen.code or "",
        "operator": canteen.operator, "operator_en": canteen.operator_en, "seats": str(canteen.seats),
        "delivery_note": "", "delivery_note_en": "",
    }
    for prefix in ("meal_services", "discounts", "menu_items", "opening_hours", "opening_exceptions", "photos"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


@pytest.fixture
def moves(monkeypatch):
    """The facility ids each ``facilities_changed`` announced (what nearby and coverage follow)."""
    from apps.places import registry

    seen: list[list[int]] = []
    monkeypatch.setattr(registry, "_CHANGE_LISTENERS", [*registry._CHANGE_LISTENERS, seen.append])
    return seen


def test_moving_a_canteen_in_the_admin_writes_it_once(admin_client, facility_admin, moves):
    """Issue 16 part 4: the change form saves the facility once (one UPDATE, one history
    row by the official) and the move is announced once through the places service."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    canteen = CanteenFactory()
    history_before = canteen.history.count()
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(f"{CHANGELIST}{canteen.pk}/change/", _change_data(canteen, lat="30.5912"))
    assert response.status_code == 302, response.content.decode()[:3000]
    canteen.refresh_from_db()
    assert canteen.lat == pytest.approx(30.5912)
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "places_facility"')
               and not q["sql"].startswith('UPDATE "places_facility" SET "filter_bits"')]  # (apps.places.filter_bits)
    assert len(updates) == 1, updates
    assert canteen.history.count() == history_before + 1
    assert canteen.history.first().history_user == facility_admin
    assert moves == [[canteen.pk]]
    # a change that moves nothing is not announced as a move
    admin_client.post(f"{CHANGELIST}{canteen.pk}/change/", _change_data(canteen, name="改名食堂"))
    assert moves == [[canteen.pk]]


def test_a_point_off_the_globe_is_a_form_error(admin_client, moves):
    canteen = CanteenFactory()
    response = admin_client.post(f"{CHANGELIST}{canteen.pk}/change/", _change_data(canteen, lat="200"))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    canteen.refresh_from_db()
    assert canteen.lat == pytest.approx(30.58) and moves == []
