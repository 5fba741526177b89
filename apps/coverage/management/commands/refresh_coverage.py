import time

from django.core.management.base import BaseCommand

from apps.coverage.models import coverage_kinds
from apps.coverage.services import coverage_recompute, snapshot_take


class Command(BaseCommand):
    help = (
        "Recompute service coverage for every community and kind (after bulk loads; "
        "ordinary facility changes keep it current by themselves) and store the month's snapshot."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=[str(k) for k in coverage_kinds()], action="append",
                            help="Only this kind (repeatable). Default: every kind.")
        parser.add_argument("--no-snapshot", action="store_true", help="Do not store the month's snapshot.")

    def handle(self, *args, kind=None, no_snapshot=False, **options):
        started = time.perf_counter()
        done = coverage_recompute(kinds=kind)
        if not no_snapshot:
            snapshot_take()
        elapsed = time.perf_counter() - started
        for k, ids in done.items():
            self.stdout.write(f"coverage: {k}: {len(ids)} communities")
        self.stdout.write(self.style.SUCCESS(f"coverage refreshed in {elapsed:.2f} s"))
