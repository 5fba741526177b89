from tests.kinds import kind_fixtures

seeded_places, command, facility_admin, admin_client = kind_fixtures("health")
