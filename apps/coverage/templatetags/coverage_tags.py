from django import template

register = template.Library()


@register.inclusion_tag("coverage/_headline.html", takes_context=True)
def coverage_headline(context):
    """Headline coverage figures for the dashboard (filled in by the coverage feature)."""
    return {"figures": []}
