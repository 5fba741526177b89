"""``{% load facility_cards %}``: what every facility kind's list cards and pages show alike,
written here once per card rather than by an ``{% include %}`` per card (issue 21: twenty
includes a list page cost more than the card they added to).

- ``{% open_tag facility %}``: "Open now", "Closed now" or "Temporarily closed", as a tag
  (``facility.open_now`` as :meth:`apps.places.kit.KindSelectors.annotate` sets it);
- ``{% place_names facility %}``: "<sub-district> · <community>", the names in the language
  shown, as ``{{ facility.community.sub_district.display_name }} · {{ facility.community.display_name }}``
  wrote them (two three-step lookups and two reads of the language a card less)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from apps.core.bilingual import english
from apps.core.cards import written
from apps.places.models import FacilityStatus

register = template.Library()


@register.simple_tag
def open_tag(facility):
    if facility.status == FacilityStatus.TEMPORARILY_CLOSED:
        return format_html('<span class="tag tag-closed">✕ {}</span>', _("Temporarily closed"))
    if facility.open_now:
        return format_html('<span class="tag tag-open">✓ {}</span>', _("Open now"))
    return format_html('<span class="tag tag-closed">✕ {}</span>', _("Closed now"))


@register.simple_tag(takes_context=True)
def place_names(context, facility):
    community, in_english = facility.community, english()
    return SafeString(f"{written(community.sub_district.name_in(in_english), context)} · "
                      f"{written(community.name_in(in_english), context)}")
