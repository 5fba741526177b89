"""Issue 18 item 12: ID-card and certificate scans and export files encrypted at rest with
the personal-data key (streamed, rotatable), decrypted only when served to an allowed
viewer; plain files stored before keep working and are encrypted by a command;
PERSONAL_DATA_KEY is required when debug is off (no fall-back to the secret key)."""

import io
import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from apps.core import filecrypt, personal_key
from apps.housing_swap import services
from apps.housing_swap.models import ApplicationDocument
from tests.downloads import assert_download

from .conftest import staff_login
from .factories import png_bytes

URL = "/api/v1/housing-swap/applications/"


def _stored(document) -> bytes:
    with open(document.file.path, "rb") as handle:
        return handle.read()


def _clear(document, viewer) -> bytes:
    with services.document_open(document=document, viewer=viewer, reason="核对身份证件") as handle:
        return handle.read()


@pytest.fixture
def scan():
    return png_bytes((300, 300))  # more than one 64 KiB chunk would be nicer: see the stream test


@pytest.fixture
def uploaded(application, user, scan):
    return services.document_upload(application=application, kind="id_card", actor=user,
                                    upload=SimpleUploadedFile("id.png", scan))


def test_scan_is_encrypted_on_disk_and_clear_for_allowed_viewers(uploaded, scan, user, auth_client, reviewer,
                                                                 client, application):
    raw = _stored(uploaded)
    assert raw.startswith(filecrypt.MAGIC) and scan not in raw and b"PNG" not in raw[:64]
    assert uploaded.size == len(scan)  # the clear size
    download = auth_client.get(f"{URL}{application.pk}/documents/{uploaded.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == scan
    assert_download(download, filename=f"id_card-{uploaded.pk}.png", private=True)
    application.assigned_reviewer = reviewer
    application.save()
    staff_login(client, reviewer)
    page = client.get(f"/housing-swap/documents/{uploaded.pk}/", {"reason": "核对身份证件"})
    assert page.status_code == 200 and b"".join(page.streaming_content) == scan
    assert_download(page, filename=f"id_card-{uploaded.pk}.png", private=True)


@pytest.mark.parametrize("size", [1, filecrypt.CHUNK - 1, filecrypt.CHUNK, filecrypt.CHUNK + 1, 3 * filecrypt.CHUNK + 7])
def test_stream_round_trip(size):
    data = os.urandom(size)
    out = io.BytesIO()
    filecrypt.encrypt_stream(iter([data[:1000], data[1000:]]), out)
    out.seek(0)
    assert filecrypt.open_clear(out).read() == data


def test_tampered_or_truncated_file_is_refused():
    out = io.BytesIO()
    filecrypt.encrypt_stream(iter([os.urandom(3 * filecrypt.CHUNK)]), out)
    sealed = out.getvalue()
    flipped = bytearray(sealed)
    flipped[-5] ^= 1
    for damaged in (bytes(flipped), sealed[: len(sealed) - 20], sealed[: 29 + 4 + filecrypt.CHUNK + 16]):
        with pytest.raises(filecrypt.DecryptionError):
            filecrypt.open_clear(io.BytesIO(damaged)).read()


def test_plain_legacy_files_still_open_and_the_command_encrypts_them(application, user, scan):
    legacy = ApplicationDocument(application=application, kind="id_card", content_type="image/png",
                                 size=len(scan), sha256="x", uploaded_by=user)
    legacy.file.save("old.png", ContentFile(scan), save=False)  # as stored before encryption
    legacy.save()
    assert _stored(legacy) == scan
    assert _clear(legacy, user) == scan
    out = io.StringIO()
    call_command("encrypt_private_files", stdout=out)
    assert "ApplicationDocument.file: 1 encrypted" in out.getvalue()
    legacy.refresh_from_db()
    assert _stored(legacy).startswith(filecrypt.MAGIC) and _clear(legacy, user) == scan
    out = io.StringIO()
    call_command("encrypt_private_files", stdout=out)
    assert "0 encrypted or re-encrypted, 1 already current" in out.getvalue()


def test_key_rotation(uploaded, user, scan, settings):
    old = settings.PERSONAL_DATA_KEY
    settings.PERSONAL_DATA_KEY = f"a-brand-new-personal-data-key,{old}"
    before = _stored(uploaded)
    assert _clear(uploaded, user) == scan  # the old key still decrypts
    call_command("encrypt_private_files", stdout=io.StringIO())
    assert _stored(uploaded) != before
    settings.PERSONAL_DATA_KEY = "a-brand-new-personal-data-key"  # the old key retired
    assert _clear(uploaded, user) == scan
    settings.PERSONAL_DATA_KEY = old  # a key that is not configured cannot decrypt
    with pytest.raises(filecrypt.DecryptionError):
        _clear(uploaded, user)


def test_personal_data_key_required_when_debug_is_off(settings):
    settings.PERSONAL_DATA_KEY = ""
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured, match="PERSONAL_DATA_KEY is required"):
        personal_key.master_keys()
    from apps.housing_swap.personal_data import encrypt

    with pytest.raises(ImproperlyConfigured):
        encrypt("420104196005171234")
    settings.DEBUG = True  # development only: derived from the secret key
    assert personal_key.master_keys() == (settings.SECRET_KEY.encode(),)


@pytest.mark.slow
def test_production_without_the_key_fails_closed_but_check_deploy_passes():
    from tests.security.processes import manage, production_env

    deploy = manage("check", "--deploy", env=production_env())
    assert deploy.returncode == 0, deploy.stderr  # CONTRACT §2: the secret key alone passes the check
    code = "from apps.housing_swap.personal_data import encrypt; encrypt('x')"
    result = manage("shell", "--no-imports", "-c", code, env=production_env())
    assert result.returncode != 0 and "PERSONAL_DATA_KEY is required" in result.stderr
    ok = manage("shell", "--no-imports", "-c", code, env=production_env(PERSONAL_DATA_KEY="k" * 40))
    assert ok.returncode == 0, ok.stderr
