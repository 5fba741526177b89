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
