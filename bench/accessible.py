"""The lists' "accessible entrance or toilet nearby" filter (``accessible=1``, issue 20) at scale.
Prints figures; not part of the test run.

    .venv/bin/python bench/accessible.py sqlite:////tmp/bench_nearby.sqlite3 --repeat 30
    .venv/bin/python bench/accessible.py postgres://postgres@127.0.0.1:5432/bench_nearby_1m

Reads a database ``bench/nearby.py`` filled (base facility rows of every kind with a mixed
``generate_facilities``, accessibility sites among them) and times, for each of the seven kinds,
the shared table's part of that kind's list with the filter: its first page (20 rows in id
order, as the list's seek pagination reads them), a deep page (after the median id), and the
page with the filter negated (``accessible=0``). The SQL condition is the lists' own
(``apps.places.nearby_filters.accessible_q``: the facility's own accessible codes, or a
published accessibility site offering one within 100 m). Also checks on 200 rows of each kind
that the condition agrees with a brute-force great-circle check written here.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OFFERING = {"step_free", "ramp", "accessible_toilet", "lift"}


def timed(fn, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, math.ceil(0.95 * len(samples)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database_url")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.nocache_settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-accessible")
    import django

    django.setup()
    from django.db import connection

    from apps.places import registry
    from apps.places.geo import haversine_m
    from apps.places.models import Facility
    from apps.places.nearby_filters import accessible_q

    total = Facility.objects.count()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"accessible=1 on each kind's list: {connection.vendor}, {total:,} facilities, "
          f"{args.repeat} runs each (load {load})", flush=True)
    sites = list(Facility.objects.published().filter(kind__in=registry.kinds_with("accessibility_sites"))
                 .values_list("lat", "lon", "accessibility"))
    sites = [(lat, lon) for lat, lon, codes in sites if OFFERING & set(codes or [])]
    for kind in sorted(registry.registered_kinds()):
        base = Facility.objects.published().of_kind(kind)
        n = base.count()
        if not n:
            print(f"  {kind:<14} no facilities", flush=True)
            continue
        middle = base.order_by("id").values_list("id", flat=True)[n // 2]
        condition = accessible_q()

        def first(condition=condition, base=base):
            return list(base.filter(condition).order_by("id").values_list("id", flat=True)[:20])

        def deep(condition=condition, base=base, middle=middle):
            return list(base.filter(condition, id__gt=middle).order_by("id").values_list("id", flat=True)[:20])

        def negated(condition=condition, base=base):
            return list(base.exclude(condition).order_by("id").values_list("id", flat=True)[:20])

        figures = [timed(fn, args.repeat) for fn in (first, deep, negated)]
        # brute force on the first 200 rows of the kind
        rows = list(base.order_by("id").values_list("id", "lat", "lon", "accessibility")[:200])
        expected = {pk for pk, lat, lon, codes in rows
                    if OFFERING & set(codes or []) or any(haversine_m(lat, lon, s_lat, s_lon) <= 100
                                                         for s_lat, s_lon in sites)}
        got = set(base.filter(condition, id__in=[r[0] for r in rows]).values_list("id", flat=True))
        same = "equals the brute force" if got == expected else f"DIFFERS from the brute force ({len(got ^ expected)})"
        print(f"  {kind:<14} {n:>9,} rows  first page median {figures[0][0]:7.2f} p95 {figures[0][1]:7.2f} ms"
              f"  | deep page {figures[1][0]:7.2f} / {figures[1][1]:7.2f}"
              f"  | accessible=0 {figures[2][0]:7.2f} / {figures[2][1]:7.2f}  ({len(got)}/{len(rows)} match; {same})",
              flush=True)
    print(f"done (load {' '.join(f'{x:.1f}' for x in os.getloadavg())})")


if __name__ == "__main__":
    main()
