from django.core.management.base import BaseCommand

from apps.housing_swap.models import Application
from apps.housing_swap.services import applications_anonymise_expired
from apps.housing_swap.services.privacy import retention_days


class Command(BaseCommand):
    help = (
        "Anonymise rejected and withdrawn housing-swap applications older than the retention "
        "period (HOUSING_SWAP_RETENTION_DAYS, default 365)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="override the retention period")
        parser.add_argument("--dry-run", action="store_true", help="only count what would be anonymised")

    def handle(self, *args, days, dry_run, **options):
        import datetime as dt

        from django.utils import timezone

        days = retention_days() if days is None else days
        if dry_run:
            before = timezone.now() - dt.timedelta(days=days)
            count = Application.objects.due_for_anonymisation(before).count()
            self.stdout.write(f"{count} applications would be anonymised (retention {days} days)")
            return
        count = applications_anonymise_expired(days=days)
        self.stdout.write(f"{count} applications anonymised (retention {days} days)")
