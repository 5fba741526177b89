"""``{% load parking_tags %}``: ``{% free_spaces car_park %}``, a car park's free spaces as its
list card and its page say them ("12 of 80 spaces free (reported 14:05)"), written once per
card rather than by an ``{% include %}`` per card (issue 21)."""

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import time as time_format
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def free_spaces(context, car_park):
    if car_park.free_now is None:
        return _("Free spaces: unknown (no recent report)")  # escaped, as {% translate %} is
    values = {
        "free": car_park.free_now,
        "total": car_park.spaces_total,
        "at": time_format(template_localtime(car_park.free_spaces_reported_at, context.use_tz), "H:i"),
    }
    # as {% blocktranslate %}: the values escaped, the sentence as translated
    return SafeString(_("%(free)s of %(total)s spaces free (reported %(at)s)")
                      % {key: render_value_in_context(value, context) for key, value in values.items()})
