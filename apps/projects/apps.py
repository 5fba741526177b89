from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "apps.projects"
    label = "projects"
    verbose_name = _("Livelihood projects")

    def ready(self) -> None:
        from apps.core.contributions import CacheNamespace, NavigationEntry, contribute

        from .my_data import SOURCE as MY_DATA
        from .pending import PENDING_WORK

        contribute(
            self,
            NavigationEntry("/", _("Dashboard"), order=10),  # the district dashboard is this app's
            NavigationEntry("/projects/", _("Projects"), order=60),
            CacheNamespace("projects", models=(
                "projects.project", "projects.milestone", "projects.progressupdate", "projects.progressphoto",
                "projects.follow")),  # follows: the project page shows how many people follow it
            *PENDING_WORK,  # projects with overdue milestones
            MY_DATA,  # the projects a resident follows, in their download (apps.privacy)
        )
