"""What this app holds about a resident, for their download and the closing of their
account (apps.privacy, issue 18 item 13): the projects they follow."""

from apps.core.contributions import PersonalDataSource

from .models import Follow


def export(user) -> list[dict]:
    return [
        {"project_id": follow.project_id, "title": follow.project.title, "followed_at": follow.created_at,
         "url": follow.project.get_absolute_url()}
        for follow in Follow.objects.filter(user=user).select_related("project").order_by("created_at", "pk")
    ]


def erase(user) -> str:
    """Closing the account: the follows go (a project's follower count drops)."""
    count, _per_model = Follow.objects.filter(user=user).delete()
    return f"{count} project follow(s) deleted"


SOURCE = PersonalDataSource(key="followed_projects", export=export, erase=erase)
