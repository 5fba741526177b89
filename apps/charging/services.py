"""Writes for charging: operators report the live status of their own charge points."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.cache import live_data_change

from .models import ChargePoint, ChargePointStatus, ChargingOperator, OperatorAccount, StatusReport

# Clocks differ a little; a report further in the future than this is refused.
CLOCK_SKEW = timedelta(minutes=5)


def operator_for_user(user) -> ChargingOperator | None:
    """The operator a user may act for (an active operator account), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    account = (
        OperatorAccount.objects.select_related("operator")
        .filter(user=user, is_active=True)
        .first()
    )
    return account.operator if account else None


def operator_charge_points(operator: ChargingOperator):
    return ChargePoint.objects.filter(station__operator=operator, station__deleted_at__isnull=True)


def charge_point_status_report(
    *,
    charge_point: ChargePoint,
    status: str,
    reported_at: datetime | None = None,
    reported_by=None,
    operator: ChargingOperator | None = None,
) -> StatusReport:
    """Record a status report for a charge point and, unless an equally new or newer report was
    already applied, make it the live status. Every report is kept (``StatusReport``); the
    charge point's change history records each applied change.

    ``operator``, when given, must run the charge point's station (else ``PermissionDenied``).
    """
    if status not in ChargePointStatus.values:
        raise ValidationError({"status": [
            _("“%(value)s” is not a valid status; use one of: %(choices)s.")
            % {"value": status, "choices": ", ".join(ChargePointStatus.values)}
        ]})
    now = timezone.now()
    if reported_at is None:
        reported_at = now
    elif timezone.is_naive(reported_at):
        raise ValidationError({"reported_at": [_("Give a time zone, e.g. 2024-12-01T08:00:00+08:00.")]})
    if reported_at > now + CLOCK_SKEW:
        raise ValidationError({"reported_at": [_("The report time cannot be in the future.")]})
    # live telemetry: the station's page follows at once, lists within the minute (apps/core/cache.py)
    with transaction.atomic(), live_data_change("charging"):
        locked = ChargePoint.objects.select_for_update().select_related("station").get(pk=charge_point.pk)
        if operator is not None and locked.station.operator_id != operator.pk:
            raise PermissionDenied(_("This charge point belongs to another operator."))
        applied = locked.status_reported_at is None or reported_at >= locked.status_reported_at
        if applied:
            locked.status = status
            locked.status_reported_at = reported_at
            locked.save(update_fields=["status", "status_reported_at"])
        report = StatusReport.objects.create(
            charge_point=locked, status=status, reported_at=reported_at, received_at=now,
            reported_by=reported_by if getattr(reported_by, "pk", None) else None, applied=applied,
        )
    charge_point.status = locked.status
    charge_point.status_reported_at = locked.status_reported_at
    return report
