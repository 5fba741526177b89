"""Problem-report benchmark (issue 17). Prints figures; not part of the test run.

    .venv/bin/python bench/reports.py build --backend sqlite --size 1000000     # fill a database once
    .venv/bin/python bench/reports.py measure --backend sqlite --size 1000000   # time the reads
    (the same with --backend postgres; PG_URL, default postgres://postgres@127.0.0.1:5432/, and
    BENCH_REPORTS_DB for another database name than bench_reports_<size>)

``build``: a fresh database (SQLite file in $TMPDIR, or PostgreSQL database
``bench_reports_<size>``), migrated, the district's sub-districts and communities seeded, one
sub-district official each, then ``size`` reports spread over 24 months (2025-01..2026-12) and
every sub-district and category: 10 % still open (submitted, acknowledged, in progress: the
officials' queues), 5 % transferred, the rest resolved or closed, acknowledged within 0.2-12 h
(80 % in time) and resolved within 2-300 h, half of them rated (70 % satisfied, 15 % basically,
15 % dissatisfied), 2 % hidden. The first 100,000 rows are written with ``bulk_create``, the rest copied from them in SQL.

``measure`` (n queries each, random official / filters / month; median and p95 wall-clock,
and this process's CPU time, which leaves out waiting for a busy CPU and the database
server's own work on PostgreSQL):

- ``official queue``: what the back-office queue reads for an official of one sub-district:
  their open reports, most urgent first (the first 100, with category and sub-district), and
  the count of their open reports, through the back office's own queryset
  (``ReportAdmin.get_queryset`` for the change list: the official's scope, the columns shown),
  the official's permissions and scope already loaded (as on any admin request);
  ``official queue + user``: the same with the user, permissions and scope read afresh;
- ``public list``: what the list page and the API read (``core.pagination.seek_page`` on
  ``selectors.public_reports()`` in ``selectors.LIST_ORDER``, the page found by a lean query and
  loaded by key, and the count capped at 1,000): the first page of 20 with a random
  combination of the public filters (sub-district, category, status; each with p = 0.35);
- ``public list, page 50``: the same with ``page=50`` (an offset of 980, kept for old links);
  ``page 50 cur.``: page 50 reached by its cursor link (``next`` of page 49), as the pages link;
- ``monthly rates``: ``figures.monthly_figures`` for one month per sub-district and category,
  and for twelve months per month, sub-district and category (the open-data file's default);
  they read the monthly cells (``MonthFigures``), which ``build`` counts once after loading the
  reports in bulk (``services.tally.figures_rebuild``, as ``manage.py reports_figures_rebuild``).
"""

from __future__ import annotations

import argparse
import os
import random
import time
from functools import partial

import _harness
from _harness import QuietCommand, fresh_database, load, run_worker, summary, worker_env

MONTHS = 24
BATCH = 5000
GENERATED = 100_000  # rows made in Python; the rest are copied in SQL
database_url = partial(_harness.database_url, "reports")


def _env(url: str) -> dict:
    return worker_env(url, PERSONAL_DATA_KEY=os.environ.get("PERSONAL_DATA_KEY",
                                                             "bench-only-personal-data-key-0123456789abcdef"))


def build(args) -> None:
    url = database_url(args.backend, args.size)
    fresh_database(url, args.backend)
    run_worker(__file__, "build-worker", args, _env(url))


