from apps.accounts import roles

_MODELS = ["canteen", "mealservice", "seniordiscount", "menuitem"]

ROLE_PERMISSIONS = {
    roles.DISTRICT_ADMIN: [f"canteens.{action}_{model}" for model in _MODELS
                           for action in ("add", "change", "view", "delete")],
    roles.OFFICIAL: [f"canteens.{action}_{model}" for model in _MODELS for action in ("change", "view")],
    roles.AUDITOR: [f"canteens.view_{model}" for model in _MODELS],
}
