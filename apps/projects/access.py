"""Who may post progress on which project.

``projects.post_progress`` (sub-district officials, district administrators) allows posting
on projects concerning one of the user's own sub-districts (``user.sub_districts``);
``projects.post_progress_any`` (district administrators) allows every project, including
district-wide ones that name no sub-district.
"""

from django.db.models import QuerySet

from .models import Project

POST_PROGRESS = "projects.post_progress"
POST_PROGRESS_ANY = "projects.post_progress_any"


def can_post_progress_somewhere(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and (user.has_perm(POST_PROGRESS) or user.has_perm(POST_PROGRESS_ANY))
    )


def projects_postable_by(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Project.objects.all() if queryset is None else queryset
    if not can_post_progress_somewhere(user):
        return queryset.none()
    if user.has_perm(POST_PROGRESS_ANY):
        return queryset
    return queryset.filter(
        sub_districts__in=user.sub_districts.values("pk")
    ).distinct()


def can_post_progress(user, project: Project) -> bool:
    if not can_post_progress_somewhere(user):
        return False
    if user.has_perm(POST_PROGRESS_ANY):
        return True
    return project.sub_districts.filter(pk__in=user.sub_districts.values("pk")).exists()
