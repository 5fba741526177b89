"""``{% load parking_tags %}``, written once per card rather than by an ``{% include %}`` or
``{% blocktranslate %}`` blocks per card (issue 21):

- ``{% free_spaces car_park %}``: a car park's free spaces as its list card and its page say
  them ("12 of 80 spaces free (reported 14:05)");
- ``{% spaces_line car_park %}``: its card's spaces ("80 spaces · 2 accessible · 6 with a
  charger · height limit 2.2 m"), what the card's four blocks wrote (tests/parking)."""

from django import template
from django.template.defaultfilters import time as time_format
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.cards import blocktranslated

register = template.Library()


@register.simple_tag(takes_context=True)
def free_spaces(context, car_park):
    if car_park.free_now is None:
        return _("Free spaces: unknown (no recent report)")  # escaped, as {% translate %} is
    at = time_format(template_localtime(car_park.free_spaces_reported_at, context.use_tz), "H:i")
    return blocktranslated(context, _("%(free)s of %(total)s spaces free (reported %(at)s)"),
                           free=car_park.free_now, total=car_park.spaces_total, at=at)



@register.simple_tag(takes_context=True)
def spaces_line(context, car_park):
    total = car_park.spaces_total
    parts = [blocktranslated(context, ngettext("%(counter)s space", "%(counter)s spaces", total), counter=total)]
    if car_park.accessible_spaces:
        parts.append(blocktranslated(context, _("%(n)s accessible"), n=car_park.accessible_spaces))
    if car_park.ev_spaces:
        parts.append(blocktranslated(context, _("%(n)s with a charger"), n=car_park.ev_spaces))
    if car_park.height_limit_m:
        parts.append(blocktranslated(context, _("height limit %(h)s m"), h=car_park.height_limit_m))
    return SafeString(" · ".join(parts))
