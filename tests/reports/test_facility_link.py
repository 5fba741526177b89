"""Every facility page offers "report a problem with this <kind>" (one shared template, fed
by the reports app's FacilityLink contribution), which opens the form pre-filled."""

import pytest
from django.test import Client

from apps.parks.models import AmenityType
from apps.places import registry
from tests.canteens.factories import full_canteen
from tests.charging.factories import station_with_piles
from tests.parks.factories import park_with


@pytest.mark.parametrize(("make", "label_zh", "label_en", "category"), [
    (lambda c: station_with_piles(community=c), "反映这个充电站的问题", "Report a problem with this charging station",
     "charger-out-of-order"),
    (lambda c: full_canteen(community=c), "的问题", "Report a problem with this senior canteen", "canteen-closed"),
    (lambda c: park_with(AmenityType.TOILETS, community=c), "反映这个公园的问题", "Report a problem with this park",
     "park-lighting"),
])
def test_facility_page_links_to_the_prefilled_form(community, make, label_zh, label_en, category):
    facility = make(community)
    client = Client()
    page = registry.detail_url(facility.kind, facility.pk)
    html = client.get(page).content.decode()
    link = f'href="/reports/new/?facility={facility.pk}"'
    assert link in html and label_zh in html
    assert label_en in client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    form = client.get(f"/reports/new/?facility={facility.pk}").content.decode()
    assert f'value="{category}"' in form and facility.display_name in form
    assert f'href="{page}"' in form  # back to the facility


def test_nearby_page_offers_a_report_at_the_searched_point(community):
    """"Tap to report" without JavaScript: the nearby page's searched point opens the form with
    that point (a PlaceLink contribution; places imports nothing of reports)."""
    client = Client()
    html = client.get("/nearby/", {"lat": community.lat, "lon": community.lon, "radius": 500}).content.decode()
    url = f"/reports/new/?lat={community.lat:.6f}&amp;lon={community.lon:.6f}&amp;crs=wgs84"
    assert f'href="{url}"' in html and "反映这里的问题" in html
    english = client.get("/nearby/", {"lat": community.lat, "lon": community.lon, "radius": 500},
                         HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Report a problem at this place" in english
    form = client.get(url.replace("&amp;", "&")).content.decode()
    assert f'value="{community.lat:.6f}"' in form and f'value="{community.lon:.6f}"' in form
    assert "反映这里的问题" not in client.get("/nearby/").content.decode()  # no point searched, no link


def test_maps_offer_a_report_where_they_are_tapped(community):
    """Tap to report on a map: the nearby map and the reports map get the contribution's link
    with {lat} and {lon} for their script to fill in (places knows nothing of reports)."""
    import json
    import re

    from apps.reports.apps import REPORT_HERE_URL, report_here_url
    from tests.reports.test_pages import submitted

    def taps(html, script_id):
        match = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', html)
        return json.loads(match.group(1))

    client = Client()
    station_with_piles(community=community)  # the map is drawn when something is found
    html = client.get("/nearby/", {"lat": community.lat, "lon": community.lon, "radius": 500}).content.decode()
    assert 'data-taps-id="nearby-map-taps"' in html and 'data-label-tapped="点选的位置"' in html
    assert taps(html, "nearby-map-taps") == [
        {"key": "report-problem-here", "label": "在这里反映问题", "url": "/reports/new/?lat={lat}&lon={lon}&crs=wgs84"}]
    english = client.get("/nearby/", {"lat": community.lat, "lon": community.lon, "radius": 500},
                         HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert taps(english, "nearby-map-taps")[0]["label"] == "Report a problem here"
    assert REPORT_HERE_URL.format(lat="30.580000", lon="114.250000") == report_here_url(30.58, 114.25)

    submitted()
    html = client.get("/reports/").content.decode()
    assert 'data-taps-id="report-map-taps"' in html
    assert taps(html, "report-map-taps")[0]["url"] == REPORT_HERE_URL
    # the form takes the filled-in point
    form = client.get(REPORT_HERE_URL.format(lat="30.580123", lon="114.250456")).content.decode()
    assert 'value="30.580123"' in form and 'value="114.250456"' in form
