from django import template

register = template.Library()


@register.inclusion_tag("coverage/_headline.html", takes_context=True)
def coverage_headline(context):
    """Headline coverage figures for the dashboard: per kind, the share of communities and
    of residents served, beside the figure the district reported for 2024 (if any).
    Reads stored results only (a handful of queries, whatever the number of communities)."""
    from apps.places.registry import kind_label

    from ..models import coverage_kinds
    from ..reported import reported_by_kind
    from ..selectors import district_summaries
    from ..standards import reaches

    reach_by_kind = reaches()
    reported = reported_by_kind()
    figures = []
    summaries = district_summaries({kind: reach_by_kind[kind] for kind in coverage_kinds()})
    for kind in coverage_kinds():
        summary = summaries[kind]
        figures.append({
            "kind": kind,
            "label": kind_label(kind),
            "reach_m": reach_by_kind[kind],
            "reported": reported.get(kind),
            **summary,
        })
    return {"figures": figures}
