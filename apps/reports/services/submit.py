"""A resident reports a problem, supports one ("me too") or follows one."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.phone import normalize_mobile, validate_mainland_mobile
from apps.places import crs as crs_module
from apps.places.models import Facility

from .. import working_time
from ..models import Category, Report, ReportEvent, ReportFollow, ReportSupport, Source
from . import notify, routing, tally
from .locate import community_in_text, nearest_community, parse_point, public_point
from .photos import photos_attach, validate_photos

MAX_DESCRIPTION = 4000
MIN_DESCRIPTION = 5
DUPLICATE_RADIUS_M = 50


def month_of(moment: dt.datetime) -> dt.date:
    local = moment.astimezone(working_time.BEIJING)
    return local.date().replace(day=1)


def deadlines(category: Category, start: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    calendar = working_time.calendar_from_settings()
    return (
        calendar.add_working_hours(start, category.acknowledge_hours),
        calendar.add_working_days(start, category.resolve_days),
    )


def _category(value) -> Category:
    if isinstance(value, Category):
        category = value
    else:
        category = Category.objects.filter(code=str(value or "").strip()).first()
    if category is None or not category.active:
        raise ValidationError({"category": [_("Choose one of the listed categories.")]})
    return category


def _contact(name: str, phone: str, email: str) -> tuple[str, str, str]:
    errors = {}
    name = (name or "").strip()
    if len(name) > 50:
        errors["contact_name"] = [_("Keep the name under 50 characters.")]
    phone = normalize_mobile(phone or "") if phone else ""
    if phone:
        try:
            validate_mainland_mobile(phone)
        except ValidationError as exc:
            errors["contact_phone"] = exc.messages
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["contact_email"] = [_("Enter a valid email address.")]
    if errors:
        raise ValidationError(errors)
    return name, phone, email


@transaction.atomic
def report_submit(
    *,
    category,
    description: str,
    lat=None,
    lon=None,
    crs: str = crs_module.WGS84,
    facility_id: int | None = None,
    address_string: str = "",
    location_private: bool = False,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    reporter=None,
    source: str = Source.WEB,
    photos=(),
    share_photo_location: bool = False,
    now: dt.datetime | None = None,
) -> Report:
    """Validate and record a new report; the reporter (when signed in) follows it and gets
    the acknowledgement notice. Raises ``ValidationError`` naming the field."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    try:
        category = _category(category)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        category = None
    description = (description or "").strip()
    if len(description) < MIN_DESCRIPTION:
        errors["description"] = [_("Describe the problem in a few words (at least 5 characters).")]
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = [_("Keep the description under 4000 characters.")]
    address_string = (address_string or "").strip()
    if len(address_string) > 300:
        errors["address_string"] = [_("Keep the address under 300 characters.")]
    try:
        contact = _contact(contact_name, contact_phone, contact_email)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        contact = ("", "", "")
    try:
        photos = validate_photos(photos)
    except ValidationError as exc:
        errors.update(exc.message_dict)

    facility = None
    if facility_id not in (None, ""):
        facility = Facility.objects.published().select_related("community__sub_district").filter(
            pk=_int_or_none(facility_id)).first()
        if facility is None:
            errors["facility"] = [_("This facility does not exist or is not open to the public.")]
        elif category is not None and category.kind and category.kind != facility.kind:
            errors["category"] = [_("This category is not for this kind of place.")]

    community = None
    point = None
    if lat not in (None, "") or lon not in (None, ""):
        try:
            point = parse_point(lat=lat, lon=lon, crs=crs)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    elif facility is not None:
        point = (facility.lat, facility.lon)
    elif address_string:
        community = community_in_text(address_string)
        if community is None:
            errors["lat"] = [_("We could not place this address: give the point on the map (latitude and longitude).")]
        else:
            point = (community.lat, community.lon)
    elif "lat" not in errors:
        errors["lat"] = [_("Give the place: a point on the map, a facility or an address.")]
    if errors:
        raise ValidationError(errors)

    if facility is not None:
        community = facility.community
    elif community is None:
        community = nearest_community(*point)
    if community is None:
        raise ValidationError({"lat": [_("Reports cannot be placed yet: the district has no communities.")]})
    acknowledge_due, resolve_due = deadlines(category, now)
    plat, plon = public_point(point[0], point[1], bool(location_private))
    report = Report.objects.create(
        category=category, kind=category.kind or (facility.kind if facility else ""),
        facility=facility, sub_district_id=community.sub_district_id, community=community,
        lat=point[0], lon=point[1], location_private=bool(location_private), public_lat=plat, public_lon=plon,
        address_string=address_string, description=description, created_at=now, updated_at=now,
        month=month_of(now), acknowledge_due=acknowledge_due, resolve_due=resolve_due,
        reporter=reporter if reporter is not None and reporter.is_authenticated else None, source=source,
        contact_name=contact[0], contact_phone=contact[1], contact_email=contact[2],
    )
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMITTED, to_status=report.status,
                               actor=report.reporter, created_at=now)
    routing.report_route(report=report, now=now)  # its rule, group and the facility's operator
    tally.report_tally(report)  # the month's figures
    if photos:
        photos_attach(report=report, photos=photos, share_location=share_photo_location)
    if report.reporter_id:
        ReportFollow.objects.create(report=report, user_id=report.reporter_id, created_at=now)
        notify.publish_submitted(report=report)
    return report


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def report_support(*, report: Report, user=None, address_hash: str = "") -> bool:
    """Record a "me too". Once per account, or once per address for anonymous callers;
    a supporter who is signed in follows the report. Returns False when already counted."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.is_open:
        raise ValidationError({"report": [_("This report is closed: report the problem again if it is back.")]})
    signed_in = user is not None and user.is_authenticated
    if signed_in and report.reporter_id == user.pk:
        return False
    try:
        with transaction.atomic():
            ReportSupport.objects.create(report=report, user=user if signed_in else None,
                                         address_hash="" if signed_in else address_hash)
    except IntegrityError:
        return False
    Report.objects.filter(pk=report.pk).update(supporters_count=F("supporters_count") + 1)
    if signed_in:
        report_follow(report=report, user=user)
    return True


def _signed_in(user) -> None:
    if user is None or not user.is_authenticated:
        raise ValidationError({"user": [_("Sign in to follow a report.")]})


def report_follow(*, report: Report, user) -> bool:
    """``user`` follows the report: every public change reaches them as a notice
    (``services.notify``). Idempotent; returns False when they already followed it."""
    _signed_in(user)
    _follow, created = ReportFollow.objects.get_or_create(report=report, user=user)
    return created


def report_unfollow(*, report: Report, user) -> bool:
    """``user`` no longer follows the report (the reporter too may stop the notices).
    Idempotent; returns False when they did not follow it."""
    _signed_in(user)
    deleted, _rows = ReportFollow.objects.filter(report=report, user=user).delete()
    return bool(deleted)
