from apps.accounts import roles

ROLE_PERMISSIONS = {
    roles.DISTRICT_ADMIN: [f"facts.{action}_reportedfact" for action in ("add", "change", "view", "delete")],
    roles.AUDITOR: ["facts.view_reportedfact"],
}
