"""``{% load park_cards %}``: ``{% amenity_list park %}``, a park card's amenities ("<p>公厕 · 健身器材</p>",
nothing when it has none), written in Python once per card rather than by a template loop
(Django's templates cost ~11 us per loop iteration; issue 21). The same text the loop wrote
(tests/parks/test_pages.py)."""

from django import template
from django.utils.safestring import SafeString

from apps.core.cards import written
from apps.core.prefetch import related_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def amenity_list(context, park):
    amenities = related_rows(park, "amenities")
    if not amenities:
        return ""
    return SafeString("<p>" + " · ".join(written(a.get_amenity_display(), context)
                                         for a in amenities) + "</p>")
