"""Reads for accessibility-site pages and the API (the kit's: see apps.places.kit.KindSelectors)."""

from apps.places.kit import KindSelectors

from .models import KIND, AccessibilitySite

sites = KindSelectors(AccessibilitySite, KIND, select=["serves_facility"])
