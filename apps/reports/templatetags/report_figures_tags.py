from django import template

register = template.Library()


@register.inclusion_tag("reports/_dashboard_figures.html")
def report_figures():
    """The 12345 measures of the latest month with reports, per sub-district, for the district
    dashboard (three queries, whatever the number of reports)."""
    from ..figures import dashboard_figures

    return {"report_figures": dashboard_figures()}
