"""The append-only log of staff access to personal data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .applications import Application


class AuditAction(models.TextChoices):
    REVEAL = "reveal", _("Revealed personal data")
    DOCUMENT_VIEW = "document_view", _("Opened a document")
    EXPORT = "export", _("Exported applications")
    ANONYMISE = "anonymise", _("Anonymised an application")
    ACCESS_ALERT = "access_alert", _("Bulk access to documents refused (alert)")
    AMOUNT_CHANGE = "amount_change", _("Set or changed an amount")
    FIRST_APPROVAL = "first_approval", _("Gave the first of two approvals")


class AuditLog(models.Model):
    """Append-only record of every access to personal data by staff: who, when, what, why."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("application"),
    )
    target = models.CharField(_("what"), max_length=200)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("the audit log is append-only")
