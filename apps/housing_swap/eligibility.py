"""The eligibility rules of a round, checked before submission (page and API) and again
on submit. Each failure names the rule and the field it concerns."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import District, Ownership, Round


@dataclass
class OldHome:
    district: str = District.QIAOKOU
    sub_district_id: int | None = None
    area_m2: Decimal | None = None
    building_year: int | None = None
    ownership: str = ""


@dataclass
class Failure:
    rule: str
    field: str
    message: str


@dataclass
class Result:
    failures: list[Failure] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)  # rules staff must still check

    @property
    def eligible(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict:
        return {
            "eligible": self.eligible,
            "failures": [f.__dict__ for f in self.failures],
            "unverified": self.unverified,
        }

    def errors_by_field(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for f in self.failures:
            errors.setdefault(f.field, []).append(f.message)
        return errors


def check(round_: Round, home: OldHome, *, now=None, eligible_sub_district_ids=None) -> Result:
    """Check an old home against ``round_``'s rules. Values left out are listed as
    ``unverified`` (staff check them from the documents) rather than failed."""
    now = now or timezone.now()
    result = Result()
    fail = result.failures.append

    if not round_.is_open(now):
        fail(Failure("round_open", "round", _("Round %(number)s is not open for applications.") % {"number": round_.number}))

    districts = round_.eligible_districts or [District.QIAOKOU]
    if home.district not in districts:
        fail(Failure(
            "district", "old_home_district",
            _("Old homes in %(district)s are not part of round %(number)s (eligible: %(eligible)s).") % {
                "district": dict(District.choices).get(home.district, home.district),
                "number": round_.number,
                "eligible": "、".join(round_.district_labels()) or dict(District.choices)[District.QIAOKOU],
            },
        ))
    elif home.district == District.QIAOKOU:
        if eligible_sub_district_ids is None:
            eligible_sub_district_ids = {s.pk for s in round_.eligible_sub_districts.all()}
        if eligible_sub_district_ids:
            if home.sub_district_id is None:
                result.unverified.append("sub_district")
            elif home.sub_district_id not in eligible_sub_district_ids:
                fail(Failure(
                    "sub_district", "old_home_sub_district",
                    _("This sub-district is not among the eligible areas of round %(number)s.") % {"number": round_.number},
                ))

    if home.area_m2 is None:
        if round_.min_area_m2 is not None or round_.max_area_m2 is not None:
            result.unverified.append("area")
    else:
        if round_.min_area_m2 is not None and home.area_m2 < round_.min_area_m2:
            fail(Failure("area_min", "old_home_area_m2",
                         _("The floor area must be at least %(min)s m² in this round.") % {"min": round_.min_area_m2.normalize()}))
        if round_.max_area_m2 is not None and home.area_m2 > round_.max_area_m2:
            fail(Failure("area_max", "old_home_area_m2",
                         _("The floor area must be at most %(max)s m² in this round.") % {"max": round_.max_area_m2.normalize()}))

    if round_.min_building_age_years:
        if home.building_year is None:
            result.unverified.append("building_age")
        else:
            latest = timezone.localdate(now).year - round_.min_building_age_years
            if home.building_year > latest:
                fail(Failure(
                    "building_age", "old_home_building_year",
                    _("The building must be at least %(years)s years old (completed in %(latest)s or earlier).")
                    % {"years": round_.min_building_age_years, "latest": latest},
                ))

    if round_.allowed_ownership:
        if not home.ownership:
            result.unverified.append("ownership")
        elif home.ownership not in round_.allowed_ownership:
            fail(Failure(
                "ownership", "old_home_ownership",
                _("%(kind)s is not accepted in this round (accepted: %(accepted)s).") % {
                    "kind": dict(Ownership.choices).get(home.ownership, home.ownership),
                    "accepted": "、".join(round_.ownership_labels()),
                },
            ))
    return result


