"""``{% load eldercare_cards %}``: an elder-care site card's services and home-service lines,
written in Python once per card rather than by ``{% blocktranslate %}`` blocks and filters per
card (issue 21); each the same text the blocks wrote (tests/eldercare/test_pages.py).

- ``{% services_line site %}``: "<p>Day care · Meal help (4 respite beds)</p>", nothing without services;
- ``{% home_service_line site %}``: "<p>Serves people at home · within 1,500 m</p>", nothing without."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.cards import blocktranslated

register = template.Library()



@register.simple_tag(takes_context=True)
def services_line(context, site):
    if not site.services:
        return ""
    line = " · ".join(conditional_escape(service) for service in site.services)
    if site.respite_beds:
        beds = site.respite_beds
        line += " (" + blocktranslated(context, ngettext("%(counter)s respite bed", "%(counter)s respite beds", beds),
                            counter=beds) + ")"
    return SafeString(f"<p>{line}</p>")


@register.simple_tag(takes_context=True)
def home_service_line(context, site):
    if not site.home_service:
        return ""
    line = conditional_escape(_("Serves people at home"))
    if site.home_service_radius_m:
        line += " · " + blocktranslated(context, _("within %(radius)s m"), radius=intcomma(site.home_service_radius_m))
    return format_html("<p>{}</p>", SafeString(line))