def _month(i: int):
    import datetime as dt

    return dt.date(2025 + i // 12, i % 12 + 1, 1)


def build_worker(args) -> None:
    import datetime as dt

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, transaction

    from apps.accounts import roles
    from apps.places import seed as places_seed
    from apps.places.models import Community
    from apps.reports.models import Category, Rating, Report, Status

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    places_seed.run(QuietCommand())
    roles.sync_roles()
    communities = list(Community.objects.values_list("pk", "sub_district_id", "lat", "lon"))
    categories = list(Category.objects.values_list("pk", "kind"))
    official_group = Group.objects.get(name=roles.OFFICIAL)
    for sub_district_id in sorted({c[1] for c in communities}):
        user, _ = get_user_model().objects.get_or_create(username=f"bench-official-{sub_district_id}",
                                                         defaults={"is_staff": True})
        user.groups.add(official_group)
        user.sub_districts.add(sub_district_id)
    print(f"[build] migrated and seeded in {time.perf_counter() - t0:.0f} s ({load()})", flush=True)

    rng = random.Random(17)
    utc = dt.UTC
    t1 = time.perf_counter()
    made = 0
    generated = min(args.size, GENERATED)
    while made < generated:
        rows = []
        for _ in range(min(BATCH, generated - made)):
            community_id, sub_district_id, lat, lon = rng.choice(communities)
            category_id, kind = rng.choice(categories)
            month = _month(rng.randrange(MONTHS))
            created = dt.datetime(month.year, month.month, rng.randint(1, 28), rng.randrange(24), rng.randrange(60),
                                  tzinfo=utc)
            ack_due = created + dt.timedelta(hours=4)
            resolve_due = created + dt.timedelta(days=7)
            roll = rng.random()
            values = {}
            if roll < 0.10:
                status = rng.choice([Status.SUBMITTED, Status.ACKNOWLEDGED, Status.IN_PROGRESS])
                # open reports: recent ones, so queues hold some not yet due and some overdue
                created = dt.datetime(2026, 12, rng.randint(1, 5), rng.randrange(24), tzinfo=utc)
                month, ack_due, resolve_due = dt.date(2026, 12, 1), created + dt.timedelta(hours=4), \
                    created + dt.timedelta(days=7)
            elif roll < 0.15:
                status = Status.TRANSFERRED
            else:
                status = rng.choice([Status.RESOLVED, Status.CLOSED])
            if status != Status.SUBMITTED:
                ack_s = int(rng.uniform(0.2, 3.5) * 3600) if rng.random() < 0.8 else int(rng.uniform(4.5, 12) * 3600)
                values.update(acknowledged_at=created + dt.timedelta(seconds=ack_s), acknowledge_seconds=ack_s,
                              acknowledged_in_time=ack_s <= 4 * 3600)
            if status in (Status.RESOLVED, Status.CLOSED):
                res_s = int(rng.uniform(2, 300) * 3600)
                values.update(resolved_at=created + dt.timedelta(seconds=res_s), resolve_seconds=res_s,
                              closed_at=created + dt.timedelta(seconds=res_s))
                if rng.random() < 0.5:
                    r = rng.random()
                    values["rating"] = Rating.SATISFIED if r < 0.7 else (
                        Rating.BASICALLY_SATISFIED if r < 0.85 else Rating.DISSATISFIED)
            elif status == Status.TRANSFERRED:
                values["closed_at"] = values["acknowledged_at"]
            plat, plon = lat + rng.uniform(-0.004, 0.004), lon + rng.uniform(-0.004, 0.004)
            rows.append(Report(
                category_id=category_id, kind=kind, sub_district_id=sub_district_id, community_id=community_id,
                lat=plat, lon=plon, public_lat=plat, public_lon=plon, description="路灯不亮，晚上很黑（基准测试数据）",
                status=status, is_open=status in (Status.SUBMITTED, Status.ACKNOWLEDGED, Status.IN_PROGRESS),
                hidden=rng.random() < 0.02, created_at=created, updated_at=created, month=month,
                acknowledge_due=ack_due, resolve_due=resolve_due, source="web", **values,
            ))
        with transaction.atomic():
            Report.objects.bulk_create(rows, batch_size=1000)
        made += len(rows)
    print(f"[build] {made:,} reports generated ({time.perf_counter() - t1:.0f} s, {load()})", flush=True)
    # the rest: copies of the generated rows in SQL (the same distribution; new ids)
    table = Report._meta.db_table
    columns = ", ".join(connection.ops.quote_name(f.column) for f in Report._meta.concrete_fields if f.column != "id")
    while made < args.size:
        step = min(generated, args.size - made)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table} "
                           f"WHERE id <= %s ORDER BY id", [step])
        made += step
        print(f"[build] {made:,} reports ({time.perf_counter() - t1:.0f} s, {load()})", flush=True)
    from apps.reports.services.tally import figures_rebuild

    t2 = time.perf_counter()  # rows written in bulk, past the services: their monthly cells counted once
    cells = figures_rebuild()
    print(f"[build] {cells:,} monthly figure cells counted ({time.perf_counter() - t2:.0f} s, {load()})", flush=True)
    with connection.cursor() as cursor:  # statistics (and PostgreSQL's visibility map) as autovacuum would
        cursor.execute("VACUUM ANALYZE reports_report" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"[build] {args.size:,} reports in {time.perf_counter() - t1:.0f} s", flush=True)


def measure(args) -> None:
    url = database_url(args.backend, args.size)
    run_worker(__file__, "measure-worker", args, _env(url), "--queries", str(args.queries))


