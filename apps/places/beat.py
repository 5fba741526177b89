"""Periodic jobs of the places app (merged into the beat schedule by portal/celery.py)."""

SCHEDULE = {
    # each facility's stored "open now" past its end computed again (apps.places.open_state);
    # until then the lists ask those facilities' hours, so a late run costs time, not truth
    "places-open-states": {"task": "places.refresh_open_states", "schedule": 60.0, "options": {"expires": 55}},
}
