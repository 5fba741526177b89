"""Writes shared by every facility kind. Each is atomic, keeps the change history
(django-simple-history on Facility) and tells the registered listeners (coverage) which
facilities changed, inside the transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import images

from . import registry
from .models import Community, Facility, FacilityPhoto, FacilityStatus


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
