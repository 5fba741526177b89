"""The application workflow in one table. Services consult it; nothing else decides
which status may follow which.

    draft -> submitted -> under_review <-> more_documents_requested
          -> appraisal_scheduled -> appraised (valuation) -> approved (voucher issued)
          -> contract_signed -> completed
    any active state -> rejected (reason required) | withdrawn (by the applicant)
"""

from dataclasses import dataclass

from .models import Status

APPLICANT = "applicant"
STAFF = "staff"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    by: frozenset  # who may make it: APPLICANT and/or STAFF
    needs_reason: bool = False  # a public note (the reason) is required
    needs_valuation: bool = False
    needs_appointment: bool = False


_ACTIVE_BEFORE_DECISION = [Status(s) for s in Status.REVIEW_QUEUE]

_TABLE: list[Transition] = [
    Transition(Status.DRAFT, Status.SUBMITTED, frozenset({APPLICANT})),
    Transition(Status.SUBMITTED, Status.UNDER_REVIEW, frozenset({STAFF})),
    Transition(Status.UNDER_REVIEW, Status.MORE_DOCUMENTS_REQUESTED, frozenset({STAFF}), needs_reason=True),
    Transition(Status.MORE_DOCUMENTS_REQUESTED, Status.UNDER_REVIEW, frozenset({APPLICANT, STAFF})),
    Transition(Status.UNDER_REVIEW, Status.APPRAISAL_SCHEDULED, frozenset({STAFF}), needs_appointment=True),
    Transition(Status.APPRAISAL_SCHEDULED, Status.APPRAISED, frozenset({STAFF}), needs_valuation=True),
    Transition(Status.APPRAISED, Status.APPROVED, frozenset({STAFF})),
    Transition(Status.APPROVED, Status.CONTRACT_SIGNED, frozenset({STAFF})),
    Transition(Status.CONTRACT_SIGNED, Status.COMPLETED, frozenset({STAFF})),
    Transition(Status.DRAFT, Status.WITHDRAWN, frozenset({APPLICANT})),
    *[Transition(s, Status.REJECTED, frozenset({STAFF}), needs_reason=True) for s in _ACTIVE_BEFORE_DECISION],
    *[Transition(s, Status.WITHDRAWN, frozenset({APPLICANT, STAFF})) for s in _ACTIVE_BEFORE_DECISION],
]

TRANSITIONS: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in _TABLE}


def transition(source: str, target: str) -> Transition | None:
    return TRANSITIONS.get((source, target))


def targets(source: str, by: str) -> list[str]:
    """Statuses reachable from ``source`` by ``by`` (for building buttons and admin forms)."""
    return [t.target for t in _TABLE if t.source == source and by in t.by]


def can_withdraw(status: str) -> bool:
    return APPLICANT in getattr(transition(status, Status.WITHDRAWN), "by", ())


TIMELINE = [Status(s) for s in Status.TIMELINE]
