"""Reference answers for the correctness tests and the benchmarks: the slowest obvious way,
written apart from the code they check (every row scanned in Python, distances by the
haversine formula). Never used by pages."""

from collections.abc import Callable, Iterable

from apps.coverage.compute import Nearest, Outcome, Point
from apps.places import geo
from apps.places.models import Facility


def nearby_brute_force(
    *, lat: float, lon: float, radius_m: float, kinds: Iterable[str] | None = None, limit: int = 20,
    keep: Callable[[int, str], bool] | None = None,
) -> list[tuple[str, int, float]]:
    """Every published facility within ``radius_m``, nearest first: (kind, id, distance_m).
    ``keep(id, kind)``: a per-facility predicate (tests give one written independently of the
    filters under test)."""
    qs = Facility.objects.published()
    kinds = [k for k in (kinds or ()) if k]
    if kinds:
        qs = qs.filter(kind__in=kinds)
    rows = []
    for pk, kind, plat, plon in qs.values_list("id", "kind", "lat", "lon").iterator(chunk_size=10_000):
        d = geo.haversine_m(lat, lon, plat, plon)
        if d <= radius_m and (keep is None or keep(pk, kind)):
            rows.append((d, kind, pk))
    rows.sort()
    return [(kind, pk, d) for d, kind, pk in rows[:limit]]


def coverage_brute_force(
    points: Iterable[Point], facilities: Iterable[tuple[int, float, float]], *, reach_m: float
) -> list[Outcome]:
    """Every community against every facility: the nearest (ties by the lower id) and whether
    it is within ``reach_m``."""
    facilities = list(facilities)
    outcomes = []
    for point in points:
        best = min(((geo.haversine_m(point.lat, point.lon, flat, flon), fid) for fid, flat, flon in facilities),
                   default=None)
        hit = Nearest(id=best[1], distance_m=best[0]) if best else None
        outcomes.append(Outcome(community_id=point.id, nearest=hit, served=hit is not None and hit.distance_m <= reach_m))
    return outcomes
