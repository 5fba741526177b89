"""Projects API (CONTRACT §4): list/detail, follow, progress updates, dashboard figures."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.cache import cached_api_get, facility_namespaces
from apps.core.pagination import PortalPagination, SeekPagination
from apps.core.serializers import WrittenOut

from . import access, selectors, services
from .filters import ProjectFilter
from .models import Category, Project
from .selectors import number


@extend_schema_field(OpenApiTypes.NUMBER)
class QuantityField(serializers.Field):
    """A Decimal shown as a JSON number (an integer when it is whole)."""

    pure_output = True  # reads nothing but its value: written out by plan (apps.core.serializers)

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return number(value)


class SubDistrictOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")

    def to_representation(self, street):  # the two fields above, written out (one per street of each row)
        name = street.display_name
        return {"id": street.pk, "name": None if name is None else str(name)}


class ProjectListOutput(WrittenOut, serializers.ModelSerializer):
    # rows written by the class's plan (apps.core.serializers), not DRF's per-field path: a
    # 20-project page cost ~5 ms in DRF's fields (issue 21)
    title = serializers.CharField(source="display_title")
    title_zh = serializers.CharField(source="title")
    # plain strings (values listed here) so the schema's enum names stay unambiguous
    status = serializers.CharField(help_text="planned | in_progress | completed | delayed | cancelled")
    category = serializers.CharField(help_text=" | ".join(Category.values))
    category_label = serializers.CharField(source="get_category_display")
    status_label = serializers.CharField(source="get_status_display")
    unit = serializers.CharField(source="display_unit")
    target_quantity = QuantityField()
    achieved_quantity = QuantityField()
    progress_percent = QuantityField()
    streets = SubDistrictOutput(source="sub_districts", many=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id", "code", "title", "title_zh", "title_en", "category", "category_label", "year",
            "target_quantity", "achieved_quantity", "unit", "quantity_kind", "progress_percent",
            "status", "status_label", "parent", "streets", "is_illustrative", "is_cumulative", "url",
        ]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class FacilityOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField(source="display_name")
    lat = serializers.FloatField()
    lon = serializers.FloatField()


class MilestoneOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="display_title")
    planned_date = serializers.DateField()
    actual_date = serializers.DateField()
    is_illustrative = serializers.BooleanField()


class UpdateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project_id")
    note = serializers.CharField(source="display_note")
    achieved_quantity = QuantityField()
    progress_percent = QuantityField()
    resulting_percent = QuantityField()
    posted_at = serializers.DateTimeField()
    photos = serializers.SerializerMethodField()
    is_illustrative = serializers.BooleanField()

    def get_photos(self, obj) -> list[dict]:
        return [{"url": p.image.url, "thumbnail_url": (p.thumbnail or p.image).url, "caption": p.caption}
                for p in obj.photos.all()]


class ProjectDetailOutput(ProjectListOutput):
    description = serializers.CharField(source="display_description")
    department = serializers.CharField(source="display_department")
    facilities = FacilityOutput(source="published_facilities", many=True)
    sub_projects = ProjectListOutput(source="children", many=True)
    milestones = serializers.SerializerMethodField()
    updates = serializers.SerializerMethodField()

    class Meta(ProjectListOutput.Meta):
        fields = [
            *ProjectListOutput.Meta.fields, "description", "department", "source_text", "weight",
            "progress_method", "planned_start", "planned_end", "actual_start", "actual_end",
            "facilities", "sub_projects", "milestones", "updates",
        ]

    def get_milestones(self, obj) -> list[dict]:
        from .models import Milestone

        return MilestoneOutput(Milestone.objects.filter(project=obj).published(), many=True).data

    def get_updates(self, obj) -> list[dict]:
        return UpdateOutput(selectors.project_updates(project=obj)[:20], many=True).data


class ProjectListApi(generics.ListAPIView):
    """Livelihood projects, filtered by ``year``, ``category``, ``status`` and ``street``."""

    serializer_class = ProjectListOutput
    filterset_class = ProjectFilter
    pagination_class = SeekPagination
    seek_order = ("-year", "order", "code")

    def get(self, request, *args, **kwargs):
        # the same JSON for every caller: cached per language, query and data version
        return cached_api_get(self, request, "projects:list", ("projects",),
                              lambda: super(ProjectListApi, self).get(request, *args, **kwargs))

    def get_queryset(self):
        return selectors.project_list()


class ProjectDetailApi(APIView):
    @extend_schema(responses=ProjectDetailOutput)
    def get(self, request, pk: int):
        try:
            project = selectors.project_detail(pk=pk)
        except Project.DoesNotExist:
            raise exceptions.NotFound() from None
        return Response(ProjectDetailOutput(project, context={"request": request}).data)


class FollowOutput(serializers.Serializer):
    following = serializers.BooleanField()


class ProjectFollowApi(APIView):
    """Follow (``POST``) or unfollow (``DELETE``) a project; both are idempotent."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={200: FollowOutput, 201: FollowOutput})
    def post(self, request, pk: int):
        project = get_object_or_404(Project, pk=pk)
        _follow, created = services.project_follow(user=request.user, project=project)
        return Response(
            {"following": True}, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int):
        project = get_object_or_404(Project, pk=pk)
        services.project_unfollow(user=request.user, project=project)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UpdateInput(serializers.Serializer):
    achieved_quantity = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, allow_null=True, min_value=0,
        max_value=10**13,
    )
    progress_percent = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, allow_null=True, min_value=0,
        max_value=100,
    )
    note = serializers.CharField(max_length=4000)
    note_en = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    photos = serializers.ListField(child=serializers.ImageField(), required=False, default=list)

    def validate(self, attrs):
        try:
            services.progress_figures_required(achieved_quantity=attrs.get("achieved_quantity"),
                                               progress_percent=attrs.get("progress_percent"))
        except DjangoValidationError as missing:
            raise serializers.ValidationError(missing.message_dict) from None
        return attrs


class ProjectUpdatesApi(APIView):
    """The project's public progress updates (``GET``); staff with the right permission
    post a new one (``POST``) and every follower is told."""

    def get_permissions(self):
        if self.request.method == "POST":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    @extend_schema(responses=UpdateOutput(many=True))
    def get(self, request, pk: int):
        project = get_object_or_404(Project, pk=pk)
        paginator = PortalPagination()
        page = paginator.paginate_queryset(selectors.project_updates(project=project), request, view=self)
        return paginator.get_paginated_response(
            UpdateOutput(page, many=True, context={"request": request}).data
        )

    @extend_schema(request=UpdateInput, responses={201: UpdateOutput})
    def post(self, request, pk: int):
        project = get_object_or_404(Project, pk=pk)
        if not access.can_post_progress(request.user, project):
            raise exceptions.PermissionDenied(
                _("You may not post progress on this project.")
            )
        data = UpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        update = services.progress_update_post(
            project=project, actor=request.user, **data.validated_data
        )
        return Response(
            UpdateOutput(update, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class DashboardApi(APIView):
    """The dashboard's figures as open data (``?year=``; default the latest year)."""

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=False)], responses={200: dict}
    )
    def get(self, request):
        raw = request.query_params.get("year")
        year = None
        if raw not in (None, ""):
            try:
                year = int(raw)
            except ValueError:
                raise exceptions.ValidationError({"year": [_("Enter a whole number.")]}) from None
        # the same for every caller: cached per language, year and data version
        return cached_api_get(
            self, request, "projects:dashboard", ("projects", *facility_namespaces()),
            lambda: Response(selectors.dashboard_figures(year)),
        )
