"""Report photos: judged by content (JPEG or PNG that Pillow can decode), at most
``MAX_PHOTO_BYTES`` and ``MAX_PHOTOS`` per report, re-encoded at display size without the
camera's metadata (apps/core/images.py). When the reporter agrees, the GPS position the
camera recorded is kept on the photo's row, never in the published file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, UnidentifiedImageError

from apps.core import images

from ..models import Report, ReportPhoto

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 5
FORMATS = {"JPEG", "PNG"}


def _is_image(upload) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        return False
    try:
        with Image.open(upload) as image:
            if image.format not in FORMATS:
                return False
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return False
    finally:
        upload.seek(0)
    return True


def validate_photos(photos) -> list:
    photos = [p for p in photos or [] if p]
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": [_("Attach at most %(n)s photos.") % {"n": MAX_PHOTOS}]})
    for photo in photos:
        if photo.size > MAX_PHOTO_BYTES:
            raise ValidationError({"photos": [_("Each photo must be 10 MB or smaller.")]})
        if not _is_image(photo):
            raise ValidationError({"photos": [_("Attach photos as JPEG or PNG images.")]})
    return photos


def _ratio(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        numerator, denominator = value
        return numerator / denominator


def gps_position(upload) -> tuple[float, float] | None:
    """The camera's GPS position (WGS-84) from the EXIF data, or None."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    finally:
        upload.seek(0)
    try:
        lat = sum(_ratio(v) / 60**i for i, v in enumerate(gps[2]))
        lon = sum(_ratio(v) / 60**i for i, v in enumerate(gps[4]))
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    if gps.get(1) == "S":
        lat = -lat
    if gps.get(3) == "W":
        lon = -lon
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 6), round(lon, 6)


def photos_attach(*, report: Report, photos, share_location: bool = False) -> list[ReportPhoto]:
    """Store validated photos (call inside the report's transaction)."""
    saved = []
    for photo in photos:
        position = gps_position(photo) if share_location else None
        display, thumb = images.display_and_thumbnail(photo)
        row = ReportPhoto(report=report, taken_lat=position[0] if position else None,
                          taken_lon=position[1] if position else None)
        row.image.save(display.name, display, save=False)
        row.thumbnail.save(thumb.name, thumb, save=False)
        row.save()
        saved.append(row)
    return saved
