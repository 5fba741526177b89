"""Reads for park pages and the API (the kit's: see apps.places.kit.KindSelectors)."""

from apps.places.kit import KindSelectors

from .models import KIND, Park

parks = KindSelectors(Park, KIND, prefetch=["amenities"])
