import time

from django.core.management.base import BaseCommand

from apps.places.models import Facility
from apps.places.open_state import refresh_open_states


class Command(BaseCommand):
    help = (
        "Store each facility's open-now state where it is out of date (what the minute beat job "
        "places.refresh_open_states does). --all: every facility's, after opening hours were written "
        "without the ORM's signals (SQL loads)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="recompute every facility's state")

    def handle(self, *args, all=False, **options):
        started = time.perf_counter()
        written = refresh_open_states(ids=Facility.objects.values_list("pk", flat=True) if all else None)
        self.stdout.write(f"open-now states of {written} facilities stored in {time.perf_counter() - started:.1f} s")
