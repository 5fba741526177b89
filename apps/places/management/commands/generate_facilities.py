from django.core.management.base import BaseCommand, CommandError

from apps.places.generation import DEFAULT_SEED, generate_facilities
from apps.places.registry import registered_kinds


class Command(BaseCommand):
    help = (
        "Add N synthetic published facilities (marked illustrative) spread over the district and its "
        "surroundings. Reproducible: the same --seed and --kind give the same positions and attributes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="how many facilities to add")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
        parser.add_argument("--kind", choices=registered_kinds(), help="only this kind (default: a mix)")
        parser.add_argument(
            "--base-only", action="store_true",
            help="only the shared facility rows, without the kinds' own rows (for search benchmarks)",
        )

    def handle(self, *args, count, seed, kind, **options):
        if count < 0:
            raise CommandError("--count must be >= 0")
        verbose = options["verbosity"] > 1
        result = generate_facilities(
            count=count, seed=seed, kind=kind, log=self.stdout.write if verbose else None,
            synthesize=not options["base_only"],
        )
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(result["per_kind"].items())) or "none"
        self.stdout.write(
            f"generate_facilities: added {result['count']} published illustrative facilities ({kinds}) "
            f"with seed {seed} in {result['seconds']:.1f} s (base rows {result['insert_seconds']:.1f} s, "
            f"kind hooks {result['hook_seconds']:.1f} s). Run refresh_coverage after bulk loads."
        )
