"""Project permissions per role (merged by ``apps.accounts.roles.sync_roles``)."""

from apps.accounts import roles

_EDIT = [
    "projects.view_project",
    "projects.change_project",
    "projects.view_milestone",
    "projects.add_milestone",
    "projects.change_milestone",
    "projects.view_progressupdate",
    "projects.add_progressupdate",
    "projects.view_progressphoto",
    "projects.add_progressphoto",
    "projects.post_progress",
]

ROLE_PERMISSIONS = {
    roles.OFFICIAL: _EDIT,
    roles.DISTRICT_ADMIN: [
        *_EDIT,
        "projects.add_project",
        "projects.delete_project",
        "projects.delete_milestone",
        "projects.change_progressupdate",
        "projects.change_progressphoto",
        "projects.delete_progressphoto",
        "projects.view_follow",
        "projects.post_progress_any",
    ],
    roles.AUDITOR: [
        "projects.view_project",
        "projects.view_milestone",
        "projects.view_progressupdate",
        "projects.view_progressphoto",
    ],
}
