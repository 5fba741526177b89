from django.core.management.base import BaseCommand

from apps.housing_swap.models import Application
from apps.housing_swap.services import applications_anonymise_expired, drafts_delete_abandoned
from apps.housing_swap.services.privacy import completed_retention_days, draft_retention_days, retention_days


class Command(BaseCommand):
    help = (
        "Anonymise closed housing-swap applications past the retention period (rejected and "
        "withdrawn: HOUSING_SWAP_RETENTION_DAYS, default 365; completed: "
        "HOUSING_SWAP_COMPLETED_RETENTION_DAYS, default 1825) and delete drafts untouched for "
        "HOUSING_SWAP_DRAFT_RETENTION_DAYS (default 30)."
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
            completed_before = timezone.now() - dt.timedelta(days=completed_retention_days())
            count = Application.objects.due_for_anonymisation(before, completed_before).count()
            self.stdout.write(f"{count} applications would be anonymised (retention {days} days)")
            drafts_before = timezone.now() - dt.timedelta(days=draft_retention_days())
            count = Application.objects.abandoned_drafts(drafts_before).count()
            self.stdout.write(f"{count} abandoned drafts would be deleted ({draft_retention_days()} days)")
            return
        count = applications_anonymise_expired(days=days)
        self.stdout.write(f"{count} applications anonymised (retention {days} days)")
        count = drafts_delete_abandoned()
        self.stdout.write(f"{count} abandoned drafts deleted ({draft_retention_days()} days)")
