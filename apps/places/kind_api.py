"""The list and detail API views every facility kind shares (``/api/v1/<kind>/`` and
``/api/v1/<kind>/{id}/``); a kind's ``api.py`` names its serializer, filters and selectors.
The pages' counterpart is :mod:`apps.places.pages`."""

from typing import TYPE_CHECKING

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from apps.core.cache import cached_api_get
from apps.core.pagination import SeekPagination

from .pages import LIST_COUNT_CAP, LIST_ORDER

if TYPE_CHECKING:
    from .kit import KindSelectors

# (Comments, not docstrings: drf-spectacular would publish a docstring as the operation's
# description in the API docs.)


class KindListPagination(SeekPagination):
    count_cap = LIST_COUNT_CAP  # see apps.places.pages


class FacilityKindListApi(generics.ListAPIView):
    # Published facilities of one kind, filtered and paginated. The JSON is the same for
    # every caller: cached per language, query and data version of ``places`` and ``app``.
    # Set ``app`` (the kind's app label) and ``selectors`` (the kind's
    # apps.places.kit.KindSelectors: the published base, the page's joins and prefetches and
    # the per-row values computed on the page, e.g. open now).

    pagination_class = KindListPagination
    seek_order = LIST_ORDER  # cursor links seek on the shared facility id
    app = ""
    selectors: "KindSelectors"

    def get(self, request, *args, **kwargs):
        return cached_api_get(self, request, f"{self.app}:list", ("places", self.app),
                              lambda: super(FacilityKindListApi, self).get(request, *args, **kwargs))

    def get_queryset(self):
        return self.selectors.base()

    def seek_load(self, pks):
        # the page's rows, found by the filtered lean query, with what they show
        return self.selectors.page(pks)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return self.selectors.annotate(page) if page is not None else page


class FacilityKindDetailApi(generics.RetrieveAPIView):
    # One published facility of a kind (404 otherwise). Set ``selectors`` (the kind's
    # KindSelectors) and ``queryset`` (``Model.objects.none()``, for the schema).

    selectors: "KindSelectors"

    def get_object(self):
        return self.selectors.detail(pk=self.kwargs["pk"])


def kind_api_urlpatterns(*, prefix: str, name: str, app: str, selectors: "KindSelectors", model, serializer,
                         filterset_class, summary: str, description: str, detail_summary: str,
                         detail_serializer=None) -> list:
    """A kind's ``/api/v1/<prefix>/`` and ``/api/v1/<prefix>/{id}/`` (URL names
    ``api-<name>-list`` and ``api-<name>-detail``), documented with ``summary`` and
    ``description`` (the filters) under the "facilities" tag."""
    attrs = {"__module__": serializer.__module__, "selectors": selectors}
    list_view = extend_schema_view(get=extend_schema(summary=summary, description=description, tags=["facilities"]))(
        type(f"{model.__name__}ListApi", (FacilityKindListApi,),
             {**attrs, "serializer_class": serializer, "filterset_class": filterset_class, "app": app}))
    detail_view = extend_schema_view(get=extend_schema(summary=detail_summary, tags=["facilities"]))(
        type(f"{model.__name__}DetailApi", (FacilityKindDetailApi,),
             {**attrs, "serializer_class": detail_serializer or serializer, "queryset": model.objects.none()}))
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"api-{name}-list"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"api-{name}-detail"),
    ]
