"""Writes shared by every facility kind. Each is atomic, keeps the change history
(django-simple-history on Facility) and tells the registered listeners (coverage) which
facilities changed, inside the transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import images

from . import news, registry
from .models import Community, Facility, FacilityPhoto, FacilityStatus, OpeningException, OpeningHours


def _locked(facility: Facility) -> Facility:
    return Facility.objects.select_for_update().get(pk=facility.pk)


def _alive(facility: Facility) -> None:
    if facility.deleted_at is not None:
        raise ValidationError({"status": [_("This facility has been deleted.")]})


def _set_status(facility: Facility, status: str) -> Facility:
    with transaction.atomic():
        locked = _locked(facility)
        _alive(locked)
        if locked.status != status:
            locked.status = status
            locked.save(update_fields=["status", "updated_at"])
            registry.facilities_changed([locked.pk])
            if status == FacilityStatus.TEMPORARILY_CLOSED:  # its followers hear (apps.places.news)
                news.facility_news(news.FacilityNews(
                    facility_id=locked.pk, what=news.CLOSED,
                    key=f"facility:{locked.pk}:closed:{locked.updated_at.timestamp():.6f}"))
    facility.status = locked.status
    return locked


def facility_publish(*, facility: Facility) -> Facility:
    """Show the facility to residents (lists, nearby search, coverage)."""
    return _set_status(facility, FacilityStatus.PUBLISHED)


def facility_close(*, facility: Facility) -> Facility:
    """Closed for good; the row and its history stay."""
    return _set_status(facility, FacilityStatus.CLOSED)


def facility_temporarily_close(*, facility: Facility) -> Facility:
    return _set_status(facility, FacilityStatus.TEMPORARILY_CLOSED)


def validate_point(lat, lon) -> tuple[float, float]:
    errors = {}
    try:
        lat = float(lat)
        if not -90 <= lat <= 90:
            raise ValueError
    except (TypeError, ValueError, OverflowError):  # OverflowError: an integer beyond 1e308
        errors["lat"] = [_("Latitude must be a number between -90 and 90.")]
    try:
        lon = float(lon)
        if not -180 <= lon <= 180:
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        errors["lon"] = [_("Longitude must be a number between -180 and 180.")]
    if errors:
        raise ValidationError(errors)
    return lat, lon


def facility_move(
    *, facility: Facility, lat: float, lon: float, community: Community | None = None
) -> Facility:
    """New WGS-84 position (and, when given, community). The PostGIS geography column
    follows by itself (a generated column)."""
    lat, lon = validate_point(lat, lon)
    with transaction.atomic():
        locked = _locked(facility)
        _alive(locked)
        locked.lat, locked.lon = lat, lon
        fields = ["lat", "lon", "updated_at"]
        if community is not None:
            locked.community = community
            fields.append("community")
        locked.save(update_fields=fields)
        facility_moved(facility=locked)
    facility.lat, facility.lon = locked.lat, locked.lon
    if community is not None:
        facility.community = community
    return locked


def facility_moved(*, facility: Facility) -> None:
    """A facility's point or community has been saved anew (by :func:`facility_move`, or
    by the admin's change form in its one save, with its history row): nearby search and
    coverage follow. The point was checked with :func:`validate_point` before the save."""
    registry.facilities_changed([facility.pk])


def facility_hours_saved(*, facility: Facility, before: str) -> bool:
    """The facility's weekly hours were saved anew (the admin's inline; ``before``: the hours
    as :func:`apps.places.news.hours_text` wrote them before the save). When they changed, its
    followers hear, inside the save's transaction. Returns whether they changed."""
    after = news.hours_text(OpeningHours.objects.filter(facility_id=facility.pk))
    if after == before:
        return False
    news.facility_news(news.FacilityNews(
        facility_id=facility.pk, what=news.HOURS, details={"hours": after},
        key=f"facility:{facility.pk}:hours:{timezone.now().timestamp():.6f}"))
    return True


def facility_exceptions_saved(*, facility: Facility, exceptions) -> int:
    """Opening exceptions of the facility were added or changed (the admin's inline): each one
    for today or a coming day tells the followers that the facility is closed that day, or
    open other hours. One piece of news per day and hours (a note corrected later tells no one
    again). Returns how many were told."""
    today = timezone.localdate()
    told = 0
    for exception in exceptions:
        if not isinstance(exception, OpeningException) or exception.date < today:
            continue
        if exception.closed or not exception.opens or not exception.closes:
            what, hours, key = news.CLOSED, "", f"facility:{facility.pk}:closed-on:{exception.date}"
        else:
            hours = f"{exception.opens:%H:%M}–{exception.closes:%H:%M}"
            what, key = news.HOURS, f"facility:{facility.pk}:hours-on:{exception.date}:{hours}"
        news.facility_news(news.FacilityNews(facility_id=facility.pk, what=what, on=exception.date, key=key,
                                             details={"hours": hours, "note": exception.note}))
        told += 1
    return told


def facility_soft_delete(*, facility: Facility) -> Facility:
    """Hidden everywhere, kept in the database with its history."""
    with transaction.atomic():
        locked = _locked(facility)
        if locked.deleted_at is None:
            locked.deleted_at = timezone.now()
            locked.save(update_fields=["deleted_at", "updated_at"])
            registry.facilities_changed([locked.pk])
    facility.deleted_at = locked.deleted_at
    return locked


def facility_photo_prepare(*, photo: FacilityPhoto) -> FacilityPhoto:
    """A newly uploaded photo, before it is saved: the image at most 1600 px on its longer
    side, re-encoded without the camera's metadata, and a thumbnail for lists (issue 9)."""
    photo.image, photo.thumbnail = images.display_and_thumbnail(photo.image)
    return photo
