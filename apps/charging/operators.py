"""Charging operators as the organisations that answer for their stations (the
``FacilityOperators`` contribution, built by the shared operator rules)."""

from .models import KIND
from .services import OPERATORS


def contribution():
    return OPERATORS.facility_operators(KIND, key_prefix="charging:")
