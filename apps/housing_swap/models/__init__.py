"""Housing-swap scheme (以房换房), by sub-domain: rounds and new-home projects (``rounds``),
applications with their members, event trail and notes (``applications``), uploaded
documents (``documents``), purchase vouchers (``vouchers``) and the personal-data audit log
(``audit``). Import from here: ``from apps.housing_swap.models import Application``.

State changes happen only in ``services`` (the workflow table is in ``transitions.py``).
"""

from .applications import (
    MAX_LENGTH,
    Application,
    ApplicationEvent,
    ApplicationQuerySet,
    HouseholdMember,
    InternalNote,
    Status,
)
from .audit import AuditAction, AuditLog
from .documents import ApplicationDocument, DocumentKind, _private_storage, document_upload_to
from .rounds import HANKOU_DISTRICTS, District, NewHomeProject, Ownership, Round, RoundQuerySet, RoundStatus
from .vouchers import Voucher, VoucherQuerySet, VoucherStatus

__all__ = [
    "HANKOU_DISTRICTS",
    "MAX_LENGTH",
    "Application",
    "ApplicationDocument",
    "ApplicationEvent",
    "ApplicationQuerySet",
    "AuditAction",
    "AuditLog",
    "District",
    "DocumentKind",
    "HouseholdMember",
    "InternalNote",
    "NewHomeProject",
    "Ownership",
    "Round",
    "RoundQuerySet",
    "RoundStatus",
    "Status",
    "Voucher",
    "VoucherQuerySet",
    "VoucherStatus",
    "_private_storage",  # named by migration 0001 (the documents' storage)
    "document_upload_to",  # named by migration 0001
]
