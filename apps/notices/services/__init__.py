"""Every write of the notices app. Domains use :func:`event_publish` only."""

from .delivery import notice_claim, notice_deliver, notices_deliver, notices_retry, notices_sweep
from .digests import digest_send
from .follows import (
    facility_news_publish,
    facility_outages_notify,
    facility_subject,
    follow_add,
    follow_remove,
)
from .preferences import (
    notice_mark_read,
    notices_mark_all_read,
    preference_set,
    preferences_for,
    preferences_update,
    unsubscribe,
)
from .publish import enqueue_due, event_publish, fanout, subject_key
from .retention import notices_delete_expired

__all__ = [
    "digest_send",
    "enqueue_due",
    "event_publish",
    "facility_news_publish",
    "facility_outages_notify",
    "facility_subject",
    "fanout",
    "follow_add",
    "follow_remove",
    "notice_claim",
    "notice_deliver",
    "notice_mark_read",
    "notices_delete_expired",
    "notices_deliver",
    "notices_mark_all_read",
    "notices_retry",
    "notices_sweep",
    "preference_set",
    "preferences_for",
    "preferences_update",
    "subject_key",
    "unsubscribe",
]
