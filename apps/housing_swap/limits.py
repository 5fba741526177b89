"""Limits against abuse of drafts and uploads (issue 18 item 9) and of staff access to documents (item 2). Each is a setting with a
sane default; the services refuse with a 400 a resident understands."""

from django.conf import settings

DEFAULTS = {
    # drafts not yet submitted that one account may hold at once (proxies file several)
    "HOUSING_SWAP_MAX_OPEN_DRAFTS": 5,
    # applications one account may start in 24 hours (withdrawn ones count)
    "HOUSING_SWAP_MAX_DRAFTS_PER_DAY": 10,
    # documents on one application, and their total size
    "HOUSING_SWAP_MAX_DOCUMENTS_PER_APPLICATION": 30,
    "HOUSING_SWAP_MAX_DOCUMENT_BYTES_PER_APPLICATION": 100 * 1024 * 1024,
    # issue 18 item 2: different applications whose documents one staff member opens in an
    # hour before further views are refused and the district admin is alerted
    "HOUSING_SWAP_DOCUMENT_APPLICATIONS_PER_HOUR": 30,
    # issue 18 item 3: approving a voucher above this amount (CNY) needs a second approver
    "HOUSING_SWAP_SECOND_APPROVAL_ABOVE_YUAN": 2_000_000,
}


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))
