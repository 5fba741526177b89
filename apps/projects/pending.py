"""The projects line of the staff's pending work (``apps.backoffice.pending``): projects of
the official's sub-districts with a milestone past its planned date and no actual date."""

from django.utils.translation import gettext_lazy as _

from apps.core.admin_mixins import changelist_url
from apps.core.contributions import PendingWork


def overdue_count(user, context) -> int:
    from .models import Project

    projects = Project.objects.filter(milestones__planned_date__lt=context.today,
                                      milestones__actual_date__isnull=True)
    scope = context.scope()
    if scope is not None:
        projects = projects.filter(sub_districts__in=scope)
    return projects.values("pk").distinct().count()


PENDING_WORK = [
    PendingWork(
        key="projects_overdue", label=_("Projects with overdue milestones"),
        permission="projects.view_project", order=20, count=overdue_count,
        url=lambda context: changelist_url("projects.milestone", actual_date__isnull="True",
                                           planned_date__lt=context.today.isoformat()),
    ),
]
