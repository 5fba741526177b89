"""Tunables of the notice system, read from Django settings with safe defaults.

=================================  =======  ==================================================
setting                            default  meaning
=================================  =======  ==================================================
NOTICES_MAX_ATTEMPTS               5        attempts before a notice is failed permanently
NOTICES_RETRY_BASE_SECONDS         30       backoff: base * 4 ** (attempt - 1), capped below
NOTICES_RETRY_MAX_SECONDS          1800     cap; stays below the broker visibility timeout
NOTICES_SENDING_LEASE_SECONDS      300      a notice "sending" longer is presumed lost
NOTICES_SWEEP_AFTER_SECONDS        120      the sweeper re-queues a due notice after this
NOTICES_BATCH_SIZE                 100      notice ids per delivery task
NOTICES_FANOUT_CHUNK               1000     recipients per INSERT ... SELECT
NOTICES_UNCERTAIN_DELIVERY         resend   lost lease + channel cannot tell: resend | fail
=================================  =======  ==================================================
"""

from django.conf import settings


def _get(name: str, default):
    return getattr(settings, name, default)


def max_attempts() -> int:
    return int(_get("NOTICES_MAX_ATTEMPTS", 5))


def retry_base_seconds() -> float:
    return float(_get("NOTICES_RETRY_BASE_SECONDS", 30))


def retry_max_seconds() -> float:
    return float(_get("NOTICES_RETRY_MAX_SECONDS", 1800))


def sending_lease_seconds() -> float:
    return float(_get("NOTICES_SENDING_LEASE_SECONDS", 300))


def sweep_after_seconds() -> float:
    return float(_get("NOTICES_SWEEP_AFTER_SECONDS", 120))


def batch_size() -> int:
    return int(_get("NOTICES_BATCH_SIZE", 100))


def fanout_chunk() -> int:
    return int(_get("NOTICES_FANOUT_CHUNK", 1000))


def uncertain_delivery() -> str:
    return str(_get("NOTICES_UNCERTAIN_DELIVERY", "resend"))


def backoff_seconds(attempts: int) -> float:
    """Delay before the next try after ``attempts`` failed tries (1 -> base, 2 -> 4*base...)."""
    return min(retry_base_seconds() * 4 ** max(attempts - 1, 0), retry_max_seconds())
