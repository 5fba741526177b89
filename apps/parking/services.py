"""Writes for parking: operators report the live free spaces of their own car parks (the
shared operator rules of :mod:`apps.accounts.operators`)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts import operators
from apps.core.cache import data_changed, live_data_change

from .models import CarPark, FreeSpacesReport, ParkingOperator, ParkingOperatorAccount, ParkingOperatorToken

OPERATORS = operators.OperatorScheme(
    account_model=ParkingOperatorAccount, token_model=ParkingOperatorToken, facility_model=CarPark,
    facilities_field="car_parks", foreign_message=gettext_lazy("Only your own car parks can be given to a token."),
)


def free_spaces_report(*, car_park: CarPark, free_spaces: int, reported_at: datetime | None = None,
                       reported_by=None, operator: ParkingOperator | None = None) -> FreeSpacesReport:
    """Record a free-spaces count for a car park and, unless an equally new or newer report was
    already applied, make it the live count. Every report is kept (``FreeSpacesReport``). The
    live count is written without a change-history row and bumps only "parking-live": lists
    show it as of the minute, the car park's page at once.

    ``operator``, when given, must run the car park (else ``PermissionDenied``)."""
    now = timezone.now()
    reported_at = operators.report_time(reported_at, now)
    with transaction.atomic(), live_data_change("parking"):
        locked = CarPark.objects.select_for_update().only(
            "pk", "operator_id", "spaces_total", "free_spaces", "free_spaces_reported_at").get(pk=car_park.pk)
        OPERATORS.check_operator(locked, operator, _("This car park belongs to another operator."))
        if free_spaces < 0 or free_spaces > locked.spaces_total:
            raise ValidationError({"free_spaces": [
                _("Give a number from 0 to %(total)s (the car park's spaces).") % {"total": locked.spaces_total}]})
        applied = operators.is_newer(reported_at, locked.free_spaces_reported_at)
        if applied:
            CarPark.objects.filter(pk=locked.pk).update(free_spaces=free_spaces, free_spaces_reported_at=reported_at)
            data_changed("parking")  # inside live_data_change: "parking-live"
            car_park.free_spaces, car_park.free_spaces_reported_at = free_spaces, reported_at
        report = FreeSpacesReport.objects.create(
            car_park_id=locked.pk, free_spaces=free_spaces, reported_at=reported_at, received_at=now,
            reported_by=reported_by if getattr(reported_by, "pk", None) else None, applied=applied,
        )
    return report
