"""The back office of the housing-swap scheme, by sub-domain: rounds and projects, the
review queue and application pages, documents, vouchers and the audit log."""

from . import applications, audit, documents, rounds, vouchers  # noqa: F401  (registers the admins)
