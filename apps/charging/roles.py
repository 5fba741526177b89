from apps.accounts import roles

_MODELS = ["chargingstation", "chargepoint", "connector", "chargingoperator", "operatoraccount"]

ROLE_PERMISSIONS = {
    roles.DISTRICT_ADMIN: [f"charging.{action}_{model}" for model in _MODELS
                           for action in ("add", "change", "view", "delete")] + ["charging.view_statusreport"],
    roles.OFFICIAL: [f"charging.{action}_{model}" for model in ("chargingstation", "chargepoint", "connector")
                     for action in ("change", "view")] + ["charging.view_statusreport"],
    roles.AUDITOR: [f"charging.view_{model}" for model in [*_MODELS, "statusreport"]],
}
