from apps.accounts import roles

_MODELS = ["carpark", "parkingoperator", "parkingoperatoraccount"]

ROLE_PERMISSIONS = {
    roles.DISTRICT_ADMIN: [f"parking.{action}_{model}" for model in _MODELS
                           for action in ("add", "change", "view", "delete")] + ["parking.view_freespacesreport"],
    roles.OFFICIAL: [f"parking.{action}_carpark" for action in ("change", "view")] + ["parking.view_freespacesreport"],
    roles.AUDITOR: [f"parking.view_{model}" for model in [*_MODELS, "freespacesreport"]],
}
