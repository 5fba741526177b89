"""A disk that fills during an upload (issue 10), on a real full filesystem: a tiny tmpfs
mounted as the upload root (needs root, or CAP_SYS_ADMIN; skipped with the reason where
mounting is not permitted). The upload is refused with a translated 503, no database row is
left, and no file — not even a partial or temporary one — stays on the disk; with room again,
the same upload succeeds."""

import io
import os
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.core.uploads import SafeFileSystemStorage, StorageFull
from apps.housing_swap import services as housing_services
from apps.housing_swap.models import ApplicationDocument, DocumentKind
from apps.projects.models import ProgressPhoto, ProgressUpdate
from tests.factories import UserFactory
from tests.housing_swap.factories import RoundFactory, payload
from tests.otp import staff_login

pytestmark = pytest.mark.django_db

DISK_BYTES = 256 * 1024
ROOM_LEFT = 48 * 1024  # less than any upload below
MESSAGES = {
    "en": "The file could not be stored because the server has no room for it right now.",
    "zh-hans": "服务器暂时没有空间保存该文件",
}


class TinyDisk:
    def __init__(self, path: Path):
        self.path = path
        self.filler = path / "filler.bin"

    def free(self) -> int:
        stat = os.statvfs(self.path)
        return stat.f_bavail * stat.f_frsize

    def fill(self, leave: int = ROOM_LEFT) -> None:
        with self.filler.open("ab") as handle:
            handle.write(b"\0" * max(self.free() - leave, 0))

    def empty(self) -> None:
        self.filler.unlink(missing_ok=True)

    def files(self) -> set[str]:
        """Every file on the disk, hidden temporary files included."""
        return {str(p.relative_to(self.path)) for p in self.path.rglob("*") if p.is_file()}


@pytest.fixture
def tiny_disk(tmp_path):
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    try:
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES},mode=0755", "tmpfs", str(mountpoint)],
            capture_output=True, text=True, timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    if result.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here (needs root): {result.stderr.strip()}")
    try:
        yield TinyDisk(mountpoint)
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False, timeout=30)


def pdf(size: int) -> bytes:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\n"
    return body + b"%" + os.urandom(size // 2).hex().encode()[: size - len(body) - 20] + b"\ntrailer<<>>\n%%EOF\n"


def noisy_png(side: int = 220) -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, format="PNG")
    return out.getvalue()


# -- the storage itself ------------------------------------------------------------------


def test_a_write_that_fills_the_disk_leaves_nothing(tiny_disk):
    storage = SafeFileSystemStorage(location=tiny_disk.path)
    tiny_disk.fill()
    before_files, before_free = tiny_disk.files(), tiny_disk.free()
    with pytest.raises(StorageFull):
        storage.save("a/b/big.pdf", SimpleUploadedFile("big.pdf", pdf(120 * 1024)))
    assert tiny_disk.files() == before_files
    assert tiny_disk.free() == before_free
    tiny_disk.empty()
    name = storage.save("a/b/big.pdf", SimpleUploadedFile("big.pdf", pdf(120 * 1024)))
    assert storage.size(name) == 120 * 1024
    assert oct(os.stat(storage.path(name)).st_mode & 0o777) == "0o644"


def test_an_existing_name_is_never_replaced(tmp_path):
    storage = SafeFileSystemStorage(location=tmp_path)
    first = storage.save("x.txt", SimpleUploadedFile("x.txt", b"first"))
    second = storage.save("x.txt", SimpleUploadedFile("x.txt", b"second"))
    assert first != second
    assert storage.open(first).read() == b"first" and storage.open(second).read() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first, second])  # no temporary left


# -- housing-swap documents --------------------------------------------------------------


