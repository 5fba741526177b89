"""Progress of a running job, shared through the cache (Redis when configured).

The import runs inside one transaction (all or nothing), so progress written to the job row
would stay invisible until the end; the cache is outside the transaction. The job row holds
the totals at the start and the end."""

from django.core.cache import cache

EVERY = 25  # rows between two updates


def _key(job_id: int) -> str:
    return f"backoffice:job:{job_id}:progress"


class Reporter:
    def __init__(self, job_id: int, total: int):
        self.job_id, self.total = job_id, total
        cache.set(_key(job_id), (0, total), 6 * 3600)

    def row_done(self, number: int | None) -> None:
        if number and (number % EVERY == 0 or number == self.total):
            cache.set(_key(self.job_id), (number, self.total), 6 * 3600)


def current(job) -> tuple[int, int]:
    """(rows done, rows in all) of ``job``."""
    if job.finished:
        return job.total, job.total
    cached = cache.get(_key(job.pk))
    if cached:
        return int(cached[0]), int(cached[1] or job.total)
    return job.done, job.total


def clear(job_id: int) -> None:
    cache.delete(_key(job_id))
