"""The charging line of the staff's pending work (``apps.backoffice.pending``): charge points
reported out of order or unknown for longer than a status stays meaningful
(``CHARGING_STATUS_MAX_AGE_MINUTES``), in the official's sub-districts."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.admin_mixins import changelist_url
from apps.core.contributions import PendingWork


def _since(context):
    from .models import status_max_age

    return (context.now - status_max_age()).replace(microsecond=0)


def _bad_statuses():
    from .models import ChargePointStatus

    return [ChargePointStatus.OUT_OF_ORDER, ChargePointStatus.UNKNOWN]


def error_count(user, context) -> int:
    from .models import ChargePoint

    points = ChargePoint.objects.filter(status__in=_bad_statuses(), status_reported_at__lt=_since(context),
                                        station__deleted_at__isnull=True)
    scope = context.scope()
    if scope is not None:
        points = points.filter(station__community__sub_district__in=scope)
    return points.count()


PENDING_WORK = [
    PendingWork(
        key="charge_points_error", label=_("Charge points out of order or unknown for too long"),
        permission="charging.view_chargepoint", order=30, count=error_count,
        url=lambda context: changelist_url(
            "charging.chargepoint", status__in=",".join(_bad_statuses()),
            status_reported_at__lt=timezone.localtime(_since(context)).isoformat()),
    ),
]
