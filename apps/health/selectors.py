"""Reads for health pages and the API (the kit's: see apps.places.kit.KindSelectors)."""

from apps.places.kit import KindSelectors

from .models import KIND, HealthInstitution

health_institutions = KindSelectors(HealthInstitution, KIND)
