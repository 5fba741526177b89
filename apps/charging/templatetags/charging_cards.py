"""``{% load charging_cards %}``: a charging station card's three lines, written in Python once
per card rather than by three ``{% blocktranslate %}`` blocks and a filter each (issue 21: the
charging page is the slowest list page, and its card loop the largest part of it). Each line is
what the blocks wrote, byte for byte (tests/charging/test_pages.py), with the same messages.

- ``{% piles_free station %}``: "3 of 8 piles free";
- ``{% connectors_line station %}``: the connector types and "up to 120 kW";
- ``{% price_line station %}``: "¥1.150/kWh incl. service fee · <operator>"."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from apps.core.cards import blocktranslated

register = template.Library()



@register.simple_tag(takes_context=True)
def piles_free(context, station):
    return blocktranslated(context, _("%(free)s of %(total)s piles free"), free=station.points_available,
                total=station.points_total)


@register.simple_tag(takes_context=True)
def connectors_line(context, station):
    line = " · ".join(conditional_escape(label) for label in station.connector_labels)
    if station.max_power_kw:
        line += " · " + blocktranslated(context, _("up to %(kw)s kW"), kw=floatformat(station.max_power_kw, "-1"))
    return SafeString(line)


@register.simple_tag(takes_context=True)
def price_line(context, station):
    return blocktranslated(context, _("¥%(total)s/kWh incl. service fee · %(operator)s"), total=station.total_per_kwh,
                operator=station.operator.display_name)
