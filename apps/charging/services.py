"""Writes for charging: operators report the live status of their own charge points."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts import operators
from apps.core.cache import live_data_change

from .models import (
    ChargePoint,
    ChargePointStatus,
    ChargingOperator,
    ChargingStation,
    OperatorAccount,
    OperatorToken,
    StatusReport,
)

OPERATORS = operators.OperatorScheme(
    account_model=OperatorAccount, token_model=OperatorToken, facility_model=ChargingStation,
    facilities_field="stations", foreign_message=gettext_lazy("Only your own stations can be given to a token."),
)
CLOCK_SKEW = operators.CLOCK_SKEW


def operator_for_user(user) -> ChargingOperator | None:
    """The operator a user may act for (an active operator account), or None."""
    return OPERATORS.operator_for_user(user)


def operator_charge_points(operator: ChargingOperator, *, token=None):
    """The operator's charge points; with an operator ``token`` (``request.auth``) limited to
    the stations the token is scoped to."""
    points = ChargePoint.objects.filter(station__operator=operator, station__deleted_at__isnull=True)
    return OPERATORS.limit(points, operator, token, "station_id")


def operator_token_scope(token) -> OperatorToken | None:
    """The scope of an operator API token, or None for any other authentication."""
    return OPERATORS.token_scope(token)


def operator_tokens(operator: ChargingOperator):
    return OPERATORS.tokens(operator)


def operator_token_issue(*, operator: ChargingOperator, user, stations=(), name: str = "",
                         ip: str | None = None) -> tuple[OperatorToken, str]:
    return OPERATORS.issue(operator=operator, user=user, facilities=stations, name=name, ip=ip)


def operator_token_rotate(*, scope: OperatorToken, user, ip: str | None = None) -> tuple[OperatorToken, str]:
    return OPERATORS.rotate(scope=scope, user=user, ip=ip)


def operator_token_revoke(*, scope: OperatorToken, user, ip: str | None = None) -> bool:
    return OPERATORS.revoke(scope=scope, user=user, ip=ip)


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
    reported_at = operators.report_time(reported_at, now)
    # live telemetry: the station's page follows at once, lists within the minute (apps/core/cache/versions.py)
    with transaction.atomic(), live_data_change("charging"):
        locked = ChargePoint.objects.select_for_update().select_related("station").get(pk=charge_point.pk)
        OPERATORS.check_operator(locked.station, operator, _("This charge point belongs to another operator."))
        applied = operators.is_newer(reported_at, locked.status_reported_at)
        if applied:
            if status != locked.status or locked.status_since is None:
                locked.status_since = reported_at
            locked.status = status
            locked.status_reported_at = reported_at
            locked.save(update_fields=["status", "status_reported_at", "status_since"])
        report = StatusReport.objects.create(
            charge_point=locked, status=status, reported_at=reported_at, received_at=now,
            reported_by=reported_by if getattr(reported_by, "pk", None) else None, applied=applied,
        )
    charge_point.status = locked.status
    charge_point.status_reported_at = locked.status_reported_at
    charge_point.status_since = locked.status_since
    return report
