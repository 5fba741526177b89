import factory

from apps.accessibility.models import AccessibilitySite, SiteType
from tests.factories import FacilityFactory


class SiteFactory(FacilityFactory):
    """A published accessibility site (its feature codes follow type and condition on save)."""

    class Meta:
        model = AccessibilitySite

    kind = "accessibility"
    site_type = SiteType.RAMP
    code = factory.Sequence(lambda n: f"acc-{n}")
