"""Uploaded photos at sensible sizes (issue 9): a phone photo of 4000 px and 5 MB becomes a
display image of at most ``DISPLAY_MAX_PX`` on its longer side and a small thumbnail for lists,
both re-encoded (JPEG, or PNG when the image has transparency), turned upright from the
camera's EXIF orientation and without the camera's metadata (location included). Pure
functions over file objects, no model or storage: the upload paths' services call them."""

from __future__ import annotations

import io
from pathlib import PurePath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

DISPLAY_MAX_PX = 1600
THUMBNAIL_MAX_PX = 400
JPEG_QUALITY = 82


def _open(upload) -> Image.Image:
    if hasattr(upload, "seek"):
        upload.seek(0)
    image = Image.open(upload)
    image.load()
    return ImageOps.exif_transpose(image)


def _encode(image: Image.Image, stem: str) -> ContentFile:
    out = io.BytesIO()
    if image.mode in ("RGBA", "LA", "P") and ("transparency" in image.info or image.mode != "P"):
        image.save(out, format="PNG", optimize=True)
        suffix = ".png"
    else:
        image.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        suffix = ".jpg"
    return ContentFile(out.getvalue(), name=f"{stem}{suffix}")


def _stem(upload) -> str:
    return PurePath(getattr(upload, "name", "") or "photo").stem[:80] or "photo"


def fit(upload, *, max_px: int = DISPLAY_MAX_PX) -> ContentFile:
    """The image no larger than ``max_px`` on its longer side (never enlarged), re-encoded."""
    image = _open(upload)
    image.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
    return _encode(image, _stem(upload))


def thumbnail(upload, *, max_px: int = THUMBNAIL_MAX_PX) -> ContentFile:
    image = _open(upload)
    image.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
    return _encode(image, f"{_stem(upload)}-thumb")


def display_and_thumbnail(upload) -> tuple[ContentFile, ContentFile]:
    return fit(upload), thumbnail(upload)
