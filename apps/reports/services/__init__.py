"""Every write of the reports app."""

from .handling import report_rate, report_transfer, report_transition
from .office import (
    contact_reveal,
    operator_transition,
    report_answer,
    report_transfer_to_operator,
)
from .routing import report_route
from .submit import report_follow, report_submit, report_support, report_unfollow

__all__ = [
    "contact_reveal",
    "operator_transition",
    "report_answer",
    "report_follow",
    "report_rate",
    "report_route",
    "report_submit",
    "report_support",
    "report_transfer",
    "report_transfer_to_operator",
    "report_transition",
    "report_unfollow",
]
