import pytest

from apps.places.models import FacilityStatus
from tests.canteens.factories import CanteenFactory
from tests.kinds import assert_list_queries_constant

from .factories import ElderCareSiteFactory

pytestmark = pytest.mark.django_db


def test_list_both_languages_no_js(client):
    site = ElderCareSiteFactory(name="古田老年人服务中心", name_en="Gutian elder service centre", level="centre",
                                respite_beds=6, home_service=True, home_service_radius_m=1500)
    html = client.get("/eldercare/").content.decode()
    assert "古田老年人服务中心" in html and '<form method="get"' in html and f'href="/eldercare/{site.pk}/"' in html
    assert "<script>" not in html and "日间照料" in html
    en = client.get("/eldercare/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Gutian elder service centre" in en and "6 respite beds" in en and "within 1,500 m" in en
    assert "Community elder service centre" in en and "Day care" in en


def test_list_filters(client):
    ElderCareSiteFactory(name="甲站", level="centre", bathing_help=True, respite_beds=4, home_service=True)
    ElderCareSiteFactory(name="乙站", level="hub_point", day_care=False)

    def names(**params):
        response = client.get("/eldercare/", params)
        assert response.status_code == 200
        return {n for n in ("甲站", "乙站") if n in response.content.decode()}

    assert names(level="centre,hub_point") == {"甲站", "乙站"}
    assert names(level="hub_point") == {"乙站"}
    assert names(service="bathing_help,respite_beds") == {"甲站"}
    assert names(service="day_care") == {"甲站"}
    assert names(home_service="true") == {"甲站"}
    assert names(search="乙") == {"乙站"}


@pytest.mark.parametrize("param,value", [("level", "palace"), ("service", "massage"), ("home_service", "maybe")])
def test_bad_filter(client, param, value):
    assert client.get("/eldercare/", {param: value}).status_code == 400


def test_list_query_count_constant(client, django_assert_max_num_queries):
    assert_list_queries_constant(client, "/eldercare/", ElderCareSiteFactory, django_assert_max_num_queries)


def test_detail_shows_nearest_canteen(client):
    site = ElderCareSiteFactory(name="区第二福利院", name_en="Second District Welfare Home", operator="区民政局",
                                lat=30.58, lon=114.25)
    CanteenFactory(name="远食堂", lat=30.59, lon=114.25)
    near = CanteenFactory(name="近食堂", name_en="Near canteen", lat=30.581, lon=114.25)
    zh = client.get(f"/eldercare/{site.pk}/").content.decode()
    assert "区第二福利院" in zh and "近食堂" in zh and f'href="/canteens/{near.pk}/"' in zh and "远食堂" not in zh
    en = client.get(f"/eldercare/{site.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Near canteen" in en and "111 m away" in en
    assert 'lang="zh-Hans"' in en  # the operator has no English form: marked


def test_detail_without_canteen_nearby(client):
    site = ElderCareSiteFactory()
    CanteenFactory(lat=30.7, lon=114.25)  # 13 km away
    assert "None within 5 km" in client.get(f"/eldercare/{site.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_unpublished_404(client):
    site = ElderCareSiteFactory(status=FacilityStatus.DRAFT)
    assert client.get(f"/eldercare/{site.pk}/").status_code == 404


# the card's blocks, as they were before the eldercare_cards tags (issue 21)
CARD_BLOCKS = (
    '{% load humanize i18n %}{% if site.services %}<p>{{ site.services|join:" · " }}{% if site.respite_beds %} '
    '({% blocktranslate count counter=site.respite_beds %}{{ counter }} respite bed{% plural %}{{ counter }} '
    'respite beds{% endblocktranslate %}){% endif %}</p>{% endif %}|{% if site.home_service %}<p>'
    '{% translate "Serves people at home" %}{% if site.home_service_radius_m %} · {% blocktranslate with '
    'radius=site.home_service_radius_m|intcomma %}within {{ radius }} m{% endblocktranslate %}{% endif %}</p>'
    '{% endif %}'
)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_card_lines_are_what_the_blocks_wrote(language):
    from django.template import Context, Template
    from django.utils import translation

    sites = [
        ElderCareSiteFactory(respite_beds=1, home_service=True, home_service_radius_m=1500),
        ElderCareSiteFactory(respite_beds=12, home_service=True, home_service_radius_m=None),
        ElderCareSiteFactory(day_care=False, cultural_activities=False, respite_beds=0, home_service=False),
    ]
    tags = Template("{% load eldercare_cards %}{% services_line site %}|{% home_service_line site %}")
    with translation.override(language):
        written = [tags.render(Context({"site": site})) for site in sites]
        assert written == [Template(CARD_BLOCKS).render(Context({"site": site})) for site in sites]
    assert "500" in written[0] and "12" in written[1] and written[2] == "|"
