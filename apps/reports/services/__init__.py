"""Every write of the reports app."""

from .handling import report_rate, report_transfer, report_transition
from .submit import report_follow, report_submit, report_support, report_unfollow

__all__ = [
    "report_follow",
    "report_rate",
    "report_submit",
    "report_support",
    "report_transfer",
    "report_transition",
    "report_unfollow",
]
