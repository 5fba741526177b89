"""The coverage figures the district reported for 2024 (shared/seeds/facts-2024.md), shown
beside the portal's own figures. The portal's figures come from its own (partly
illustrative) data and standards, so they are a check, not a restatement."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Reported:
    key: str
    kind: str | None  # the portal's facility kind it compares with, if any
    percent: float
    label: object
    quote: str  # as written in the source
    basis: object  # what the percentage counts
    comparable: object  # how the portal's figure relates to it


REPORTED_2024 = [
    Reported(
        key="canteens",
        kind="canteen",
        percent=70,
        label=_("Senior canteens cover over 70% of communities"),
        quote="幸福食堂覆盖7成以上社区",
        basis=_("share of communities"),
        comparable=_("Compare with the portal's share of communities served by a senior canteen."),
    ),
    Reported(
        key="elderly_care",
        kind=None,
        percent=95,
        label=_("Elderly-care facility coverage 95%"),
        quote="养老服务设施覆盖率95%",
        basis=_("elderly-care facilities of every type"),
        comparable=_(
            "The portal lists senior canteens only, not every elderly-care facility, so it has no direct equivalent."
        ),
    ),
    Reported(
        key="parks",
        kind="park",
        percent=90,
        label=_("Park service-radius coverage 90%"),
        quote="公园服务半径覆盖率90%",
        basis=_("park service radius"),
        comparable=_("Compare with the portal's share of communities within the park standard's reach."),
    ),
]


def reported_for(kind: str) -> list[Reported]:
    return [r for r in REPORTED_2024 if r.kind == kind]
