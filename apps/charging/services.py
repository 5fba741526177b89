"""Writes for charging: operators report the live status of their own charge points."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import services as account_services
from apps.accounts.models import ApiTokenKind
from apps.core.cache import live_data_change

from .models import (
    ChargePoint,
    ChargePointStatus,
    ChargingOperator,
    OperatorAccount,
    OperatorToken,
    StatusReport,
)

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


def operator_charge_points(operator: ChargingOperator, *, token=None):
    """The operator's charge points; with an operator ``token`` (``request.auth``) limited to
    the stations the token is scoped to."""
    points = ChargePoint.objects.filter(station__operator=operator, station__deleted_at__isnull=True)
    scope = operator_token_scope(token)
    if scope is not None:
        if scope.operator_id != operator.pk:
            return points.none()
        station_ids = list(scope.stations.values_list("pk", flat=True))
        if station_ids:
            points = points.filter(station_id__in=station_ids)
    return points


def operator_token_scope(token) -> OperatorToken | None:
    """The scope of an operator API token, or None for any other authentication."""
    if getattr(token, "kind", None) != ApiTokenKind.OPERATOR:
        return None
    scope = OperatorToken.objects.filter(token=token).first()
    if scope is None:  # an operator token without a charging scope reaches nothing here
        return OperatorToken(operator_id=-1)
    return scope


def operator_tokens(operator: ChargingOperator):
    """The operator's live machine tokens."""
    return (OperatorToken.objects.filter(operator=operator, token__revoked_at__isnull=True,
                                         token__expires__gt=timezone.now())
            .select_related("token").prefetch_related("stations").order_by("-token__created"))


@transaction.atomic
def operator_token_issue(*, operator: ChargingOperator, user, stations=(), name: str = "",
                         ip: str | None = None) -> tuple[OperatorToken, str]:
    """Issue a machine token for ``operator`` held by ``user`` (one of its active accounts),
    limited to ``stations`` (all of the operator's when empty). Returns the scope row and the
    key, which is shown once."""
    if operator_for_user(user) != operator:
        raise PermissionDenied
    stations = list(stations)
    foreign = [s for s in stations if s.operator_id != operator.pk]
    if foreign:
        raise ValidationError({"stations": [_("Only your own stations can be given to a token.")]})
    token, key = account_services.api_token_issue(user=user, kind=ApiTokenKind.OPERATOR, name=name, ip=ip)
    scope = OperatorToken.objects.create(token=token, operator=operator)
    scope.stations.set(stations)
    return scope, key


@transaction.atomic
def operator_token_rotate(*, scope: OperatorToken, user, ip: str | None = None) -> tuple[OperatorToken, str]:
    """Replace a machine token by a new key with the same scope; the old key is refused at once."""
    scope = OperatorToken.objects.select_for_update().select_related("token").get(pk=scope.pk)
    if scope.token.revoked_at is not None:
        raise ValidationError({"detail": [_("This token was already revoked.")]})
    new_scope, key = operator_token_issue(
        operator=scope.operator, user=user, stations=scope.stations.all(), name=scope.token.name, ip=ip)
    account_services.api_token_revoke(token=scope.token, actor=user, reason="rotated", ip=ip)
    scope.replaced_by = new_scope
    scope.save(update_fields=["replaced_by"])
    return new_scope, key


def operator_token_revoke(*, scope: OperatorToken, user, ip: str | None = None) -> bool:
    return account_services.api_token_revoke(token=scope.token, actor=user, reason="revoked_by_operator", ip=ip)


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
    # live telemetry: the station's page follows at once, lists within the minute (apps/core/cache/versions.py)
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
