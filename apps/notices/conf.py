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
NOTICES_VERIFIED_CHANNELS          sms      channels sent only to an address proved by a code
NOTICES_OUTAGE_MINUTES             120      a facility's part out of order this long: followers told
NOTICES_OUTAGE_LOOKBACK_HOURS      168      outages begun longer ago than this (plus the above)
                                            are not told any more (the beat was down for a week)
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


# --- contact verification (issue 18 item 8) and retention (item 13) ---------------------
# NOTICES_VERIFY_CODE_TTL_SECONDS      600   a code is valid this long
# NOTICES_VERIFY_MAX_ATTEMPTS          5     wrong codes before the code is void
# NOTICES_VERIFY_RESEND_SECONDS        60    at least this long between two codes to one account
# NOTICES_VERIFY_WINDOW_SECONDS        3600  the window of the two limits below
# NOTICES_VERIFY_MAX_PER_ADDRESS       5     codes to one email address / number per window
# NOTICES_VERIFY_MAX_PER_ACCOUNT       10    codes to one account per window
# NOTICES_RETENTION_DAYS               365   notices (and their events' texts) kept this long


def verify_code_ttl_seconds() -> int:
    return int(_get("NOTICES_VERIFY_CODE_TTL_SECONDS", 600))


def verify_max_attempts() -> int:
    return int(_get("NOTICES_VERIFY_MAX_ATTEMPTS", 5))


def verify_resend_seconds() -> int:
    return int(_get("NOTICES_VERIFY_RESEND_SECONDS", 60))


def verify_window_seconds() -> int:
    return int(_get("NOTICES_VERIFY_WINDOW_SECONDS", 3600))


def verify_max_per_address() -> int:
    return int(_get("NOTICES_VERIFY_MAX_PER_ADDRESS", 5))


def verify_max_per_account() -> int:
    return int(_get("NOTICES_VERIFY_MAX_PER_ACCOUNT", 10))


def retention_days() -> int:
    return int(_get("NOTICES_RETENTION_DAYS", 365))


def verified_channels() -> frozenset[str]:
    """The channels whose notices go only to an address the resident proved with a one-time
    code (issue 18 item 8). SMS by default. Email is added with
    ``NOTICES_VERIFIED_CHANNELS = ["email", "sms"]``: CONTRACT §4 promises followers email
    "when they have an address", so requiring a proved email address is the deployment's
    choice, not the default."""
    return frozenset(str(c) for c in _get("NOTICES_VERIFIED_CHANNELS", ("sms",)))


def outage_minutes() -> float:
    return float(_get("NOTICES_OUTAGE_MINUTES", 120))


def outage_lookback_hours() -> float:
    return float(_get("NOTICES_OUTAGE_LOOKBACK_HOURS", 168))
