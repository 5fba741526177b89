import random

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from apps.accessibility import seed
from apps.accessibility.models import AccessibilitySite, feature_codes
from apps.accessibility.synthesize import synthesize
from apps.places.models import Facility, FacilityStatus
from apps.places.registry import kind_info
from tests.canteens.factories import CanteenFactory
from tests.factories import CommunityFactory

from .factories import SiteFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("site_type,condition,codes", [
    ("ramp", "good", ["ramp"]), ("barrier_free_entrance", "needs_repair", ["step_free"]),
    ("accessible_toilet", "out_of_service", []), ("tactile_paving", "good", ["tactile_paving"]),
])
def test_feature_codes_follow_type_and_condition_on_every_save(site_type, condition, codes):
    site = SiteFactory(site_type=site_type, condition=condition, accessibility=["hearing_loop"])
    assert Facility.objects.get(pk=site.pk).accessibility == codes == feature_codes(site_type, condition)
    site.condition = "out_of_service"
    site.save(update_fields=["condition"])
    assert Facility.objects.get(pk=site.pk).accessibility == []


def test_api_list_detail_and_filters(client):
    canteen = CanteenFactory(name="幸福食堂")
    ramp = SiteFactory(site_type="ramp", serves_facility=canteen)
    toilet = SiteFactory(site_type="accessible_toilet", condition="needs_repair", serves_address="汉正街口",
                         serves_address_en="Hanzheng Street corner")
    item = client.get(f"/api/v1/accessibility-sites/{ramp.pk}/").json()
    assert item["site_type"] == "ramp" and item["condition"] == "good"
    assert item["serves"] == {"kind": "canteen", "id": canteen.pk, "name": "幸福食堂", "url": f"/canteens/{canteen.pk}/"}
    english = client.get(f"/api/v1/accessibility-sites/{toilet.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["serves"] is None and english["serves_address"] == "Hanzheng Street corner"

    def ids(query):
        return {r["id"] for r in client.get(f"/api/v1/accessibility-sites/?{query}").json()["results"]}

    assert ids("site_type=ramp") == {ramp.pk}
    assert ids("condition=needs_repair,out_of_service") == {toilet.pk}
    assert ids("serves_kind=canteen") == {ramp.pk}
    assert client.get("/api/v1/accessibility-sites/?site_type=stairs").status_code == 400


def test_pages(client):
    canteen = CanteenFactory(name="幸福食堂", name_en="Happiness canteen")
    site = SiteFactory(name="食堂坡道", name_en="Canteen ramp", serves_facility=canteen)
    html = client.get("/accessibility/", {"site_type": "ramp"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Canteen ramp" in html and "Serves Happiness canteen" in html and "362 new accessibility facilities" in html
    detail = client.get(f"/accessibility/{site.pk}/").content.decode()
    assert f'href="/canteens/{canteen.pk}/"' in detail and "无障碍" in detail


def test_admin(admin_client):
    site = SiteFactory(name="坡道甲", status=FacilityStatus.DRAFT)
    changelist = "/admin/accessibility/accessibilitysite/"
    assert "坡道甲" in admin_client.get(changelist, {"q": "坡道"}).content.decode()
    html = admin_client.get(f"{changelist}{site.pk}/change/").content.decode()
    assert 'name="site_type"' in html and 'name="accessibility"' not in html  # follows the type
    admin_client.post(changelist, {"action": "publish", ACTION_CHECKBOX_NAME: [site.pk], "confirmed": "yes"})
    site.refresh_from_db()
    assert site.status == FacilityStatus.PUBLISHED
    assert admin_client.get(f"{changelist}{site.pk}/history/").status_code == 200


def test_seed_362_illustrative_idempotent(seeded_places, command):
    CanteenFactory()
    seed.run(command)
    sites = AccessibilitySite.objects.all()
    assert sites.count() == 362 and all(s.is_illustrative and s.built_in == 2024 for s in sites)
    assert sites.filter(serves_facility__isnull=False).exists()
    before = sorted(sites.values_list("code", "lat", "lon", "site_type", "accessibility"))
    history = AccessibilitySite.history.count()
    seed.run(command)
    assert sorted(AccessibilitySite.objects.values_list("code", "lat", "lon", "site_type", "accessibility")) == before
    assert AccessibilitySite.history.count() == history


def test_registered_as_accessibility_sites():
    info = kind_info("accessibility")
    assert info.accessibility_sites and info.synthesize is synthesize and info.list_url_name == "accessibility:list"


def test_synthesize_is_reproducible_and_sets_the_codes():
    def run():
        community = CommunityFactory()
        base = Facility.objects.bulk_create([
            Facility(kind="accessibility", name=f"合成{i}", address="x", community=community, lat=30.5,
                     lon=114.2 + i / 1000, status="published", accessibility=["braille"]) for i in range(40)])
        synthesize(base, random.Random(3))
        rows = sorted((s.pk - base[0].pk, s.site_type, s.condition, tuple(s.accessibility))
                      for s in AccessibilitySite.objects.filter(pk__in=[f.pk for f in base]))
        return rows

    first, second = run(), run()
    assert first == second and len(first) == 40
    assert all(list(codes) == feature_codes(site_type, condition) for _pk, site_type, condition, codes in first)
