"""``{% free_spaces car_park %}`` says what the include it replaced said (issue 21: one tag,
not a template per list card), reported or not, in both languages."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.parking.factories import CarParkFactory, reported

# the include's text, as it was
INCLUDE = ('{% load i18n %}{% if car_park.free_now is None %}{% translate "Free spaces: unknown (no recent report)" %}'
           '{% else %}{% blocktranslate with free=car_park.free_now total=car_park.spaces_total '
           'at=car_park.free_spaces_reported_at|time:"H:i" %}{{ free }} of {{ total }} spaces free (reported {{ at }})'
           '{% endblocktranslate %}{% endif %}')


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("free", [None, 0, 12, 1500])
def test_free_spaces_says_what_the_include_said(language, free):
    car_park = CarParkFactory(spaces_total=2000)
    if free is not None:
        reported(car_park, free, minutes_ago=3)
    car_park.free_now = car_park.live_free_spaces()  # as the selectors set it
    with translation.override(language):
        ours = Template("{% load parking_tags %}{% free_spaces car_park %}").render(Context({"car_park": car_park}))
        theirs = Template(INCLUDE).render(Context({"car_park": car_park}))
    assert ours == theirs
    assert ("2000" in ours) == (free is not None)


# the card's blocks, as they were before {% spaces_line %}
SPACES_BLOCKS = (
    '{% load i18n %}{% blocktranslate count counter=car_park.spaces_total %}{{ counter }} space{% plural %}'
    '{{ counter }} spaces{% endblocktranslate %}{% if car_park.accessible_spaces %} · {% blocktranslate with '
    'n=car_park.accessible_spaces %}{{ n }} accessible{% endblocktranslate %}{% endif %}{% if car_park.ev_spaces %}'
    ' · {% blocktranslate with n=car_park.ev_spaces %}{{ n }} with a charger{% endblocktranslate %}{% endif %}'
    '{% if car_park.height_limit_m %} · {% blocktranslate with h=car_park.height_limit_m %}height limit {{ h }} m'
    '{% endblocktranslate %}{% endif %}'
)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("spaces", [
    {"spaces_total": 1, "accessible_spaces": 0, "ev_spaces": 0, "height_limit_m": None},
    {"spaces_total": 1500, "accessible_spaces": 12, "ev_spaces": 40, "height_limit_m": "2.2"},
    {"spaces_total": 80, "accessible_spaces": 0, "ev_spaces": 6, "height_limit_m": "1.9"},
])
def test_spaces_line_says_what_the_blocks_said(language, spaces):
    from apps.parking.models import CarPark

    car_park = CarPark.objects.get(pk=CarParkFactory(**spaces).pk)  # (the height as the database gives it)
    with translation.override(language):
        context = Context({"car_park": car_park})
        written = Template("{% load parking_tags %}{% spaces_line car_park %}").render(context)
        assert written == Template(SPACES_BLOCKS).render(context)
    assert str(spaces["spaces_total"]) in written or "1,500" in written
