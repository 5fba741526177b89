"""Every write of the housing-swap scheme. Split by subdomain; import from here."""

from .applications import (  # noqa: F401
    CONSENT_TEXT,
    CONSENT_VERSION,
    application_create_draft,
    application_save_draft,
    application_submit,
    application_submit_new,
    clean_application_data,
    eligibility_check,
)
from .documents import document_open, document_upload  # noqa: F401
from .duties import conflict, conflict_check, conflict_message, second_approval_reasons  # noqa: F401
from .privacy import (  # noqa: F401
    applications_anonymise_expired,
    applications_export_csv,
    audit_write,
    drafts_delete_abandoned,
    personal_data_reveal,
)
from .review import (  # noqa: F401
    application_assign,
    application_transition,
    application_withdraw,
    awaiting_second_approval,
    internal_note_add,
)
from .vouchers import voucher_issue, voucher_redeem, voucher_reissue, voucher_void  # noqa: F401
