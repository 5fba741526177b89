"""``{% load places_directions %}``: the one "Directions" block every facility page shows
(``{% directions facility %}``) and the walking estimate of a distance (``{{ m|walk_minutes }}``)."""

from django import template

from apps.places import directions as rules

register = template.Library()


@register.inclusion_tag("places/_directions.html")
def directions(facility, from_lat=None, from_lon=None, from_name=""):
    """Map-app links for ``facility``; the walk is from the given point or, without one, from
    its community's centre (when it has one)."""
    name = facility.display_name
    walk = None
    community = getattr(facility, "community", None)
    if from_lat is None and community is not None and community.lat is not None:
        from_lat, from_lon, from_name = community.lat, community.lon, str(community)
    if from_lat is not None and from_lon is not None:
        walk = rules.walk_from(float(from_lat), float(from_lon), facility.lat, facility.lon)
    return {
        "links": {link.key: link.url for link in rules.links(
            lat=facility.lat, lon=facility.lon, name=name, address=facility.display_address)},
        "walk": walk, "from_name": from_name, "facility_name": name,
    }


@register.filter
def walk_minutes(distance_m):
    """Minutes on foot for a straight-line distance in metres (an estimate), or ''."""
    try:
        return rules.walk_estimate(float(distance_m)).minutes
    except (TypeError, ValueError):
        return ""
