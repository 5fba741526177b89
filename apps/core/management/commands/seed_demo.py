"""Load the demo data. Each app adds its part in ``apps/<app>/seed.py`` (a ``run(command)``
function); they run in ``INSTALLED_APPS`` order (lowest layer first). Idempotent."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load (or refresh) the district's demo data; running it twice changes nothing."

    def handle(self, *args, **options):
        self.demo_accounts: list[tuple[str, str, str]] = []
        for config in apps.get_app_configs():
            if not config.name.startswith("apps."):
                continue
            try:
                module = import_module(f"{config.name}.seed")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.seed":
                    raise
                continue
            with transaction.atomic():
                module.run(self)
        if self.demo_accounts:
            self.stdout.write(self.style.SUCCESS("\nDemo accounts (development only):"))
            width = max(len(name) for name, _, _ in self.demo_accounts)
            for username, password, role in self.demo_accounts:
                self.stdout.write(f"  {username:<{width}}  {password}  {role}")
