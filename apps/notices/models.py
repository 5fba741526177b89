"""The transactional outbox. A domain change calls :func:`apps.notices.services.event_publish`
inside its own transaction; the event row (and its notice rows) commit or roll back with it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """Something happened that people should hear about (one per domain change)."""

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    # The object the event is about, as "app_label.model:pk" (no FK: any domain model).
    subject = models.CharField(_("subject"), max_length=120, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("actor"),
    )
    # Non-personal values the message templates need (titles, numbers, statuses, link).
    context = models.JSONField(_("context"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}"
