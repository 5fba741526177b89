"""The outside organisations that answer for facilities (``FacilityOperators`` contributions,
e.g. charging operators for their stations), read without importing the apps that run them."""

from __future__ import annotations

from apps.core.contributions import FacilityOperators, contributions


def _for_kind(kind: str) -> list[FacilityOperators]:
    return [c for c in contributions(FacilityOperators) if c.kind == kind]


def operator_of(kind: str, facility_id: int | None) -> tuple[str, str] | None:
    """``(key, name)`` of the organisation running this facility, or ``None``."""
    if not facility_id:
        return None
    for declared in _for_kind(kind):
        found = declared.operator_of(facility_id)
        if found:
            return found
    return None


def choices(kind: str | None = None) -> list[tuple[str, str]]:
    """Every operator a report may be transferred to (of ``kind``'s facilities, or of all)."""
    found = []
    for declared in contributions(FacilityOperators):
        if kind is None or declared.kind == kind:
            found.extend(declared.choices())
    return found


def acting_for(user, auth) -> tuple[str, object] | None:
    """``(operator key, facility ids)`` the caller acts for, or ``None``."""
    for declared in contributions(FacilityOperators):
        found = declared.operated_by(user, auth)
        if found:
            return found
    return None


def accounts_of(operator_key: str) -> list[int]:
    """The user ids of the active accounts of the operator ``operator_key`` names."""
    if not operator_key:
        return []
    for declared in contributions(FacilityOperators):
        if declared.accounts is not None:
            found = declared.accounts(operator_key)
            if found:
                return list(found)
    return []
