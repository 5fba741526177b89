from apps.accounts import roles

_VIEW = [
    "coverage.view_servicestandard",
    "coverage.view_coverageresult",
    "coverage.view_coveragesnapshot",
]

ROLE_PERMISSIONS = {
    roles.DISTRICT_ADMIN: [
        *_VIEW,
        "coverage.add_servicestandard",
        "coverage.change_servicestandard",
        "coverage.delete_servicestandard",
    ],
    roles.OFFICIAL: list(_VIEW),
    roles.AUDITOR: list(_VIEW),
}
