"""``{% load projects_tags %}``: numbers as the projects pages show them (``quantity``,
``percent``), and a project card's lines written in Python once per card rather than by template
blocks and loops per card (issue 21; the projects list's card loop was 3.3 ms of a 12 ms page):

- ``{% quantities_line project %}``: "Target: 11,000 piles · Achieved: 2,100 piles" (nothing
  without a target);
- ``{% project_progress project %}``: its progress bar, labelled "Progress of <title>";
- ``{% sub_districts_line project %}``: "<p>Sub-districts: 汉正街街道、宝丰街道</p>" (nothing
  without any).

Each writes what the template wrote (tests/projects/test_pages.py), with the same messages."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from apps.core.cards import blocktranslated, written
from apps.core.prefetch import related_rows

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


@register.simple_tag(takes_context=True)
def quantities_line(context, project):
    if project.target_quantity is None:
        return ""
    unit = written(project.display_unit, context)
    return SafeString(
        f"{written(_('Target'), context)}: {quantity(project.target_quantity)} {unit} · "
        f"{written(_('Achieved'), context)}: {quantity(project.achieved_quantity)} {unit}")


@register.simple_tag(takes_context=True)
def project_progress(context, project):
    return progress(project.progress_percent,
                    blocktranslated(context, _("Progress of %(title)s"), title=project.display_title))


@register.simple_tag(takes_context=True)
def sub_districts_line(context, project):
    streets = related_rows(project, "sub_districts")
    if not streets:
        return ""
    names = "、".join(written(street.display_name, context) for street in streets)
    return SafeString(f'<p class="muted">{written(_("Sub-districts"), context)}: {names}</p>')
