"""Every write of the coverage app: recomputation (all, some communities, or what a set of
facility changes may have affected), the monthly snapshot, and service standards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from apps.core.queue import task
from apps.places.models import Community, Facility, FacilityStatus

from . import compute
from .models import CoverageResult, CoverageSnapshot, PendingFacilityChange, ServiceStandard, coverage_kinds
from .standards import reach_for, reaches

# Above this many changed facilities at once, recomputing everything is cheaper than
# working out which communities each one affects.
BULK_CHANGE_THRESHOLD = 500


def _points(community_ids: Iterable[int] | None = None) -> list[compute.Point]:
    qs = Community.objects.all()
    if community_ids is not None:
        qs = qs.filter(pk__in=list(community_ids))
    return [compute.Point(id=i, lat=lat, lon=lon) for i, lat, lon in qs.values_list("id", "lat", "lon")]


def _store(outcomes: list[compute.Outcome], *, kind: str, reach_m: int) -> int:
    """Upsert the results that differ from what is stored (one read, one batched write);
    returns how many rows were written."""
    now = timezone.now()
    stored = {
        cid: (nearest_id, distance, reach, served)
        for cid, nearest_id, distance, reach, served in CoverageResult.objects.filter(
            kind=kind, community_id__in=[o.community_id for o in outcomes]
        ).values_list("community_id", "nearest_id", "distance_m", "reach_m", "served")
    }
    rows = []
    for o in outcomes:
        nearest_id = o.nearest.id if o.nearest else None
        distance = round(o.nearest.distance_m, 2) if o.nearest else None
        if stored.get(o.community_id) == (nearest_id, distance, reach_m, o.served):
            continue
        rows.append(
            CoverageResult(
                community_id=o.community_id, kind=kind, nearest_id=nearest_id, distance_m=distance,
                reach_m=reach_m, served=o.served, computed_at=now,
            )
        )
    CoverageResult.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["community", "kind"],
        update_fields=["nearest", "distance_m", "reach_m", "served", "computed_at"],
    )
    return len(rows)


def coverage_recompute(
    *,
    kinds: Iterable[str] | None = None,
    community_ids: Iterable[int] | None = None,
    finder: compute.Finder | None = None,
) -> dict[str, list[int]]:
    """Recompute and store coverage of ``kinds`` (default all) for ``community_ids``
    (default every community). Idempotent. Returns the community ids recomputed per kind."""
    kinds = list(kinds or coverage_kinds())
    points = _points(community_ids)
    reach_by_kind = reaches()
    done: dict[str, list[int]] = {}
    for kind in kinds:
        outcomes = compute.compute(points, kind=kind, reach_m=reach_by_kind[kind], finder=finder)
        with transaction.atomic():
            _store(outcomes, kind=kind, reach_m=reach_by_kind[kind])
        done[kind] = sorted(p.id for p in points)
    return done


def communities_moved(*, community_ids: Iterable[int]) -> None:
    """Communities were added, moved or imported: their coverage is recomputed in the
    background once the change is committed (the admin and the import call this)."""
    ids = sorted(set(community_ids))
    if not ids:
        return
    # named, not imported: the task calls these services
    transaction.on_commit(lambda: task("apps.coverage.tasks.recompute_communities").delay(ids))


def affected_communities(*, facility_ids: Iterable[int]) -> dict[str, set[int]]:
    """Which communities' stored results a change of these facilities may alter, per kind.

    A community's nearest facility of a kind can change only if (a) its stored nearest is
    one of the changed facilities (moved away, closed, unpublished, deleted or changed
    kind), or (b) a changed facility that is now a published facility of that kind lies no
    farther than its stored nearest (moved closer or newly published), or (c) it has no
    stored result yet. Nothing else can change, so nothing else is recomputed.
    """
    facility_ids = set(facility_ids)
    affected: dict[str, set[int]] = {kind: set() for kind in coverage_kinds()}
    if not facility_ids:
        return affected
    # (a) and stale rows whose facility row was hard-deleted (nearest set to NULL)
    for community_id, kind in CoverageResult.objects.filter(nearest_id__in=facility_ids).values_list(
        "community_id", "kind"
    ):
        affected.setdefault(kind, set()).add(community_id)
    for community_id, kind in CoverageResult.objects.filter(
        nearest__isnull=True, distance_m__isnull=False
    ).values_list("community_id", "kind"):
        affected.setdefault(kind, set()).add(community_id)
    # (b) a published facility now closer than (or as close as) the stored nearest
    now_published = list(
        Facility.objects.filter(
            pk__in=facility_ids, status=FacilityStatus.PUBLISHED, deleted_at__isnull=True,
            kind__in=coverage_kinds(),
        ).values_list("id", "kind", "lat", "lon")
    )
    if not now_published:
        return affected
    communities = list(Community.objects.values_list("id", "lat", "lon"))
    kinds = {kind for _id, kind, _lat, _lon in now_published}
    stored: dict[tuple[str, int], float | None] = {
        (kind, cid): dist
        for cid, kind, dist in CoverageResult.objects.filter(kind__in=kinds).values_list(
            "community_id", "kind", "distance_m"
        )
    }
    for _fid, kind, flat, flon in now_published:
        for cid, clat, clon in communities:
            if (kind, cid) not in stored:
                affected[kind].add(cid)  # (c)
                continue
            current = stored[(kind, cid)]
            # <= (plus 1 cm for the stored rounding): a tie may change the nearest id
            if current is None or compute.great_circle_m(clat, clon, flat, flon) <= current + 0.01:
                affected[kind].add(cid)
    return affected


def coverage_apply_facility_changes(
    *, facility_ids: Iterable[int], finder: compute.Finder | None = None
) -> dict[str, list[int]]:
    """Bring stored coverage up to date after these facilities changed; recomputes only
    the communities :func:`affected_communities` names. Returns what was recomputed."""
    facility_ids = set(facility_ids)
    if len(facility_ids) > BULK_CHANGE_THRESHOLD:
        return coverage_recompute(finder=finder)
    done: dict[str, list[int]] = {}
    for kind, community_ids in affected_communities(facility_ids=facility_ids).items():
        if community_ids:
            done.update(coverage_recompute(kinds=[kind], community_ids=community_ids, finder=finder))
    return done


def pending_mark(*, facility_ids: Iterable[int]) -> None:
    """Queue facility changes for the debounced recomputation (inside the change's
    transaction, so the queue and the change commit together)."""
    PendingFacilityChange.objects.bulk_create(
        [PendingFacilityChange(facility_id=fid) for fid in set(facility_ids)], ignore_conflicts=True
    )


def pending_apply(*, finder: compute.Finder | None = None) -> dict[str, list[int]]:
    """Apply every queued facility change. Idempotent: a change queued again while this
    runs stays queued for the next run; running twice recomputes the same results."""
    queued = list(PendingFacilityChange.objects.values_list("pk", "facility_id"))
    if not queued:
        return {}
    done = coverage_apply_facility_changes(facility_ids=[fid for _pk, fid in queued], finder=finder)
    PendingFacilityChange.objects.filter(pk__in=[pk for pk, _fid in queued]).delete()
    return done


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def snapshot_take(*, month: dt.date | None = None) -> list[CoverageSnapshot]:
    """Store (or refresh) this month's district coverage figures for every kind, from the
    stored results."""
    from .selectors import coverage_summary_by_street

    month = _month_start(month or timezone.localdate())
    snapshots = []
    reach_by_kind = reaches()
    for kind in coverage_kinds():
        district, streets = coverage_summary_by_street(kind=kind, reach_m=reach_by_kind[kind])
        snapshot, _created = CoverageSnapshot.objects.update_or_create(
            month=month,
            kind=kind,
            defaults={
                "reach_m": reach_by_kind[kind],
                "communities": district["communities"],
                "served": district["served"],
                "population": district["population"],
                "served_population": district["served_population"],
                "by_street": [
                    {
                        "street": s["street_id"],
                        "communities": s["communities"],
                        "served": s["served"],
                        "population": s["population"],
                        "served_population": s["served_population"],
                    }
                    for s in streets
                ],
                "taken_at": timezone.now(),
            },
        )
        snapshots.append(snapshot)
    return snapshots


def coverage_refresh_all(*, finder: compute.Finder | None = None) -> dict[str, list[int]]:
    """The nightly job: everything recomputed, queued changes dropped (they are now
    included), and the month's snapshot stored."""
    started = timezone.now()
    done = coverage_recompute(finder=finder)
    PendingFacilityChange.objects.filter(created_at__lte=started).delete()
    snapshot_take()
    return done


def coverage_ensure(*, kind: str) -> None:
    """Compute the results missing for ``kind`` (a community added since the last run)."""
    missing = list(
        Community.objects.exclude(coverage_results__kind=kind).values_list("id", flat=True)
    )
    if missing:
        coverage_recompute(kinds=[kind], community_ids=missing)


def standard_save(*, standard: ServiceStandard) -> ServiceStandard:
    """Create or change a service standard; stored served flags follow the standard now
    in force at once (distances do not depend on the reach)."""
    standard.full_clean()
    with transaction.atomic():
        standard.save()
        _reapply_reach(kind=standard.kind)
    return standard


def standard_delete(*, standard: ServiceStandard) -> None:
    with transaction.atomic():
        kind = standard.kind
        standard.delete()
        _reapply_reach(kind=kind)


def _reapply_reach(*, kind: str) -> None:
    reach = reach_for(kind)
    results = CoverageResult.objects.filter(kind=kind)
    results.filter(distance_m__lte=reach).update(served=True, reach_m=reach)
    results.exclude(distance_m__lte=reach).update(served=False, reach_m=reach)
