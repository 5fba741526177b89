from decimal import Decimal

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def quantity(value) -> str:
    """11000 -> "11,000"; 10.10 -> "10.1"; None -> "–"."""
    if value is None or value == "":
        return "–"
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


@register.filter
def percent(value) -> str:
    """62.5 -> "62.5%"; 100.00 -> "100%"."""
    if value is None or value == "":
        return "–"
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number)}%"
    return f"{number:.1f}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.simple_tag
def progress(value, label):
    """A project's progress bar and its figure (``{% progress project.progress_percent label %}``):
    one tag rather than an ``{% include %}`` per list card (issue 21)."""
    text = percent(value)
    return format_html(
        '<div class="progress-line">\n  <progress max="100" value="{}" aria-label="{}">{}</progress>\n'
        '  <span class="progress-text">{}</span>\n</div>\n',
        str(value or 0), label, text, text,
    )
