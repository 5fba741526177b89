from apps.accounts import roles

_MODELS = ["park", "amenity"]

ROLE_PERMISSIONS = {
    roles.DISTRICT_ADMIN: [f"parks.{action}_{model}" for model in _MODELS
                           for action in ("add", "change", "view", "delete")],
    roles.OFFICIAL: [f"parks.{action}_{model}" for model in _MODELS for action in ("change", "view")],
    roles.AUDITOR: [f"parks.view_{model}" for model in _MODELS],
}
