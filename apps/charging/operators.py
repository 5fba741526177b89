"""Charging operators as the organisations that answer for their stations (the
``FacilityOperators`` contribution): reports about a station reach its operator, whose
accounts and machine tokens reach only the operator's own stations (the token's stations when
it is limited to some)."""

from .models import KIND, ChargingOperator, ChargingStation
from .services import OPERATORS, operator_for_user, operator_token_scope

KEY_PREFIX = "charging:"


def _key(operator_id: int) -> str:
    return f"{KEY_PREFIX}{operator_id}"


def operator_of(facility_id: int) -> tuple[str, str] | None:
    station = (ChargingStation.objects.filter(pk=facility_id).select_related("operator")
               .only("pk", "operator__name", "operator__name_en").first())
    if station is None or station.operator_id is None:
        return None
    return _key(station.operator_id), station.operator.name


def choices() -> list[tuple[str, str]]:
    return [(_key(o.pk), o.display_name) for o in ChargingOperator.objects.order_by("name")]


def operated_by(user, auth) -> tuple[str, object] | None:
    operator = operator_for_user(user)
    if operator is None:
        return None
    stations = ChargingStation.objects.filter(operator=operator, deleted_at__isnull=True)
    scope = operator_token_scope(auth)
    if scope is not None:
        if scope.operator_id != operator.pk:
            return None
        limited = list(scope.stations.values_list("pk", flat=True))
        if limited:
            stations = stations.filter(pk__in=limited)
    return _key(operator.pk), stations.values_list("pk", flat=True)


def accounts(key: str) -> list[int]:
    """The users of the operator's active accounts (``key`` from :func:`operator_of`)."""
    if not key.startswith(KEY_PREFIX) or not key[len(KEY_PREFIX):].isdigit():
        return []
    return OPERATORS.account_user_ids(int(key[len(KEY_PREFIX):]))


def contribution():
    from apps.core.contributions import FacilityOperators

    return FacilityOperators(kind=KIND, operator_of=operator_of, choices=choices, operated_by=operated_by,
                             accounts=accounts)
