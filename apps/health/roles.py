from apps.accounts.roles import facility_kind_role_permissions

ROLE_PERMISSIONS = facility_kind_role_permissions("health", ["healthinstitution"])
