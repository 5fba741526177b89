"""Photos are resized on upload with a thumbnail for lists (issue 9): apps.core.images and the
two upload paths (facility photos in the back office, progress-update photos)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.core import images
from apps.places.admin import FacilityPhotoForm
from apps.places.models import FacilityPhoto
from apps.projects.admin import ProgressPhotoForm
from apps.projects.models import ProgressPhoto
from apps.projects.services import progress_update_post
from tests.canteens.factories import CanteenFactory
from tests.projects.factories import ProgressUpdateFactory, ProjectFactory


def jpeg(size=(4000, 3000), *, orientation=None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make: metadata that must not survive
    if orientation:
        exif[0x0112] = orientation
    image.save(out, format="JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def png_with_alpha(size=(2000, 1000)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 0, 255, 128)).save(out, format="PNG")
    return out.getvalue()


def opened(data) -> Image.Image:
    if hasattr(data, "open"):
        data.open("rb")
        data = data.read()
    return Image.open(io.BytesIO(data))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_large_photo_is_fitted_and_stripped():
    fitted = images.fit(io.BytesIO(jpeg()))
    image = opened(fitted.read())
    assert image.format == "JPEG" and max(image.size) == images.DISPLAY_MAX_PX
    assert image.size == (1600, 1200)
    assert 0x010F not in image.getexif()
    assert fitted.name.endswith(".jpg")


def test_orientation_is_applied_before_resizing():
    # EXIF 6: the camera was turned; the upright picture is portrait
    image = opened(images.fit(io.BytesIO(jpeg((4000, 3000), orientation=6))).read())
    assert image.size == (1200, 1600)
    assert 0x0112 not in image.getexif()


def test_thumbnail_and_small_images_are_not_enlarged():
    thumb = opened(images.thumbnail(io.BytesIO(jpeg())).read())
    assert max(thumb.size) == images.THUMBNAIL_MAX_PX
    small = opened(images.fit(io.BytesIO(jpeg((300, 200)))).read())
    assert small.size == (300, 200)


def test_transparency_stays_png():
    fitted = images.fit(io.BytesIO(png_with_alpha()))
    image = opened(fitted.read())
    assert image.format == "PNG" and image.mode == "RGBA" and image.size == (1600, 800)
    assert fitted.name.endswith(".png")


@pytest.mark.django_db
def test_facility_photo_uploaded_in_the_back_office_is_resized_with_a_thumbnail(media):
    canteen = CanteenFactory()
    upload = SimpleUploadedFile("IMG_0001.JPG", jpeg(), content_type="image/jpeg")
    form = FacilityPhotoForm(data={"caption": "门口", "order": 0}, files={"image": upload},
                             instance=FacilityPhoto(facility_id=canteen.pk))
    assert form.is_valid(), form.errors
    photo = form.save()
    photo.refresh_from_db()
    assert opened(photo.image).size == (1600, 1200)
    assert max(opened(photo.thumbnail).size) == 400
    assert photo.thumbnail.name.startswith("facilities/thumbs/")
    # a caption-only edit leaves the files alone
    form = FacilityPhotoForm(data={"caption": "正门", "order": 0}, instance=photo)
    assert form.is_valid(), form.errors
    assert form.save().image.name == photo.image.name


@pytest.mark.django_db
def test_progress_photos_posted_with_an_update_are_resized_with_a_thumbnail(media, staff_user):
    project = ProjectFactory(target_quantity=Decimal(10))
    upload = SimpleUploadedFile("site.jpg", jpeg((3000, 4000)), content_type="image/jpeg")
    update = progress_update_post(project=project, actor=staff_user, note="开工", achieved_quantity=1,
                                  photos=[upload])
    photo = update.photos.get()
    assert opened(photo.image).size == (1200, 1600)
    assert max(opened(photo.thumbnail).size) == 400


@pytest.mark.django_db
def test_progress_photo_added_in_the_back_office_is_resized(media):
    update = ProgressUpdateFactory()
    form = ProgressPhotoForm(data={"caption": "现场"},
                             files={"image": SimpleUploadedFile("a.png", png_with_alpha(), content_type="image/png")},
                             instance=ProgressPhoto(update=update))
    assert form.is_valid(), form.errors
    photo = form.save()
    assert opened(photo.image).size == (1600, 800)
    assert photo.thumbnail
