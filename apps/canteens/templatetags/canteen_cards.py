"""``{% load canteen_cards %}``: ``{% meal_prices canteen %}``, a canteen card's meals and their
prices ("早餐 ¥5.00 · 午餐 ¥12.00"), written in Python once per card rather than by a template
loop: Django's templates cost ~11 us per loop iteration, and this loop was 1.2 ms of a 20-card
page (issue 21). The same text the loop wrote (tests/canteens/test_pages.py)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from apps.core.cards import written
from apps.core.prefetch import related_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def meal_prices(context, canteen):
    services = related_rows(canteen, "meal_services")
    if not services:
        return format_html('<span class="muted">{}</span>', _("No meal services listed"))
    # each value as {{ value }} writes it: localized, escaped
    return SafeString(" · ".join(
        f"{written(service.get_meal_display(), context)} ¥{written(service.price, context)}"
        for service in services))