@pytest.fixture
def applicant(settings, tiny_disk, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # the field's storage is built once, from PRIVATE_MEDIA_ROOT, when the model is loaded:
    # the same storage class (apps/housing_swap/models.py), on the tiny disk
    from apps.housing_swap.models import _private_storage

    settings.PRIVATE_MEDIA_ROOT = tiny_disk.path
    monkeypatch.setattr(ApplicationDocument._meta.get_field("file"), "storage", _private_storage())
    user = UserFactory(username="uploader")
    round_ = RoundFactory()
    data = payload(round_)
    data.pop("round")
    application = housing_services.application_submit_new(round_=round_, applicant=user, data=data)
    return user, application


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_api_document_upload_on_a_full_disk(api_client, applicant, tiny_disk, language):
    user, application = applicant
    api_client.force_authenticate(user)
    url = f"/api/v1/housing-swap/applications/{application.pk}/documents/"
    tiny_disk.fill()
    before = tiny_disk.files()

    def send():
        upload = SimpleUploadedFile("证件.pdf", pdf(150 * 1024), content_type="application/pdf")
        return api_client.post(url, {"kind": DocumentKind.ID_CARD, "file": upload}, format="multipart",
                               HTTP_ACCEPT_LANGUAGE=language)

    response = send()
    assert response.status_code == 503, response.content
    assert MESSAGES[language] in response.json()["detail"]
    assert response["Retry-After"]
    assert not ApplicationDocument.objects.filter(application=application).exists()
    assert tiny_disk.files() == before

    tiny_disk.empty()
    assert send().status_code == 201
    assert ApplicationDocument.objects.filter(application=application).count() == 1
    assert len(tiny_disk.files()) == 1


def test_page_document_upload_on_a_full_disk(client, applicant, tiny_disk):
    user, application = applicant
    staff_login(client, user)
    tiny_disk.fill()
    upload = SimpleUploadedFile("房产证.pdf", pdf(150 * 1024), content_type="application/pdf")
    response = client.post(f"/housing-swap/applications/{application.pk}/documents/",
                           {"kind": DocumentKind.PROPERTY_CERTIFICATE, "file": upload})
    assert response.status_code == 503
    html = response.content.decode()
    assert MESSAGES["zh-hans"] in html and "Traceback" not in html
    assert not ApplicationDocument.objects.exists()
    assert tiny_disk.files() == {"filler.bin"}


def test_a_failure_after_the_file_is_stored_removes_it(applicant, tiny_disk, monkeypatch):
    """The other order: the file is complete, then the service fails (here: right after the
    row is written) — the row rolls back and the file is deleted."""
    user, application = applicant
    from apps.housing_swap.services import documents

    def boom(*args, **kwargs):
        raise RuntimeError("simulated failure after the row was written")

    monkeypatch.setattr(ApplicationDocument, "save", _then(ApplicationDocument.save, boom))
    upload = SimpleUploadedFile("a.pdf", pdf(4 * 1024), content_type="application/pdf")
    with pytest.raises(RuntimeError):
        documents.document_upload(application=application, kind=DocumentKind.ID_CARD, upload=upload, actor=user)
    assert not ApplicationDocument.objects.exists()
    assert tiny_disk.files() == set()


def _then(original, after):
    def wrapper(self, *args, **kwargs):
        original(self, *args, **kwargs)
        after()

    return wrapper


# -- project progress photos -------------------------------------------------------------


def test_project_photo_upload_on_a_full_disk(api_client, settings, tiny_disk):
    from django.contrib.auth.models import Permission

    from tests.projects.factories import ProjectFactory

    settings.MEDIA_ROOT = tiny_disk.path
    project = ProjectFactory(code="P-DISK", target_quantity=100, achieved_quantity=0)
    official = UserFactory(username="official_disk", is_superuser=True, is_staff=True)
    official.user_permissions.add(*Permission.objects.filter(codename="post_progress"))
    api_client.force_authenticate(official)
    tiny_disk.fill()
    photo = SimpleUploadedFile("site.png", noisy_png(), content_type="image/png")
    assert photo.size > ROOM_LEFT
    response = api_client.post(f"/api/v1/projects/{project.pk}/updates/",
                               {"progress_percent": "10", "note": "现场", "photos": [photo]},
                               format="multipart", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503, response.content
    assert MESSAGES["en"] in response.json()["detail"]
    assert not ProgressUpdate.objects.filter(project=project).exists()
    assert not ProgressPhoto.objects.exists()
    project.refresh_from_db()
    assert project.progress_percent == 0  # the project's figures rolled back with the update
    assert tiny_disk.files() == {"filler.bin"}


def test_allow_overwrite_replaces_in_one_step(tmp_path):
    storage = SafeFileSystemStorage(location=tmp_path, allow_overwrite=True)
    storage.save("x.txt", SimpleUploadedFile("x.txt", b"first"))
    assert storage.save("x.txt", SimpleUploadedFile("x.txt", b"second")) == "x.txt"
    assert storage.open("x.txt").read() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


# -- any request: a file whose transaction rolled back is removed -------------------------


@pytest.mark.urls("tests.security.upload_urls")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("outcome", "left"), [("ok", {"tests/stored.txt"}), ("fail", set()),
                                              ("inner-fail", {"tests/stored.txt"})])
def test_files_of_rolled_back_transactions_are_removed_after_the_request(client, settings, tmp_path, outcome, left):
    settings.MEDIA_ROOT = tmp_path
    response = client.get(f"/test/store/{outcome}/")
    assert response.status_code == 200
    found = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()}
    assert found == left


@pytest.mark.urls("tests.security.upload_urls")
def test_a_file_of_a_transaction_still_open_stays(client, settings, tmp_path):
    """In a test wrapped in a transaction nothing commits during the request: kept."""
    settings.MEDIA_ROOT = tmp_path
    assert client.get("/test/store/ok/").status_code == 200
    assert (tmp_path / "tests" / "stored.txt").exists()
