"""``{% load facility_cards %}``: what every facility kind's list cards and pages show alike,
written here once per card rather than by an ``{% include %}`` per card (issue 21: twenty
includes a list page cost more than the card they added to).

- ``{% open_tag facility %}``: "Open now", "Closed now" or "Temporarily closed", as a tag
  (``facility.open_now`` as :meth:`apps.places.kit.KindSelectors.annotate` sets it)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from apps.places.models import FacilityStatus

register = template.Library()


@register.simple_tag
def open_tag(facility):
    if facility.status == FacilityStatus.TEMPORARILY_CLOSED:
        return format_html('<span class="tag tag-closed">✕ {}</span>', _("Temporarily closed"))
    if facility.open_now:
        return format_html('<span class="tag tag-open">✓ {}</span>', _("Open now"))
    return format_html('<span class="tag tag-closed">✕ {}</span>', _("Closed now"))
