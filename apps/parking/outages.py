"""Car parks whose live free-space count has gone silent, for the notices to the people
following them (issue 20; a :class:`~apps.core.contributions.FacilityOutages` contributed in
``ParkingConfig.ready()``). A car park has no out-of-order report of its own: its operator's
feed stopping is what residents following it miss (its page and lists then say "unknown")."""

from django.utils.translation import gettext_lazy as _

from apps.core.contributions import FacilityOutages

from .models import KIND, CarPark

PART = _("the live count of free spaces (no report since)")


def outages(started_after, started_before):
    """``(car park id, "live", what is out, the last report's time)`` of every published car
    park whose last free-spaces report was made in the window and none since."""
    rows = (CarPark.objects.published()
            .filter(free_spaces_reported_at__gt=started_after, free_spaces_reported_at__lte=started_before)
            .order_by("pk").values_list("pk", "free_spaces_reported_at"))
    for pk, reported_at in rows:
        yield pk, "live", PART, reported_at


CONTRIBUTION = FacilityOutages(kind=KIND, outages=outages)
