"""``seed_demo`` part (runs last, after the facilities): compute coverage and store this
month's snapshot. Idempotent: recomputing gives the same rows, the snapshot is per month."""

from .models import coverage_kinds
from .selectors import coverage_rows, summarise
from .services import coverage_refresh_all


def run(command) -> None:
    coverage_refresh_all()
    parts = []
    for kind in coverage_kinds():
        summary = summarise(coverage_rows(kind=kind))
        parts.append(f"{kind} {summary['served']}/{summary['communities']}")
    command.stdout.write("coverage: " + ", ".join(parts) + " communities served")
