from decimal import Decimal

import factory

from apps.projects.models import Category, Milestone, ProgressUpdate, Project, Status
from apps.projects.services import project_progress_refresh


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"T-{n:04d}")
    year = 2024
    order = factory.Sequence(lambda n: n)
    category = Category.TRANSPORT
    title = factory.Sequence(lambda n: f"测试项目{n}")
    title_en = factory.Sequence(lambda n: f"Test project {n}")
    target_quantity = Decimal(100)
    achieved_quantity = Decimal(0)
    unit = "个"
    unit_en = "items"
    status = Status.IN_PROGRESS

    @factory.post_generation
    def refresh_progress(obj, create, extracted, **kwargs):
        """Progress derived from target and achieved, as the services keep it."""
        if create:
            project_progress_refresh(project=obj)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"里程碑{n}")
    title_en = factory.Sequence(lambda n: f"Milestone {n}")


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    project = factory.SubFactory(ProjectFactory)
    note = "进展顺利"
    note_en = "Going well"
    achieved_quantity = Decimal(10)
    resulting_percent = Decimal(10)
