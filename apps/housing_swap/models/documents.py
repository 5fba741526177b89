"""Documents an applicant uploads (stored privately under random names)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.uploads import SafeFileSystemStorage


class DocumentKind(models.TextChoices):
    ID_CARD = "id_card", _("Resident ID card (both sides)")
    PROPERTY_CERTIFICATE = "property_certificate", _("Property ownership certificate")
    HOUSEHOLD_REGISTER = "household_register", _("Household register (户口簿)")
    MARRIAGE_CERTIFICATE = "marriage_certificate", _("Marriage certificate or single-status statement")
    PROXY_AUTHORISATION = "proxy_authorisation", _("Power of attorney for a proxy application")
    OTHER = "other", _("Other supporting document")


def _private_storage():
    # a callable, so tests that override PRIVATE_MEDIA_ROOT are honoured and migrations stay stable
    # issue 10: files appear complete or not at all (a full disk leaves no partial file)
    return SafeFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


def document_upload_to(instance, filename) -> str:
    """A random name: nothing of the original filename (it may hold a name or an ID)."""
    suffix = Path(filename).suffix.lower()
    return f"housing_swap/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ApplicationDocument(models.Model):
    application = models.ForeignKey("housing_swap.Application", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_upload_to, storage=_private_storage, max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.uploaded_at:%Y-%m-%d})"

    @property
    def page_url(self) -> str:
        return f"/housing-swap/documents/{self.pk}/"
