"""Permissions of each role for problem reports (merged by ``sync_roles``)."""

from apps.accounts import roles

_VIEW = [
    "reports.view_category",
    "reports.view_report",
    "reports.view_reportevent",
    "reports.view_reportphoto",
    "reports.view_report_figures",
]
# officials answer, transfer and call back the reporter (each reveal is audited), for the
# reports of their own sub-districts (scoped in services and admin)
_HANDLE = [*_VIEW, "reports.handle_report", "reports.transfer_report", "reports.reveal_contact"]

ROLE_PERMISSIONS = {
    roles.OFFICIAL: _HANDLE,
    roles.DISTRICT_ADMIN: [
        *_HANDLE,
        "reports.change_category",  # deadlines per category
        "reports.change_report",  # hide a report from the public
        "reports.view_reportaudit",
        "reports.view_routingrule",
        "reports.add_routingrule",
        "reports.change_routingrule",
        "reports.delete_routingrule",
    ],
    roles.AUDITOR: [*_VIEW, "reports.view_reportaudit", "reports.view_routingrule"],
}
