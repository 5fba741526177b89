"""apps.core.downloads.as_download: the one helper for the headers of served files."""

from django.http import HttpResponse

from apps.core.downloads import as_download
from tests.downloads import assert_download


def test_as_download_sets_attachment_sandbox_and_nosniff():
    response = as_download(HttpResponse(b"x", content_type="text/csv"), filename="list.csv")
    assert_download(response, filename="list.csv")
    assert "no-store" not in response.get("Cache-Control", "")


def test_private_download_is_never_cached_and_names_are_encoded():
    response = as_download(HttpResponse(b"x"), filename="申请-1.pdf", private=True)
    assert_download(response, private=True)
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E7%94%B3%E8%AF%B7-1.pdf"


def test_django_csp_keeps_the_sandbox_policy(client, db):
    """The middleware's page policy must not replace a download's own: served through the
    full middleware stack (the public projects export)."""
    response = client.get("/projects/export.csv")
    assert_download(response, filename="projects.csv")