def measure_worker(args) -> None:
    import django

    django.setup()
    from django.contrib import admin as django_admin
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory
    from django.urls import resolve

    from apps.core.pagination import seek_page
    from apps.places.models import SubDistrict
    from apps.reports import figures, selectors
    from apps.reports.models import Category, Report, Status
    from apps.reports.services.handling import handleable

    rng = random.Random(42)
    officials = list(get_user_model().objects.filter(username__startswith="bench-official-"))
    sub_districts = list(SubDistrict.objects.values_list("pk", flat=True))
    categories = list(Category.objects.values_list("pk", flat=True))
    statuses = list(Status.values)
    total = Report.objects.count()
    tag = f"[{args.backend}] {total:,}"
    print(f"{tag} reports, {len(officials)} officials ({load()})", flush=True)

    for user in officials:  # permissions and scope loaded once, as on any admin request
        handleable(user)

    report_admin = django_admin.site._registry[Report]
    requests = {}

    def admin_request(user):  # the change list's request (its scope is read once per request)
        request = RequestFactory().get("/admin/reports/report/")
        request.user, request.resolver_match = user, resolve("/admin/reports/report/")
        return request

    def queue(user=None):
        if user is None:
            user = rng.choice(officials)
            if user.pk not in requests:
                requests[user.pk] = admin_request(user)
            request = requests[user.pk]
        else:
            request = admin_request(user)
        # the back office's queue: the admin's queryset (scope, columns), open, most urgent first
        rows = (report_admin.get_queryset(request).filter(is_open=True).select_related("category", "sub_district")
                .order_by("resolve_due", "id"))
        page = list(rows[:100])
        count = rows.count()
        return page, count

    def queue_fresh():  # the same with the user, permissions and scope read afresh
        return queue(get_user_model().objects.get(pk=rng.choice(officials).pk))

    def public_filtered():
        rows = selectors.public_reports()
        if rng.random() < 0.35:
            rows = rows.filter(sub_district_id=rng.choice(sub_districts))
        if rng.random() < 0.35:
            rows = rows.filter(category_id=rng.choice(categories))
        if rng.random() < 0.35:
            rows = rows.filter(status=rng.choice(statuses))
        return rows

    def by_key(pks):
        return selectors.public_reports().filter(pk__in=pks)

    def public(params=None):  # as the list page and the API read it: seek order, capped count
        page = seek_page(public_filtered(), params or {}, order=selectors.LIST_ORDER, page_size=20, load=by_key)
        return list(page.object_list), page.count

    cursors = []  # page 50's cursor links (made untimed: following "next" from page 49)

    def public_cursor():
        if not cursors:
            for _ in range(20):
                rows = public_filtered()
                page = seek_page(rows, {"page": "49"}, order=selectors.LIST_ORDER, page_size=20, load=by_key)
                if page.next_cursor:
                    cursors.append((rows, page.next_cursor))
        rows, cursor = cursors[rng.randrange(len(cursors))]
        page = seek_page(rows, {"cursor": cursor}, order=selectors.LIST_ORDER, page_size=20, load=by_key)
        return list(page.object_list)

    def month_rates():
        month = _month(rng.randrange(MONTHS))
        return figures.monthly_figures(first=month, last=month, by=("sub_district", "category"))

    def year_rates():
        last = _month(rng.randrange(11, MONTHS))
        return figures.monthly_figures(first=figures.add_months(last, -11), last=last)

    public_cursor()  # the cursors made before timing
    calls = {"official queue": queue, "official queue + user": queue_fresh, "public list": public,
             "public list, page 50": lambda: public({"page": "50"}),
             "public list, page 50 cur.": public_cursor}
    timings: dict[str, list[float]] = {name: [] for name in calls}
    cpu: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(args.queries):  # interleaved so each sees the same background load
        for name, call in calls.items():
            t, c = time.perf_counter(), time.process_time()
            call()
            timings[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
    for name in ("monthly rates, 1 month", "monthly rates, 12 months"):
        timings[name], cpu[name] = [], []
    for _ in range(max(3, args.queries // 30)):
        for name, call in (("monthly rates, 1 month", month_rates), ("monthly rates, 12 months", year_rates)):
            t, c = time.perf_counter(), time.process_time()
            call()
            timings[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
    for name, samples in timings.items():
        median, p95 = summary(samples)
        cpu_median, cpu_p95 = summary(cpu[name])
        print(f"{tag} {name:<26} median {median:9.2f} ms  p95 {p95:9.2f} ms  "
              f"cpu median {cpu_median:8.2f} p95 {cpu_p95:8.2f} ms  (n={len(samples)})", flush=True)
    print(f"{tag} done ({load()})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["build", "build-worker", "measure", "measure-worker"])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    {"build": build, "build-worker": build_worker, "measure": measure, "measure-worker": measure_worker}[
        args.command](args)


if __name__ == "__main__":
    main()
