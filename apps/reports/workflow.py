"""The status workflow of a report: one small transition table."""

from .models import Status

TRANSITIONS: dict[str, set[str]] = {
    Status.SUBMITTED: {Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED, Status.TRANSFERRED, Status.CLOSED},
    Status.ACKNOWLEDGED: {Status.IN_PROGRESS, Status.RESOLVED, Status.TRANSFERRED, Status.CLOSED},
    Status.IN_PROGRESS: {Status.RESOLVED, Status.TRANSFERRED, Status.CLOSED},
    # a resolved report goes back to "in progress" only through a dissatisfied rating (once)
    Status.RESOLVED: {Status.CLOSED},
    Status.TRANSFERRED: set(),
    Status.CLOSED: set(),
}

# Statuses an official must explain to the public (the answer text is required).
ANSWER_REQUIRED = {Status.RESOLVED, Status.TRANSFERRED, Status.CLOSED}


def allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, set())


def next_statuses(status: str) -> list[str]:
    return [s for s in Status.values if s in TRANSITIONS.get(status, set())]
