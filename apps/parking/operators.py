"""Parking operators as the organisations that answer for their car parks (the
``FacilityOperators`` contribution): reports about a car park reach its operator, whose
accounts and machine tokens reach only the operator's own car parks (the token's car parks when
it is limited to some). The same shape as charging's."""

from .models import KIND, CarPark, ParkingOperator
from .services import OPERATORS

KEY_PREFIX = "parking:"


def _key(operator_id: int) -> str:
    return f"{KEY_PREFIX}{operator_id}"


def operator_of(facility_id: int) -> tuple[str, str] | None:
    car_park = (CarPark.objects.filter(pk=facility_id).select_related("operator")
                .only("pk", "operator__name", "operator__name_en").first())
    if car_park is None or car_park.operator_id is None:
        return None
    return _key(car_park.operator_id), car_park.operator.name


def choices() -> list[tuple[str, str]]:
    return [(_key(o.pk), o.display_name) for o in ParkingOperator.objects.order_by("name")]


def operated_by(user, auth) -> tuple[str, object] | None:
    operator = OPERATORS.operator_for_user(user)
    if operator is None:
        return None
    scope = OPERATORS.token_scope(auth)
    if scope is not None and scope.operator_id != operator.pk:
        return None
    return _key(operator.pk), OPERATORS.own_facilities(operator, token=auth).values_list("pk", flat=True)


def accounts(key: str) -> list[int]:
    """The users of the operator's active accounts (``key`` from :func:`operator_of`)."""
    if not key.startswith(KEY_PREFIX) or not key[len(KEY_PREFIX):].isdigit():
        return []
    return OPERATORS.account_user_ids(int(key[len(KEY_PREFIX):]))


def contribution():
    from apps.core.contributions import FacilityOperators

    return FacilityOperators(kind=KIND, operator_of=operator_of, choices=choices, operated_by=operated_by,
                             accounts=accounts)
