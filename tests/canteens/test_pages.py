from datetime import time

import pytest
from django.utils import timezone

from apps.canteens.models import Meal
from apps.places.models import FacilityStatus, OpeningException, OpeningHours
from tests.factories import CommunityFactory

from .factories import CanteenFactory, MealServiceFactory, always_open, full_canteen

pytestmark = pytest.mark.django_db


def test_list_page_in_chinese_and_english(client):
    full_canteen(name="古田幸福食堂", name_en="Gutian Senior Canteen")
    zh = client.get("/canteens/")
    assert zh.status_code == 200
    html = zh.content.decode()
    assert "古田幸福食堂" in html
    assert "幸福食堂" in html and "<h1>" in html
    en = client.get("/canteens/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Gutian Senior Canteen" in en
    assert "Senior canteens" in en


def test_list_page_works_without_javascript(client):
    canteen = full_canteen()
    html = client.get("/canteens/").content.decode()
    # a plain GET form and plain links: no script needed to filter or open a canteen
    assert '<form method="get"' in html
    assert f'href="/canteens/{canteen.pk}/"' in html
    assert "<script>" not in html  # CSP: no inline script
    assert 'id="canteen-points"' in html  # map data, read by the external map script


def test_list_page_filters(client):
    comm = CommunityFactory()
    a = CanteenFactory(name="甲食堂", community=comm, home_delivery=True)
    b = CanteenFactory(name="乙食堂")
    MealServiceFactory(canteen=b, meal=Meal.DINNER, starts=time(17), ends=time(19))
    always_open(b)

    def names(**params):
        html = client.get("/canteens/", params).content.decode()
        return {n for n in ("甲食堂", "乙食堂") if n in html}

    assert names(street=comm.sub_district_id) == {"甲食堂"}
    assert names(community=comm.pk) == {"甲食堂"}
    assert names(search="乙") == {"乙食堂"}
    assert names(meal="dinner") == {"乙食堂"}
    assert names(delivery="on") == {"甲食堂"}
    assert names(open_now="true") == {"乙食堂"}
    assert a and b


def test_bad_filter_shows_error_not_500(client):
    response = client.get("/canteens/", {"street": "nope"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_pagination(client):
    for _ in range(23):
        CanteenFactory()
    first = client.get("/canteens/").content.decode()
    assert 'rel="next"' in first
    second = client.get("/canteens/", {"page": 2}).content.decode()
    assert 'rel="prev"' in second


def test_list_page_query_count_is_constant(client, django_assert_max_num_queries):
    for _ in range(2):
        full_canteen()
    with django_assert_max_num_queries(14) as few:
        client.get("/canteens/")
    for _ in range(30):
        full_canteen()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/canteens/", {"page_size": 32})
    assert response.content.decode().count('class="card"') == 32


def test_detail_page_shows_prices_menu_hours_and_exceptions(client):
    canteen = full_canteen(is_illustrative=True, accessibility=["step_free"])
    today = timezone.localdate()
    OpeningException.objects.create(facility=canteen, date=today + timezone.timedelta(days=3),
                                    closed=True, note="春节休息")
    html = client.get(f"/canteens/{canteen.pk}/").content.decode()
    assert "¥13.00" in html  # lunch 15 minus 2 for aged 70-79
    assert "红烧肉" in html
    assert "春节休息" in html
    assert "illustrative" in html
    en = client.get(f"/canteens/{canteen.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Braised pork" in en
    assert "Step-free entrance" in en
    assert "Aged 80+" in en


def test_detail_page_query_count(client, django_assert_max_num_queries):
    canteen = full_canteen()
    OpeningHours.objects.create(facility=canteen, weekday=6, opens=time(8), closes=time(9))
    with django_assert_max_num_queries(12):
        assert client.get(f"/canteens/{canteen.pk}/").status_code == 200


def test_unpublished_detail_is_404(client):
    draft = CanteenFactory(status=FacilityStatus.DRAFT)
    assert client.get(f"/canteens/{draft.pk}/").status_code == 404


# the loop the card's meal line was written with before {% meal_prices %} (issue 21)
MEAL_LOOP = ('{% load i18n %}{% for service in canteen.meal_services.all %}{{ service.get_meal_display }} '
             '¥{{ service.price }}{% if not forloop.last %} · {% endif %}{% empty %}<span class="muted">'
             '{% translate "No meal services listed" %}</span>{% endfor %}')


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_meal_line_is_what_the_template_loop_wrote(language):
    from django.template import Context, Template
    from django.utils import translation

    from apps.canteens.selectors import canteens

    served = full_canteen()
    MealServiceFactory(canteen=served, meal=Meal.DINNER, starts=time(17), ends=time(19), price="15.50")
    bare = CanteenFactory()
    tag = Template("{% load canteen_cards %}{% meal_prices canteen %}")
    with translation.override(language):
        for canteen in [*canteens.page([served.pk, bare.pk]), served, bare]:  # prefetched, then not
            expected = Template(MEAL_LOOP).render(Context({"canteen": canteen}))
            assert tag.render(Context({"canteen": canteen})) == expected
    assert "15.50" in expected or "muted" in expected
