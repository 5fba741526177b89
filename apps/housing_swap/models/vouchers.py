"""Purchase vouchers (购房券) issued on approval and spent at a partner project."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .applications import Application
from .rounds import NewHomeProject, Round


class VoucherStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    REDEEMED = "redeemed", _("Redeemed")
    VOIDED = "voided", _("Voided")


class VoucherQuerySet(models.QuerySet):
    def valid(self, now=None):
        now = now or timezone.now()
        return self.filter(status=VoucherStatus.ISSUED, expires_at__gt=now)


class Voucher(models.Model):
    """A purchase voucher (购房券) issued on approval, spent at a partner project."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="vouchers")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="vouchers")
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    status = models.CharField(_("status"), max_length=10, choices=VoucherStatus.choices, default=VoucherStatus.ISSUED)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    redeemed_at = models.DateTimeField(_("redeemed at"), null=True, blank=True)
    redeemed_project = models.ForeignKey(
        NewHomeProject, null=True, blank=True, on_delete=models.PROTECT, related_name="redeemed_vouchers",
        verbose_name=_("redeemed at project"),
    )
    redeemed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.TextField(_("reason voided"), blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by",
        verbose_name=_("reissue of"),
    )
    history = HistoricalRecords()

    objects = VoucherQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(status__in=["issued", "redeemed"]),
                name="hs_one_live_voucher_per_application",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="hs_voucher_amount_positive"),
        ]
        permissions = [
            ("redeem_voucher", _("Can redeem vouchers")),
            ("void_voucher", _("Can void and reissue vouchers")),
        ]

    def __str__(self) -> str:
        return self.code

    def is_expired(self, now=None) -> bool:
        return self.status == VoucherStatus.ISSUED and self.expires_at <= (now or timezone.now())
