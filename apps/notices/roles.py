"""Notice permissions per role (merged by ``apps.accounts.roles.sync_roles``).

District administrators watch deliveries and retry failed ones (the change permission only
drives the retry action: every field of a notice is read-only in the admin); auditors read."""

from apps.accounts import roles

_VIEW = ["notices.view_event", "notices.view_notice"]

ROLE_PERMISSIONS = {
    roles.DISTRICT_ADMIN: [*_VIEW, "notices.change_notice"],
    roles.AUDITOR: list(_VIEW),
}
