import pytest

from tests.charging.factories import StationFactory

from .factories import CarParkFactory, reported

pytestmark = pytest.mark.django_db


def test_list_page_filters_and_as_of(client):
    reported(CarParkFactory(name="古田公园地下停车场", spaces_total=474), 120)
    CarParkFactory(name="路边泊位", car_park_type="on_street")
    html = client.get("/parking/", {"car_park_type": "underground"}).content.decode()
    assert "古田公园地下停车场" in html and "路边泊位" not in html
    assert 'name="available"' in html and 'name="car_park_type"' in html
    english = client.get("/parking/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "120 of 474 spaces free" in english and "Free spaces as of" in english
    assert "unknown (no recent report)" in english  # the on-street one has no report
    assert client.get("/parking/", {"available": "maybe"}).status_code == 400


def test_detail_page_links_the_charging_station(client):
    station = StationFactory()
    car_park = CarParkFactory(charging_site=station, ev_spaces=12, height_limit_m="2.2", tariff="每小时3元")
    html = client.get(f"/parking/{car_park.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/charging/{station.pk}/"' in html and "2.2 m" in html and "每小时3元" in html
    zh = client.get(f"/parking/{car_park.pk}/").content.decode()
    assert "空余车位" in zh
    assert client.get("/parking/999999/").status_code == 404


def test_navigation_and_dashboard_link_to_the_list(client):
    CarParkFactory()
    html = client.get("/").content.decode()
    assert 'href="/parking/"' in html
