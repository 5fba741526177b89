"""Notice fan-out benchmark (issue 5). Prints figures; not part of the test run.

    .venv/bin/python bench/notices.py                            # 1k, 10k, 100k followers on PostgreSQL
    .venv/bin/python bench/notices.py --sizes 1000,10000 --db sqlite

For each size it creates that many followers (with an email address each, default
preferences: in-app + email immediately), then publishes ONE progress event to all of them
the way a domain does (``event_publish`` inside the change's transaction, the recipients
given as a lazy queryset) and measures

- fan-out: ``event_publish`` until commit: the event plus 2 notice rows per follower
  (chunked ``INSERT ... SELECT``), rows/s;
- delivery: the on-commit delivery of every email notice through Django's **file** email
  backend, in-process (Celery eager, as without ``REDIS_URL``), emails/s;
- the number of SQL statements of the fan-out (constant per 1,000 followers) and the peak
  RSS of the process after each size (bounded memory: it must not grow with the size).

The machine has 2 cores shared with other work: the load average is printed with each line.
Environment: PG_URL (default postgres://postgres@127.0.0.1:5432/bench_notices; created and
migrated when missing).
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "bench-notices-"


def setup_django(db: str) -> Path:
    email_dir = Path(tempfile.mkdtemp(prefix="bench-notices-email-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.pop("REDIS_URL", None)  # eager: delivery in this process
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    os.environ["EMAIL_FILE_PATH"] = str(email_dir)
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
    if db == "postgres":
        url = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/bench_notices")
        _ensure_pg_database(url)
        os.environ["DATABASE_URL"] = url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench-notices-')}/bench.sqlite3"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return email_dir


def _ensure_pg_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def cleanup() -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from apps.notices.models import ContactVerification, Event, Notice

    users = get_user_model().objects.filter(username__startswith=PREFIX)
    events = Event.objects.filter(subject__startswith="bench:")
    Notice.objects.filter(event__in=events)._raw_delete(connection.alias)
    events._raw_delete(connection.alias)
    ContactVerification.objects.filter(user__in=users)._raw_delete(connection.alias)
    users._raw_delete(connection.alias)


def make_followers(n: int) -> float:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    started = time.perf_counter()
    batch = []
    for i in range(n):
        name = f"{PREFIX}{n}-{i}"
        batch.append(User(username=name, email=f"{name}@example.com", password="!"))
        if len(batch) == 5000:
            User.objects.bulk_create(batch)
            batch = []
    User.objects.bulk_create(batch)
    # their addresses verified, as if each had entered the one-time code (issue 18 item 8):
    # only a verified address gets email
    from django.utils import timezone

    from apps.notices.models import ContactVerification

    now = timezone.now()
    rows = (ContactVerification(user_id=pk, channel="email", address=email, verified_at=now)
            for pk, email in User.objects.filter(username__startswith=f"{PREFIX}{n}-").values_list("pk", "email")
            .iterator(chunk_size=5000))
    while chunk := list(itertools.islice(rows, 5000)):
        ContactVerification.objects.bulk_create(chunk)
    return time.perf_counter() - started


def run_size(n: int, email_dir: Path, deliver: bool = True) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from apps.notices import events
    from apps.notices.models import Channel, Notice, NoticeStatus
    from apps.notices.services import event_publish

    shutil.rmtree(email_dir, ignore_errors=True)
    email_dir.mkdir()
    create_s = make_followers(n)
    followers = get_user_model().objects.filter(username__startswith=f"{PREFIX}{n}-")

    from apps.notices.services import publish as publish_module

    original_schedule = publish_module.schedule_event_delivery
    if not deliver:  # fan-out only: the notices stay "created" (a worker would take them)
        publish_module.schedule_event_delivery = lambda **kwargs: None
    marks: dict[str, float] = {}
    with transaction.atomic():
        # on-commit callbacks run in order: this one marks the commit, the next one (queued
        # by event_publish) is the eager delivery
        transaction.on_commit(lambda: marks.setdefault("committed", time.perf_counter()))
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            event = event_publish(
                kind=events.PROJECT_PROGRESS, subject=f"bench:{n}", recipients=followers,
                context={"title": "老旧小区改造", "title_en": "Old estate renewal", "percent": 50.0},
                link="/projects/1/",
            )
        statements = len(queries.captured_queries)
    t_end = time.perf_counter()
    publish_module.schedule_event_delivery = original_schedule
    fanout_s = marks["committed"] - t0
    delivery_s = t_end - marks["committed"]

    rows = Notice.objects.filter(event=event).count()
    sent = Notice.objects.filter(event=event, channel=Channel.EMAIL, status=NoticeStatus.SENT).count()
    files = sum(path.read_bytes().count(b"\nX-Portal-Notice: ") for path in email_dir.iterdir())
    return {
        "followers": n, "create_s": create_s, "rows": rows, "statements": statements,
        "fanout_s": fanout_s, "delivery_s": delivery_s, "sent": sent, "emails_in_files": files,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument(
        "--deliver-up-to", type=int, default=10**9,
        help="deliver the emails in-process only for sizes up to this (fan-out is always measured)",
    )
    args = parser.parse_args()
    email_dir = setup_django(args.db)
    cleanup()
    print(f"notice fan-out on {args.db}, in-app + file-backend email, eager delivery in-process")
    try:
        header = (
            f"{'followers':>9} {'rows':>8} {'stmts':>5} {'fan-out s':>9} {'rows/s':>9} "
            f"{'delivery s':>10} {'emails/s':>8} {'sent':>7} {'in files':>8} {'peak RSS MB':>11} {'load':>5}"
        )
        print(header)
        results = []
        for n in [int(s) for s in args.sizes.split(",")]:
            r = run_size(n, email_dir, deliver=n <= args.deliver_up_to)
            results.append(r)
            print(
                f"{r['followers']:>9} {r['rows']:>8} {r['statements']:>5} {r['fanout_s']:>9.2f} "
                f"{r['rows'] / r['fanout_s']:>9.0f} {r['delivery_s']:>10.1f} "
                f"{(r['sent'] / r['delivery_s'] if r['sent'] else 0):>8.0f} "
                f"{r['sent']:>7} {r['emails_in_files']:>8} {r['peak_rss_mb']:>11.0f} {os.getloadavg()[0]:>5.1f}",
                flush=True,
            )
        if len(results) > 1:
            first, last = results[0], results[-1]
            print(
                f"ratio {last['followers'] // first['followers']}x followers: fan-out time x"
                f"{last['fanout_s'] / first['fanout_s']:.1f}"
            )
    finally:
        cleanup()
        shutil.rmtree(email_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
