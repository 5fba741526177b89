from apps.accounts import roles

ROLE_PERMISSIONS = {
    roles.DISTRICT_ADMIN: [f"accessibility.{action}_accessibilitysite" for action in ("add", "change", "view", "delete")],
    roles.OFFICIAL: [f"accessibility.{action}_accessibilitysite" for action in ("change", "view")],
    roles.AUDITOR: ["accessibility.view_accessibilitysite"],
}
