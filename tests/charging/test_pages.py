import pytest

from apps.places.models import FacilityStatus

from .factories import ChargePointFactory, StationFactory, station_with_piles

pytestmark = pytest.mark.django_db


def test_list_page_both_languages_and_no_js(client):
    station = station_with_piles(name="古田充电站", name_en="Gutian charging station")
    zh = client.get("/charging/")
    assert zh.status_code == 200
    html = zh.content.decode()
    assert "古田充电站" in html
    assert '<form method="get"' in html and f'href="/charging/{station.pk}/"' in html
    assert "<script>" not in html
    en = client.get("/charging/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Gutian charging station" in en
    assert "2 of 2 piles free" in en


def test_list_page_filters(client):
    fast = station_with_piles(piles=[("ccs2", "dc", 180)], name="快站")
    slow = station_with_piles(piles=[("gbt_ac", "ac", 7)], name="慢站")
    slow.charge_points.update(status="charging")

    def names(**params):
        html = client.get("/charging/", params).content.decode()
        return {n for n in ("快站", "慢站") if n in html}

    assert names(connector="ccs2") == {"快站"}
    assert names(min_power_kw="50") == {"快站"}
    assert names(available="true") == {"快站"}
    assert names(search="慢") == {"慢站"}
    assert names(street=slow.community.sub_district_id) == {"慢站"}
    assert fast


def test_bad_filter_is_shown(client):
    response = client.get("/charging/", {"min_power_kw": "lots"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_list_page_query_count_constant(client, django_assert_max_num_queries):
    station_with_piles()
    with django_assert_max_num_queries(14) as few:
        client.get("/charging/")
    for _ in range(25):
        station = station_with_piles()
        ChargePointFactory(station=station)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/charging/", {"page_size": 26})
    assert response.content.decode().count('class="card"') == 26


def test_detail_page(client):
    station = station_with_piles(is_illustrative=True)
    point = station.charge_points.first()
    point.status = "out_of_order"
    point.save()
    html = client.get(f"/charging/{station.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Out of order" in html
    assert "GB/T DC, DC, 120 kW" in html
    assert "1.150" in html
    assert "Illustrative" in html


def test_detail_unpublished_404(client):
    assert client.get(f"/charging/{StationFactory(status=FacilityStatus.CLOSED).pk}/").status_code == 404


# the blocks the card's lines were written with before the charging_cards tags (issue 21)
CARD_LINES = (
    '{% load i18n %}{% blocktranslate with free=station.points_available total=station.points_total %}'
    '{{ free }} of {{ total }} piles free{% endblocktranslate %}|'
    '{{ station.connector_labels|join:" · " }}{% if station.max_power_kw %} · {% blocktranslate with '
    'kw=station.max_power_kw|floatformat:"-1" %}up to {{ kw }} kW{% endblocktranslate %}{% endif %}|'
    '{% blocktranslate with total=station.total_per_kwh operator=station.operator.display_name %}'
    '¥{{ total }}/kWh incl. service fee · {{ operator }}{% endblocktranslate %}'
)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_card_lines_are_what_the_blocks_wrote(language):
    from django.template import Context, Template
    from django.utils import translation

    from apps.charging.selectors import stations

    from .factories import OperatorFactory

    fast = station_with_piles(piles=[("ccs2", "dc", 187.5), ("gbt_ac", "ac", 7)],
                              operator=OperatorFactory(name="<快充> & 公司", name_en="Fast & <Co>"))
    bare = StationFactory()  # no piles: no connectors, no power
    tags = Template("{% load charging_cards %}{% piles_free station %}|{% connectors_line station %}|"
                    "{% price_line station %}")
    with translation.override(language):
        rows = sorted(stations.annotate(stations.page([fast.pk, bare.pk])), key=lambda row: row.pk != fast.pk)
        written = [tags.render(Context({"station": row})) for row in rows]
        assert written == [Template(CARD_LINES).render(Context({"station": row})) for row in rows]
    assert "187.5" in written[0] and "&amp;" in written[0] and "&lt;" in written[0]  # (the fast one first)
