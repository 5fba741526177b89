import time

from django.core.management.base import BaseCommand

from apps.reports.services.tally import figures_rebuild


class Command(BaseCommand):
    help = ("Recount the problem reports' monthly figures (one row per month, sub-district and category) "
            "from the reports: after loading reports in bulk, or to check. The services keep them "
            "up to date otherwise.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        cells = figures_rebuild()
        self.stdout.write(f"reports: {cells} monthly figure cells recounted in {time.perf_counter() - started:.1f} s")
