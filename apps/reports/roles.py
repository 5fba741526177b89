"""Permissions of each role for problem reports (merged by ``sync_roles``)."""

from apps.accounts import roles

_VIEW = [
    "reports.view_category",
    "reports.view_report",
    "reports.view_reportevent",
    "reports.view_reportphoto",
    "reports.view_report_figures",
]
_HANDLE = [*_VIEW, "reports.handle_report", "reports.transfer_report"]

ROLE_PERMISSIONS = {
    # sub-district officials handle the reports of their sub-districts (scoped in services/admin)
    roles.OFFICIAL: _HANDLE,
    roles.DISTRICT_ADMIN: [
        *_HANDLE,
        "reports.change_category",
        "reports.change_report",
        "reports.reveal_contact",
        "reports.view_reportaudit",
    ],
    roles.AUDITOR: [*_VIEW, "reports.view_reportaudit"],
}
