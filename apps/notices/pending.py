"""The notices line of the staff's pending work (``apps.backoffice.pending``): notices that
failed for good in the last seven days."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from apps.core.admin_mixins import changelist_url
from apps.core.contributions import PendingWork

FAILED_NOTICE_DAYS = 7


def _since(context) -> dt.date:
    return context.today - dt.timedelta(days=FAILED_NOTICE_DAYS)


def failed_count(user, context) -> int:
    from .models import Notice, NoticeStatus

    return Notice.objects.filter(status=NoticeStatus.FAILED_PERMANENT, created_at__date__gte=_since(context)).count()


def _url(context) -> str:
    from .models import NoticeStatus

    return changelist_url("notices.notice", status__exact=NoticeStatus.FAILED_PERMANENT,
                          created_at__date__gte=_since(context).isoformat())


PENDING_WORK = [
    PendingWork(key="notices_failed", label=_("Notices that failed in the last 7 days"),
                permission="notices.view_notice", order=40, count=failed_count, url=_url),
]
