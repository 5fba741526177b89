import pytest
from django.core.exceptions import ValidationError

from apps.places import nearby, registry, services
from apps.places.models import Facility, FacilityStatus
from tests.factories import CommunityFactory, FacilityFactory


@pytest.fixture
def changed(monkeypatch):
    calls = []
    monkeypatch.setattr(registry, "_CHANGE_LISTENERS", [calls.append])
    return calls


def test_publish_close_temporarily(db, changed):
    facility = FacilityFactory(status=FacilityStatus.DRAFT, lat=30.6, lon=114.2)
    assert nearby.nearby(lat=30.6, lon=114.2, radius_m=10) == []
    services.facility_publish(facility=facility)
    assert facility.status == FacilityStatus.PUBLISHED
    assert [h.id for h in nearby.nearby(lat=30.6, lon=114.2, radius_m=10)] == [facility.id]
    services.facility_temporarily_close(facility=facility)
    assert Facility.objects.get(pk=facility.pk).status == FacilityStatus.TEMPORARILY_CLOSED
    services.facility_close(facility=facility)
    assert Facility.objects.get(pk=facility.pk).status == FacilityStatus.CLOSED
    assert nearby.nearby(lat=30.6, lon=114.2, radius_m=10) == []
    assert changed == [[facility.id]] * 3
    # history kept for every change
    assert list(facility.history.order_by("history_date").values_list("status", flat=True))[-3:] == [
        "published", "temporarily_closed", "closed"]


def test_unchanged_status_tells_nobody(db, changed):
    facility = FacilityFactory()
    services.facility_publish(facility=facility)
    assert changed == []


def test_move(db, changed):
    facility = FacilityFactory(lat=30.6, lon=114.2)
    other = CommunityFactory()
    services.facility_move(facility=facility, lat=30.62, lon=114.25, community=other)
    stored = Facility.objects.get(pk=facility.pk)
    assert (stored.lat, stored.lon, stored.community_id) == (30.62, 114.25, other.id)
    assert [h.id for h in nearby.nearby(lat=30.62, lon=114.25, radius_m=1)] == [facility.id]
    assert changed == [[facility.id]]


@pytest.mark.parametrize(("lat", "lon", "field"), [(91, 114, "lat"), (30, 181, "lon"), ("x", 114, "lat")])
def test_move_validates(db, changed, lat, lon, field):
    facility = FacilityFactory()
    with pytest.raises(ValidationError) as error:
        services.facility_move(facility=facility, lat=lat, lon=lon)
    assert field in error.value.message_dict
    assert changed == []


def test_soft_delete(db, changed):
    facility = FacilityFactory(lat=30.6, lon=114.2)
    services.facility_soft_delete(facility=facility)
    services.facility_soft_delete(facility=facility)  # twice is harmless
    assert Facility.objects.filter(pk=facility.pk).exists()
    assert facility.deleted_at is not None
    assert nearby.nearby(lat=30.6, lon=114.2, radius_m=10) == []
    assert changed == [[facility.id]]
    with pytest.raises(ValidationError):
        services.facility_publish(facility=facility)


def test_listener_runs_inside_the_transaction(db, monkeypatch):
    def failing(ids):
        raise RuntimeError("listener failed")

    monkeypatch.setattr(registry, "_CHANGE_LISTENERS", [failing])
    facility = FacilityFactory(status=FacilityStatus.DRAFT)
    with pytest.raises(RuntimeError):
        services.facility_publish(facility=facility)
    assert Facility.objects.get(pk=facility.pk).status == FacilityStatus.DRAFT


def test_admin_facility_change_page_with_inlines(rf, superuser):
    """Rendered through the ModelAdmin directly (the staff two-factor middleware is tested by
    accounts)."""
    from django.contrib import admin

    facility = FacilityFactory()
    request = rf.get(f"/admin/places/facility/{facility.pk}/change/")
    request.user = superuser
    response = admin.site._registry[Facility].change_view(request, str(facility.pk))
    assert response.status_code == 200
    body = response.render().content.decode()
    assert "openstreetmap.org/?mlat=" in body
    assert "opening_hours-TOTAL_FORMS" in body


def test_inlines_attach_to_the_facility_behind_a_one_to_one_model(rf, superuser):
    """The reusable inlines also serve admins of models extending Facility one-to-one."""
    from django.contrib import admin

    from apps.places.admin import FacilityInlineFormSet, OpeningHoursInline

    class Extension:
        def __init__(self, facility):
            self.facility = facility

    facility = FacilityFactory()
    inline = OpeningHoursInline(Facility, admin.site)
    request = rf.get("/")
    request.user = superuser
    formset_class = inline.get_formset(request)
    assert issubclass(formset_class, FacilityInlineFormSet)
    formset = formset_class(instance=Extension(facility))
    assert formset.instance == facility
